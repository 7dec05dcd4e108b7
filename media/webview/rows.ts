// Turns recorded exchanges into list rows: a preflight and its actual request
// become ONE row whose verdict is the outcome of the whole fetch.
import type { ExchangeRecord } from '../../src/core/exchange/types';
import type { HeaderChange } from '../../src/core/cors/types';
import type { PairRow, RowVerdict } from './protocol';
import { headerValue } from '../../src/core/exchange/records';

const SEVERITY: Record<RowVerdict, number> = { 'not-cors': 0, pass: 1, warn: 2, error: 3, fail: 4 };

export function rowKeyOf(record: ExchangeRecord): string {
  return record.pairId ?? record.id;
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

/** The row for one pair: an optional preflight, then the actual request and any redirect hops, in order. */
export function buildPairRow(
  key: string,
  seq: number,
  preflight: ExchangeRecord | null,
  requests: ExchangeRecord | ExchangeRecord[] | null,
): PairRow {
  const hops = requests === null ? [] : Array.isArray(requests) ? requests : [requests];
  const first = hops[0] ?? preflight;
  const last = hops[hops.length - 1] ?? null;
  if (!first) throw new Error('a row needs at least one exchange');
  const decisive = decisiveRecord(preflight, hops) ?? first;
  let verdict = verdictOf(decisive);
  // An unanswered request after a fine preflight still shows as an error.
  if (last && SEVERITY[verdictOf(last)] > SEVERITY[verdict]) verdict = verdictOf(last);
  const stage: PairRow['stage'] = verdict === 'fail' ? (decisive.type === 'preflight' ? 'preflight' : 'request') : null;
  const method = hops.length
    ? hops[0].request.method
    : headerValue(first.request.headers, 'access-control-request-method') ?? first.request.method;
  let durationMs = preflight?.durationMs ?? 0;
  for (const h of hops) durationMs += h.durationMs;
  return {
    key,
    seq,
    preflightId: preflight?.id ?? null,
    requestId: last?.id ?? null,
    method: method.toUpperCase(),
    url: first.request.url,
    path: pathAndQuery(first.request.url),
    origin: headerValue(first.request.headers, 'origin'),
    status: last?.response?.status ?? null,
    preflightStatus: preflight?.response?.status ?? null,
    hops: hops.length,
    verdict,
    corsError: verdict === 'error' ? null : decisive.cors.corsError,
    failedParameter: verdict === 'error' ? '' : decisive.cors.failedParameter,
    stage,
    error: (verdict === 'error' ? last ?? decisive : decisive).error?.code ?? null,
    startedAt: (preflight ?? first).startedAt,
    durationMs,
  };
}

/**
 * The judgement that explains a fetch: the first failure along it (preflight,
 * then each hop), else a warning, else the last hop's judgement.
 */
export function decisiveRecord(
  preflight: ExchangeRecord | null,
  requests: ExchangeRecord | ExchangeRecord[] | null,
): ExchangeRecord | null {
  const hops = requests === null ? [] : Array.isArray(requests) ? requests : [requests];
  const chain = preflight ? [preflight, ...hops] : hops;
  return (
    chain.find((r) => r.cors.verdict === 'fail') ??
    chain.find((r) => r.cors.verdict === 'warn') ??
    chain[chain.length - 1] ??
    null
  );
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

interface RowMembers {
  preflightId: string | null;
  requestIds: string[];
  seq: number;
}

/**
 * Keeps rows for a changing set of records on the extension side. Records move
 * between rows when the recorder pairs them late, so the model remembers which
 * row each record is in and reports rows that disappeared.
 */
export class PairRowModel {
  private readonly members = new Map<string, RowMembers>();
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
        old.requestIds = old.requestIds.filter((id) => id !== record.id);
        this.settle(previousKey, old, rows, removed);
      }
    }
    this.rowOfRecord.set(record.id, key);
    let entry = this.members.get(key);
    if (!entry) {
      entry = { preflightId: null, requestIds: [], seq: this.nextSeq++ };
      this.members.set(key, entry);
    }
    if (record.type === 'preflight') entry.preflightId = record.id;
    // Hops keep the order they first arrived in; a re-judged earlier hop stays where it was.
    else if (!entry.requestIds.includes(record.id)) entry.requestIds.push(record.id);
    const row = this.rowFor(key);
    if (row) rows.push(row);
    return { rows, removed };
  }

  rowFor(key: string): PairRow | null {
    const members = this.recordsOf(key);
    if (!members || (!members.preflight && members.requests.length === 0)) return null;
    const entry = this.members.get(key)!;
    return buildPairRow(key, entry.seq, members.preflight, members.requests);
  }

  /** The records of a row as the recorder holds them now. */
  recordsOf(key: string): { preflight: ExchangeRecord | null; requests: ExchangeRecord[] } | undefined {
    const entry = this.members.get(key);
    if (!entry) return undefined;
    const preflight = entry.preflightId ? this.lookup(entry.preflightId) ?? null : null;
    const requests = entry.requestIds.map((id) => this.lookup(id)).filter((r): r is ExchangeRecord => !!r);
    return { preflight, requests };
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
      if (entry.preflightId && !this.lookup(entry.preflightId)) {
        this.rowOfRecord.delete(entry.preflightId);
        entry.preflightId = null;
        changed = true;
      }
      const kept = entry.requestIds.filter((id) => this.lookup(id));
      if (kept.length !== entry.requestIds.length) {
        for (const id of entry.requestIds) if (!kept.includes(id)) this.rowOfRecord.delete(id);
        entry.requestIds = kept;
        changed = true;
      }
      if (changed) this.settle(key, entry, rows, removed);
    }
    return { rows, removed };
  }

  /** After a row lost a member: it is gone if nothing is left, else it is re-sent. */
  private settle(key: string, entry: RowMembers, rows: PairRow[], removed: string[]): void {
    if (!entry.preflightId && entry.requestIds.length === 0) {
      this.members.delete(key);
      removed.push(key);
    } else {
      const row = this.rowFor(key);
      if (row) rows.push(row);
    }
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
