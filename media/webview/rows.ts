// Turns recorded exchanges into list rows: a preflight and its actual request
// become ONE row whose verdict is the outcome of the whole fetch.
import type { ExchangeRecord } from '../../src/core/exchange/types';
import type { HeaderChange } from '../../src/core/cors/types';
import type { PairRow, RowVerdict } from './protocol';

const SEVERITY: Record<RowVerdict, number> = { 'not-cors': 0, pass: 1, warn: 2, error: 3, fail: 4 };

export function rowKeyOf(record: ExchangeRecord): string {
  return record.pairId ?? record.id;
}

function headerValue(headers: Array<[string, string]>, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [n, v] of headers) if (n.toLowerCase() === lower) return v;
  return null;
}

function pathAndQuery(url: string): string {
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = m ? url.slice(m[0].length) : url;
  return rest === '' ? '/' : rest;
}

function verdictOf(record: ExchangeRecord): RowVerdict {
  if (record.cors.verdict === 'fail') return 'fail';
  if (!record.response && record.error) return 'error';
  return record.cors.verdict;
}

/** The row for one pair; `preflight` and/or `request` may be missing. */
export function buildPairRow(
  key: string,
  seq: number,
  preflight: ExchangeRecord | null,
  request: ExchangeRecord | null,
): PairRow {
  const main = request ?? preflight;
  if (!main) throw new Error('a row needs at least one exchange');
  // The outcome is the first failure along the fetch: the preflight decides before the request.
  let decisive = main;
  let verdict = verdictOf(main);
  let stage: PairRow['stage'] = verdict === 'fail' ? (main.type === 'preflight' ? 'preflight' : 'request') : null;
  if (preflight && request) {
    const pre = verdictOf(preflight);
    if (SEVERITY[pre] >= SEVERITY.error || SEVERITY[pre] > SEVERITY[verdict]) {
      decisive = preflight;
      verdict = pre;
      stage = pre === 'fail' ? 'preflight' : stage;
    }
  }
  const method = request
    ? request.request.method
    : headerValue(main.request.headers, 'access-control-request-method') ?? main.request.method;
  return {
    key,
    seq,
    preflightId: preflight?.id ?? null,
    requestId: request?.id ?? null,
    method: method.toUpperCase(),
    url: main.request.url,
    path: pathAndQuery(main.request.url),
    origin: headerValue(main.request.headers, 'origin'),
    status: request?.response?.status ?? null,
    preflightStatus: preflight?.response?.status ?? null,
    verdict,
    corsError: decisive.cors.corsError,
    stage,
    error: decisive.error?.code ?? null,
    startedAt: (preflight ?? main).startedAt,
    durationMs: (preflight?.durationMs ?? 0) + (request?.durationMs ?? 0),
  };
}

/** The judgement that explains a pair: the failing side first, else the request's. */
export function decisiveRecord(preflight: ExchangeRecord | null, request: ExchangeRecord | null): ExchangeRecord | null {
  if (preflight && (preflight.cors.verdict === 'fail' || !request)) return preflight;
  if (request && request.cors.verdict === 'fail') return request;
  if (preflight && request && preflight.cors.verdict === 'warn' && request.cors.verdict !== 'warn') return preflight;
  return request ?? preflight;
}

/** The header changes as lines a developer can paste into their notes or server config. */
export function formatFix(fix: HeaderChange[]): string {
  const lines: string[] = [];
  for (const on of ['preflight', 'response'] as const) {
    const changes = fix.filter((c) => c.on === on);
    if (changes.length === 0) continue;
    lines.push(on === 'preflight' ? '# On the preflight (OPTIONS) response:' : '# On the actual response:');
    for (const c of changes) {
      lines.push(c.action === 'set' ? `${c.header}: ${c.value ?? ''}` : `# remove every ${c.header} header`);
    }
  }
  return lines.join('\n');
}

/**
 * Keeps rows for a changing set of records on the extension side. Records move
 * between rows when the recorder pairs them late, so the model remembers which
 * row each record is in and reports rows that disappeared.
 */
export class PairRowModel {
  private readonly members = new Map<string, { preflightId: string | null; requestId: string | null; seq: number }>();
  private readonly rowOfRecord = new Map<string, string>();
  private nextSeq = 0;

  constructor(private readonly lookup: (id: string) => ExchangeRecord | undefined) {}

  /** Applies one added/updated record; returns rows to upsert and row keys to remove. */
  apply(record: ExchangeRecord): { rows: PairRow[]; removed: string[] } {
    const removed: string[] = [];
    const rows: PairRow[] = [];
    const key = rowKeyOf(record);
    const previousKey = this.rowOfRecord.get(record.id);
    if (previousKey !== undefined && previousKey !== key) {
      const old = this.members.get(previousKey);
      if (old) {
        if (old.preflightId === record.id) old.preflightId = null;
        if (old.requestId === record.id) old.requestId = null;
        if (!old.preflightId && !old.requestId) {
          this.members.delete(previousKey);
          removed.push(previousKey);
        } else {
          const row = this.rowFor(previousKey);
          if (row) rows.push(row);
        }
      }
    }
    this.rowOfRecord.set(record.id, key);
    let entry = this.members.get(key);
    if (!entry) {
      entry = { preflightId: null, requestId: null, seq: this.nextSeq++ };
      this.members.set(key, entry);
    }
    if (record.type === 'preflight') entry.preflightId = record.id;
    else entry.requestId = record.id;
    const row = this.rowFor(key);
    if (row) rows.push(row);
    return { rows, removed };
  }

  rowFor(key: string): PairRow | null {
    const entry = this.members.get(key);
    if (!entry) return null;
    const preflight = entry.preflightId ? this.lookup(entry.preflightId) ?? null : null;
    const request = entry.requestId ? this.lookup(entry.requestId) ?? null : null;
    if (!preflight && !request) return null;
    return buildPairRow(key, entry.seq, preflight, request);
  }

  /**
   * Forgets records the recorder no longer holds (it drops the oldest past its
   * limit without telling anyone). Returns rows that lost a member and keys of
   * rows that are gone entirely.
   */
  prune(): { rows: PairRow[]; removed: string[] } {
    const rows: PairRow[] = [];
    const removed: string[] = [];
    for (const [key, entry] of this.members) {
      let changed = false;
      for (const slot of ['preflightId', 'requestId'] as const) {
        const id = entry[slot];
        if (id && !this.lookup(id)) {
          entry[slot] = null;
          this.rowOfRecord.delete(id);
          changed = true;
        }
      }
      if (!changed) continue;
      if (!entry.preflightId && !entry.requestId) {
        this.members.delete(key);
        removed.push(key);
      } else {
        const row = this.rowFor(key);
        if (row) rows.push(row);
      }
    }
    return { rows, removed };
  }

  membersOf(key: string): { preflightId: string | null; requestId: string | null } | undefined {
    return this.members.get(key);
  }

  rows(): PairRow[] {
    const out: PairRow[] = [];
    for (const key of this.members.keys()) {
      const row = this.rowFor(key);
      if (row) out.push(row);
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  clear(): void {
    this.members.clear();
    this.rowOfRecord.clear();
  }
}
