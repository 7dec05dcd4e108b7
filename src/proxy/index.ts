// The one entry point the CLI and the extension use: a proxy whose captures flow
// into a Recorder.
//
// Files (JSON Lines, HAR) are the CLI's business: src/cli/record-files.ts.
//
// At close(), exchanges still in flight reach the recorder before the proxy cuts
// them off: incomplete, with what was seen so far and STOPPED_ERROR.
import { Recorder, type RecorderOptions } from '../core/exchange/recorder';
import type { CapturedExchange } from '../core/exchange/capture';
import { startProxy, type ProxyOptions } from './server';

export { STOPPED_ERROR, type ProxyOptions } from './server';
export type { RecorderOptions } from '../core/exchange/recorder';
export { Recorder } from '../core/exchange/recorder';

export interface InspectorOptions extends ProxyOptions, RecorderOptions {
  /** Called when recording an exchange fails; the proxy keeps running. */
  onError?: (error: Error) => void;
}

export interface Inspector {
  url: string;
  port: number;
  recorder: Recorder;
  /** Stops the proxy; exchanges in flight are recorded as incomplete, waiting flows concluded. */
  close(): Promise<void>;
}

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  const report = (err: unknown) => options.onError?.(err instanceof Error ? err : new Error(String(err)));
  const recorder = new Recorder(options);

  const sink = (capture: CapturedExchange) => {
    try {
      recorder.add(capture);
    } catch (err) {
      // A recording bug must not break the traffic the proxy carries.
      report(err);
    }
  };

  const proxy = await startProxy(options, sink);

  // Conclude preflights and redirects whose follower did not come in time.
  const windowMs = options.pairingWindowMs ?? 2000;
  const timer = setInterval(() => {
    try {
      recorder.tick(Date.now());
    } catch (err) {
      report(err);
    }
  }, Math.max(50, Math.min(500, windowMs / 4)));
  timer.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      clearInterval(timer);
      await proxy.close();
      // Everything still waiting is final now: no more traffic will come.
      recorder.tick(Number.MAX_SAFE_INTEGER);
    })());

  return { url: proxy.url, port: proxy.port, recorder, close };
}
