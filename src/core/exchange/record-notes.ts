// What a consumer of the recorder remembers about each record it holds (the CLI:
// which records it printed, what it last wrote to the JSONL file). The notes sit
// in the slots of the recorder's ring, so a note goes when its record is evicted
// and no WeakMap or WeakSet is needed: an entry per exchange in a weak collection
// was measurable garbage-collector work in the CLI (docs/performance.md,
// "Per-record notes").
import type { ExchangeRecord } from './types';

export class RecordNotes<T> {
  private records: Array<ExchangeRecord | undefined>;
  private values: Array<T | undefined>;

  /** `slotOf` says where the ring holds a record, or -1 when it holds it no longer. */
  constructor(
    private readonly capacity: number,
    private readonly slotOf: (record: ExchangeRecord) => number,
  ) {
    this.records = new Array(capacity);
    this.values = new Array(capacity);
  }

  /** The note on a record still held, else undefined. */
  get(record: ExchangeRecord): T | undefined {
    const slot = this.slotOf(record);
    return slot >= 0 && this.records[slot] === record ? this.values[slot] : undefined;
  }

  /** Notes `value` on a record still held (a record no longer held takes no note). */
  set(record: ExchangeRecord, value: T): void {
    const slot = this.slotOf(record);
    if (slot < 0) return;
    this.records[slot] = record;
    this.values[slot] = value;
  }

  /** Forgets every note (the recorder was cleared). */
  clear(): void {
    this.records = new Array(this.capacity);
    this.values = new Array(this.capacity);
  }
}
