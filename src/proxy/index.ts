// The one entry point the CLI and the extension use: a proxy whose captures flow
// into a Recorder, with optional JSON Lines and HAR files.
//
// Files:
// - JSON Lines: a line is appended when a record's judgement is final (its flow
//   can no longer change: a preflight once its request came or its window ran
//   out). If a late follower changes a judgement already written, the record is
//   written again with the same id; readers keep the last line of an id.
//   Writes go through one buffered stream, never synchronously per exchange.
// - HAR: written once, on close(), from the records still in memory (the last
//   `maxExchanges`).
import { createWriteStream, type WriteStream } from 'node:fs';
import { access, stat, writeFile } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Recorder, type RecorderOptions } from '../core/exchange/recorder';
import { toHar } from '../core/exchange/har';
import { toJsonLine } from '../core/exchange/jsonl';
import type { ExchangeRecord } from '../core/exchange/types';
import type { CapturedExchange } from '../core/exchange/capture';
import { startProxy, type ProxyOptions } from './server';

export type { ProxyOptions } from './server';
export type { RecorderOptions } from '../core/exchange/recorder';
export { Recorder } from '../core/exchange/recorder';

export interface InspectorOptions extends ProxyOptions, RecorderOptions {
  jsonlFile?: string;
  harFile?: string;
  /** HAR export masks credentials unless this is false. Default true. */
  maskSensitive?: boolean;
  /** Called when recording an exchange or writing a file fails; the proxy keeps running. */
  onError?: (error: Error) => void;
}

export interface Inspector {
  url: string;
  port: number;
  recorder: Recorder;
  /** Stops the proxy, concludes waiting flows, flushes the JSONL file and writes the HAR. */
  close(): Promise<void>;
}

function openJsonl(path: string): Promise<WriteStream> {
  return new Promise((resolve, reject) => {
    const stream = createWriteStream(path, { flags: 'w' });
    stream.once('open', () => {
      stream.off('error', reject);
      resolve(stream);
    });
    stream.once('error', reject);
  });
}

/** Fails now, not at exit, when the HAR could not be written. */
async function checkWritable(file: string): Promise<void> {
  const dir = dirname(resolve(file));
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    await access(dir, fsConstants.W_OK);
  } catch {
    throw new Error(`cannot write ${file}: ${dir} is not a writable directory`);
  }
}

export async function startInspector(options: InspectorOptions): Promise<Inspector> {
  if (options.harFile) await checkWritable(options.harFile);
  const report = (err: unknown) => options.onError?.(err instanceof Error ? err : new Error(String(err)));
  const recorder = new Recorder(options);

  const jsonl = options.jsonlFile ? await openJsonl(options.jsonlFile) : null;
  if (jsonl) {
    jsonl.on('error', report);
    // What was last written per record, so an 'updated' that changes nothing writes nothing.
    const written = new WeakMap<ExchangeRecord, string>();
    const write = (record: ExchangeRecord) => {
      if (record.pending) return;
      const key = `${record.pairId}|${record.cors.verdict}|${record.cors.corsError}|${record.cors.failedParameter}`;
      if (written.get(record) === key) return;
      written.set(record, key);
      jsonl.write(toJsonLine(record) + '\n');
    };
    recorder.onRecord((record) => {
      // A preflight is concluded by its request: write it first so the file reads in wire order.
      const pair = record.type === 'request' ? recorder.pairOf(record) : undefined;
      if (pair?.type === 'preflight') write(pair);
      write(record);
    });
  }

  const sink = (capture: CapturedExchange) => {
    try {
      recorder.add(capture);
    } catch (err) {
      // A recording bug must not break the traffic the proxy carries.
      report(err);
    }
  };

  let proxy;
  try {
    proxy = await startProxy(options, sink);
  } catch (err) {
    jsonl?.destroy();
    throw err;
  }

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
      if (jsonl) await new Promise<void>((resolve) => jsonl.end(resolve));
      if (options.harFile) {
        const har = toHar(recorder.list(), { maskSensitive: options.maskSensitive });
        await writeFile(options.harFile, JSON.stringify(har, null, 2) + '\n');
      }
    })());

  return { url: proxy.url, port: proxy.port, recorder, close };
}
