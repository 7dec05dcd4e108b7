// What a consumer of the recorder remembers about each record it holds (the CLI:
// which records it printed, what it last wrote to the JSONL file). The notes sit
// in the slots of the recorder's ring, and the recorder forgets a slot's note when
// it puts another record there, so a note goes with its record and no WeakMap or
// WeakSet is needed: an entry per exchange in a weak collection was measurable
// garbage-collector work in the CLI (docs/performance.md, "Per-record notes").
import type { ExchangeRecord } from './types';

export class RecordNotes<T> {
  private readonly values: Array<T | undefined>;

  /** `slotOf` says where the ring holds a record, or -1 when it holds it no longer. */
  constructor(
    capacity: number,
    private readonly slotOf: (record: ExchangeRecord) => number,
  ) {
    this.values = new Array(capacity);
  }

  /** The note on a record still held, else undefined. */
  get(record: ExchangeRecord): T | undefined {
    const slot = this.slotOf(record);
    return slot < 0 ? undefined : this.values[slot];
  }

  /** Notes `value` on a record still held (a record no longer held takes no note). */
  set(record: ExchangeRecord, value: T): void {
    const slot = this.slotOf(record);
    if (slot >= 0) this.values[slot] = value;
  }

  /** Forgets the note of a slot (the ring put another record there). */
  forget(slot: number): void {
    this.values[slot] = undefined;
  }

  /** Forgets every note (the recorder was cleared). */
  clear(): void {
    this.values.fill(undefined);
  }
}
