// The proxy's per-exchange lines on stdout, written so that they never slow the
// traffic. Node writes to a pipe or terminal synchronously on Linux, so one
// `process.stdout.write` per exchange blocks the proxy whenever the reader is slow.
// Here the lines of one event-loop turn are joined and written with one
// asynchronous fs.write (on the thread pool); while a write is out, new lines
// collect. When more collect than `maxBacklog` (the reader fell behind), the rest
// are counted and replaced by one "… N more exchanges" line: the JSONL and HAR
// files hold every exchange anyway.
import { write } from 'node:fs';

export class LiveLines {
  /** Lines not written because the reader was behind (so far). */
  skippedTotal = 0;
  private pending: string[] = [];
  private skipped = 0;
  private writing = false;
  private scheduled = false;
  private closed = false;
  private idle: Array<() => void> = [];
  private readonly flushNow = (): void => this.flush();

  constructor(
    private readonly fd: number,
    /** Lines held while the reader is behind; beyond that they are coalesced. */
    private readonly maxBacklog: number,
  ) {}

  line(text: string): void {
    if (this.closed) return;
    if (this.writing && this.pending.length >= this.maxBacklog) {
      this.skipped++;
      this.skippedTotal++;
      return;
    }
    this.pending.push(text);
    if (!this.scheduled && !this.writing) {
      this.scheduled = true;
      setImmediate(this.flushNow);
    }
  }

  /**
   * Resolves once everything given so far is written, the reader went away, or
   * `timeoutMs` passed (a reader that never reads again must not keep us from exiting).
   */
  drain(timeoutMs: number): Promise<void> {
    if (!this.writing && !this.scheduled && this.pending.length === 0 && this.skipped === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private flush(): void {
    this.scheduled = false;
    if (this.writing) return;
    if (this.pending.length === 0 && this.skipped === 0) {
      for (const resolve of this.idle.splice(0)) resolve();
      return;
    }
    let text = this.pending.length > 0 ? this.pending.join('\n') + '\n' : '';
    if (this.skipped > 0) {
      text += `… ${this.skipped} more exchange(s) not shown: the output fell behind (every one is in --jsonl/--har)\n`;
    }
    this.pending = [];
    this.skipped = 0;
    this.writing = true;
    this.send(Buffer.from(text));
  }

  private send(bytes: Buffer): void {
    write(this.fd, bytes, 0, bytes.length, null, (err, written) => {
      if (err) {
        if (err.code === 'EAGAIN') {
          // A non-blocking pipe that is full: try again shortly.
          setTimeout(() => this.send(bytes), 5);
          return;
        }
        // EPIPE and the like: nobody reads any more. The proxy goes on; the lines stop.
        this.closed = true;
        this.pending = [];
        this.skipped = 0;
        this.writing = false;
        for (const resolve of this.idle.splice(0)) resolve();
        return;
      }
      if (written < bytes.length) {
        this.send(bytes.subarray(written));
        return;
      }
      this.writing = false;
      this.flush();
    });
  }
}
