// When a batch of output goes out. Sparse traffic is written at the end of the
// event-loop turn that produced it, so a line shows as soon as its exchange ends;
// under load, writes are spaced at least `intervalMs` apart, so one write carries
// every line of that interval instead of a system call per turn. Each write costs
// the proxy the same few microseconds whatever it carries (docs/performance.md).
export class FlushPacer {
  private lastRun = -Infinity;
  private immediate: NodeJS.Immediate | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly run = (): void => {
    this.immediate = null;
    this.timer = null;
    this.lastRun = performance.now();
    this.flush();
  };

  constructor(
    private readonly flush: () => void,
    private readonly intervalMs: number,
  ) {}

  /** A flush is wanted: runs it this turn's end, or once intervalMs have passed since the last one. */
  request(): void {
    if (this.waiting) return;
    const wait = this.lastRun + this.intervalMs - performance.now();
    if (wait <= 0) this.immediate = setImmediate(this.run);
    else this.timer = setTimeout(this.run, wait);
  }

  /** Whether a flush is waiting to run. */
  get waiting(): boolean {
    return this.immediate !== null || this.timer !== null;
  }

  /** Forgets a waiting flush (the caller flushes itself, at the end). */
  cancel(): void {
    if (this.immediate !== null) clearImmediate(this.immediate);
    if (this.timer !== null) clearTimeout(this.timer);
    this.immediate = null;
    this.timer = null;
  }
}
