// Records as the recorder makes them from wire flows (real pairing, real judging),
// for the quick-fix tests.
import type { CapturedExchange } from '../../../src/core/exchange/capture';
import { Recorder } from '../../../src/core/exchange/recorder';
import type { ExchangeRecord } from '../../../src/core/exchange/types';
import type { CorsFlow } from '../../../src/core/cors/types';
import type { WireExchange } from '../../../src/core/http/types';

function captureOf(ex: WireExchange, seq: number, at: number): CapturedExchange {
  const empty = { size: 0, preview: Buffer.alloc(0), truncated: false };
  return {
    seq, startedAt: at, waitMs: 1, durationMs: 2,
    request: ex.request, requestBody: empty,
    response: ex.response, responseBody: ex.response ? empty : null,
    error: ex.response ? null : ex.error ?? { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
    via: 'reverse',
  };
}

/** Each flow's exchanges in order, flows 5 s apart (beyond the pairing window). */
export function recordsOf(flows: CorsFlow[]): ExchangeRecord[] {
  const recorder = new Recorder({ pairingWindowMs: 2000 });
  let at = 1_700_000_000_000;
  let seq = 0;
  for (const flow of flows) {
    const list = [flow.preflight, ...flow.requests].filter((x): x is WireExchange => x !== null);
    for (const ex of list) {
      recorder.add(captureOf(ex, ++seq, at));
      at += 10;
    }
    at += 5000;
  }
  recorder.tick(Number.MAX_SAFE_INTEGER);
  return recorder.list();
}
