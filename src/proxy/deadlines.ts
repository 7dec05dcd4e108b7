// Upstream timeouts without a timer per request: one sweep over the requests still
// waiting for their response head. Cheaper on the hot path than setTimeout and
// clearTimeout for every exchange; a timeout fires at most one sweep period late.
//
// One handler for every item, given at construction: a closure per request (to
// say what its timeout should do) measurably slowed the proxy's hot path.

export interface Waiting {
  deadline: number;
}

export class DeadlineSweeper<T extends Waiting> {
  private readonly waiting = new Set<T>();
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

  add(item: T): void {
    this.waiting.add(item);
    if (!this.interval) {
      this.interval = setInterval(() => this.sweep(), this.periodMs);
      // Never the reason a process stays alive; the server's sockets do that.
      this.interval.unref();
    }
  }

  delete(item: T): void {
    this.waiting.delete(item);
  }

  private sweep(): void {
    const now = this.now();
    for (const item of this.waiting) {
      if (item.deadline <= now) {
        this.waiting.delete(item);
        this.onTimeout(item);
      }
    }
    if (this.waiting.size === 0) this.stop();
  }

  stop(): void {
    if (this.interval) clearInterval(this.interval);
    this.interval = null;
  }
}
