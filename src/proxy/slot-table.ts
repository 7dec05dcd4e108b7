// A set of live items kept in the numbered slots of one array; a freed slot is
// reused by the next item. Used instead of a Set for what comes and goes once per
// exchange: a Set that churns keeps chaining the tables it outgrows, and once one of
// them is old the garbage collector keeps every exchange after it alive for a while
// (docs/performance.md, "Why the hot path looks as it does").

/** An item that knows its slot (-1 when it is in no table). */
export interface Slotted {
  slot: number;
}

export class SlotTable<T extends Slotted> {
  private readonly items: Array<T | undefined> = [];
  private readonly free: number[] = [];

  add(item: T): void {
    if (item.slot >= 0) return;
    const slot = this.free.length > 0 ? (this.free.pop() as number) : this.items.length;
    this.items[slot] = item;
    item.slot = slot;
  }

  delete(item: T): void {
    const slot = item.slot;
    if (slot < 0 || this.items[slot] !== item) return;
    this.items[slot] = undefined;
    item.slot = -1;
    this.free.push(slot);
  }

  get size(): number {
    return this.items.length - this.free.length;
  }

  /** The items in the table now, as a new array. */
  values(): T[] {
    const out: T[] = [];
    for (const item of this.items) if (item !== undefined) out.push(item);
    return out;
  }
}
