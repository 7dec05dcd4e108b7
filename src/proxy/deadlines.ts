// Upstream timeouts without a timer per request: one sweep over the requests still
// waiting for their response head. Cheaper on the hot path than setTimeout and
// clearTimeout for every exchange; a timeout fires at most one sweep period late.
//
// The waiting requests form an intrusive doubly linked list (like Node's own timer
// lists), in deadline order because every request gets the same timeout. Adding and
// removing allocate nothing, and one handler for every item is given at construction
// (why not a Set, nor a closure per request: docs/performance.md).

export interface Waiting {
  deadline: number;
  /** List links, owned by the sweeper. */
  prevWaiting: Waiting | null;
  nextWaiting: Waiting | null;
}

export class DeadlineSweeper<T extends Waiting> {
  private head: T | null = null;
  private tail: T | null = null;
  private interval: NodeJS.Timeout | null = null;
  readonly periodMs: number;

  constructor(
    readonly timeoutMs: number,
    private readonly now: () => number,
    private readonly onTimeout: (item: T) => void,
  ) {
    // A tenth of the timeout, between 5 ms and 1 s.
    this.periodMs = Math.min(1000, Math.max(5, Math.floor(timeoutMs / 10)));
  }

  /** Adds an item whose deadline is not earlier than any item's already waiting. */
  add(item: T): void {
    if (this.has(item)) return;
    item.prevWaiting = this.tail;
    item.nextWaiting = null;
    if (this.tail) this.tail.nextWaiting = item;
    else this.head = item;
    this.tail = item;
    if (!this.interval) {
      this.interval = setInterval(() => this.sweep(), this.periodMs);
      // Never the reason a process stays alive; the server's sockets do that.
      this.interval.unref();
    }
  }

  delete(item: T): void {
    if (!this.has(item)) return;
    if (item.prevWaiting) item.prevWaiting.nextWaiting = item.nextWaiting;
    else this.head = item.nextWaiting as T | null;
    if (item.nextWaiting) item.nextWaiting.prevWaiting = item.prevWaiting;
    else this.tail = item.prevWaiting as T | null;
    item.prevWaiting = null;
    item.nextWaiting = null;
  }

  get size(): number {
    let n = 0;
    for (let item = this.head; item; item = item.nextWaiting as T | null) n++;
    return n;
  }

  private has(item: T): boolean {
    return item.prevWaiting !== null || this.head === item;
  }

  private sweep(): void {
    const now = this.now();
    // Oldest first: the first item not yet due ends the sweep.
    while (this.head && this.head.deadline <= now) {
      const item = this.head;
      this.delete(item);
      this.onTimeout(item);
    }
    if (!this.head) this.stop();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }
}
