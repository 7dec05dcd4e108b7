// Which CORS failures are still open: the Problems the editor shows. A failure
// stays open until the same page calls the same endpoint again and the browser
// lets it through, so a fixed endpoint's Problem disappears with the first
// passing exchange after the fix, while endpoints not called again keep theirs.
import type { CorsErrorName } from '../cors/types';
import { pathOf } from '../routes';
import { isProxyAnswer } from './proxy-answer';
import { headerValue } from './records';
import type { ExchangeRecord } from './types';

export interface OpenFailure {
  /** Endpoint and reason: `METHOD path origin reason`. */
  key: string;
  /** The method the page used (for a preflight, the one it asked about), upper-case. */
  method: string;
  /** Path without query. */
  path: string;
  origin: string | null;
  corsError: CorsErrorName;
  /** Where the browser blocked it. */
  stage: 'preflight' | 'request';
  /** The latest failing record. */
  record: ExchangeRecord;
  /** Every failing record of this key since the endpoint last passed, oldest first. */
  recordIds: string[];
}

/** The endpoint a record belongs to: what the page asked for, from which origin. */
export function endpointOf(record: ExchangeRecord): { method: string; path: string; origin: string | null; key: string } {
  const asked = record.type === 'preflight' ? headerValue(record.request.headers, 'access-control-request-method') : null;
  const method = (asked ?? record.request.method).toUpperCase();
  const path = pathOf(record.request.url);
  const origin = headerValue(record.request.headers, 'origin');
  return { method, path, origin, key: `${method} ${path} ${origin ?? ''}` };
}

/**
 * The failures not yet superseded, in the order they first failed. Records are
 * taken in recording order. A later passing actual request for the same method,
 * path and origin closes every failure of that endpoint; a later passing
 * preflight (one whose request followed, so no longer pending) closes the
 * endpoint's preflight failures only, because its actual request may still fail.
 * An answer the proxy gave itself neither opens nor closes one: the server never
 * saw that request, so its code is not where the failure is.
 */
export function openFailures(records: readonly ExchangeRecord[]): OpenFailure[] {
  const open = new Map<string, OpenFailure>();
  const byEndpoint = new Map<string, Set<string>>();
  for (const record of records) {
    if (record.response !== null && isProxyAnswer(record.response.headers)) continue;
    const endpoint = endpointOf(record);
    const verdict = record.cors.verdict;
    if (verdict === 'fail' && record.cors.corsError) {
      const stage = record.type === 'preflight' ? 'preflight' : 'request';
      const key = `${endpoint.key} ${record.cors.corsError}`;
      const existing = open.get(key);
      if (existing) {
        existing.record = record;
        existing.stage = stage;
        existing.recordIds.push(record.id);
      } else {
        open.set(key, { key, method: endpoint.method, path: endpoint.path, origin: endpoint.origin, corsError: record.cors.corsError, stage, record, recordIds: [record.id] });
        let keys = byEndpoint.get(endpoint.key);
        if (!keys) byEndpoint.set(endpoint.key, (keys = new Set()));
        keys.add(key);
      }
      continue;
    }
    const passed = (verdict === 'pass' || verdict === 'warn') && record.response !== null && !record.pending;
    if (!passed) continue;
    const keys = byEndpoint.get(endpoint.key);
    if (!keys) continue;
    for (const key of [...keys]) {
      if (record.type === 'preflight' && open.get(key)?.stage !== 'preflight') continue;
      open.delete(key);
      keys.delete(key);
    }
  }
  return [...open.values()];
}
