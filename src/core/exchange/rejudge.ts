// Judges and pairs stored records again from their wire data alone, as if they
// had just crossed the proxy: used for files (HAR, JSON Lines) the engine may
// not have judged, or judged with an older version.
import { captureFromRecord, headerValue } from './records';
import { Recorder } from './recorder';
import type { ExchangeRecord } from './types';

interface Timed {
  record: ExchangeRecord;
  index: number;
  start: number;
  end: number;
  /** When the recorder should see it start (may be later than `start`, see below). */
  at: number;
}

function preflightKey(r: ExchangeRecord): string | null {
  const h = r.request.headers;
  const origin = headerValue(h, 'origin');
  if (origin === null) return null;
  if (r.request.method.toUpperCase() === 'OPTIONS' && headerValue(h, 'access-control-request-method') !== null) {
    return `${origin} ${headerValue(h, 'access-control-request-method')} ${r.request.url}`;
  }
  return `${origin} ${r.request.method} ${r.request.url}`;
}

export function rejudge(records: ExchangeRecord[], pairingWindowMs = 2000): ExchangeRecord[] {
  const timed: Timed[] = records.map((record, index) => {
    const start = Date.parse(record.startedAt) || 0;
    return { record, index, start, end: start + Math.max(0, record.durationMs), at: start };
  });

  // DevTools stamps the actual request with the time fetch() was called, which is
  // before its own preflight started. Line each actual request up behind the
  // closest matching preflight so the recorder sees them in wire order.
  const preflights = new Map<string, Timed[]>();
  for (const t of timed) {
    const r = t.record.request;
    if (r.method.toUpperCase() !== 'OPTIONS' || headerValue(r.headers, 'access-control-request-method') === null) continue;
    const key = preflightKey(t.record);
    if (!key) continue;
    const list = preflights.get(key) ?? [];
    list.push(t);
    preflights.set(key, list);
  }
  for (const t of timed) {
    if (t.record.request.method.toUpperCase() === 'OPTIONS' && headerValue(t.record.request.headers, 'access-control-request-method') !== null) continue;
    const key = preflightKey(t.record);
    const list = key ? preflights.get(key) : undefined;
    if (!list || list.length === 0) continue;
    let best = -1;
    for (let i = 0; i < list.length; i++) {
      const gap = Math.abs(list[i].start - t.start);
      if (gap <= pairingWindowMs && (best < 0 || gap < Math.abs(list[best].start - t.start))) best = i;
    }
    if (best < 0) continue;
    const [preflight] = list.splice(best, 1);
    t.at = Math.max(t.start, preflight.end);
  }

  timed.sort((a, b) => a.at - b.at || a.index - b.index);
  const recorder = new Recorder({ maxExchanges: Math.max(1, records.length), pairingWindowMs });
  timed.forEach((t, i) => {
    const capture = captureFromRecord(t.record, i);
    capture.startedAt = t.at;
    const judged = recorder.add(capture);
    judged.startedAt = t.record.startedAt;
  });
  recorder.tick(Number.MAX_SAFE_INTEGER);
  return recorder.list();
}
