// Judges and pairs records one at a time, as they are read from a file of any size,
// holding only a bounded number of them: what `analyze` does with JSON Lines.
// Records pass through a recorder exactly as if they had just crossed the proxy.
// They are handed on only when nothing that may still come can change them: the
// stream has moved `settleMs` past their start (a preflight's request, a redirect's
// next hop come within the pairing window), or more than `maxHeld` are waiting.
// Files list records roughly in start order (our JSONL: in the order they became
// final), so a small reorder buffer puts them back in start order first.
import { captureFromRecord } from './records';
import { Recorder } from './recorder';
import type { ExchangeRecord } from './types';

export interface StreamJudgeOptions {
  pairingWindowMs?: number;
  /** Records held at most, in the reorder buffer and waiting to settle each. Default 500. */
  maxHeld?: number;
}

/** Ids remembered to drop a rewritten line (same id, written again when its verdict changed). */
const RECENT_IDS = 20_000;

export class StreamJudge {
  private readonly recorder: Recorder;
  private readonly settleMs: number;
  private readonly maxHeld: number;
  /** Min-heap on start time: records read but not yet given to the recorder. */
  private readonly heap: Array<{ start: number; order: number; record: ExchangeRecord }> = [];
  private order = 0;
  private fed = 0;
  /** Judged records in feed order, waiting to settle; `head` is the first not yet handed on. */
  private settling: ExchangeRecord[] = [];
  private head = 0;
  private latestStart = -Infinity;
  private readonly recentIds = new Set<string>();
  private readonly recentOrder: string[] = [];
  private recentHead = 0;

  constructor(
    private readonly emit: (record: ExchangeRecord) => void,
    options: StreamJudgeOptions = {},
  ) {
    const windowMs = Math.max(0, options.pairingWindowMs ?? 2000);
    this.maxHeld = Math.max(1, options.maxHeld ?? 500);
    this.settleMs = 2 * windowMs + 1000;
    // Keeps what pairing and credential evidence need; older records are ours to hand on.
    this.recorder = new Recorder({ maxExchanges: 2 * this.maxHeld + 1, pairingWindowMs: windowMs });
  }

  /** One record read from the file. A record whose id was seen recently is a rewrite: the wire is the same. */
  add(record: ExchangeRecord): void {
    if (record.id) {
      if (this.recentIds.has(record.id)) return;
      this.remember(record.id);
    }
    const start = Date.parse(record.startedAt) || 0;
    this.push({ start, order: this.order++, record });
    if (this.heap.length > this.maxHeld) this.feed(this.pop()!);
  }

  /** The end of the input: everything is judged as final and handed on. */
  finish(): void {
    while (this.heap.length > 0) this.feed(this.pop()!);
    this.recorder.tick(Number.MAX_SAFE_INTEGER);
    this.release(Infinity);
  }

  private feed(item: { start: number; record: ExchangeRecord }): void {
    const judged = this.recorder.add(captureFromRecord(item.record, this.fed++));
    judged.startedAt = item.record.startedAt;
    this.latestStart = Math.max(this.latestStart, item.start);
    this.settling.push(judged);
    this.release(this.latestStart - this.settleMs);
  }

  /** Hands on settled records (started before `before`, or beyond the bound) in order. */
  private release(before: number): void {
    while (this.head < this.settling.length) {
      const record = this.settling[this.head];
      const overBound = this.settling.length - this.head > this.maxHeld;
      if (!overBound && (record.pending || (Date.parse(record.startedAt) || 0) >= before)) break;
      this.settling[this.head++] = undefined as unknown as ExchangeRecord;
      this.emit(record);
    }
    if (this.head > 1024 && this.head * 2 > this.settling.length) {
      this.settling = this.settling.slice(this.head);
      this.head = 0;
    }
  }

  private remember(id: string): void {
    this.recentIds.add(id);
    this.recentOrder.push(id);
    if (this.recentOrder.length - this.recentHead > RECENT_IDS) {
      this.recentIds.delete(this.recentOrder[this.recentHead++]);
      if (this.recentHead > RECENT_IDS) {
        this.recentOrder.splice(0, this.recentHead);
        this.recentHead = 0;
      }
    }
  }

  private less(a: { start: number; order: number }, b: { start: number; order: number }): boolean {
    return a.start < b.start || (a.start === b.start && a.order < b.order);
  }

  private push(item: { start: number; order: number; record: ExchangeRecord }): void {
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  private pop(): { start: number; order: number; record: ExchangeRecord } | undefined {
    const h = this.heap;
    if (h.length === 0) return undefined;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
