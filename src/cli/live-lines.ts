// The proxy's per-exchange lines on stdout, written so that they never slow the
// traffic. Node writes to a pipe or terminal synchronously on Linux, so one
// `process.stdout.write` per exchange blocks the proxy whenever the reader is slow.
// Here lines are joined and written with one asynchronous fs.write (on the thread
// pool), paced by FlushPacer: at the end of the turn when traffic is sparse, at
// most every WRITE_INTERVAL_MS under load; while a write is out, new lines collect. When more collect than `maxBacklog` (the reader fell behind), the rest
// are counted and replaced by one "… N more exchanges" line: the JSONL and HAR
// files hold every exchange anyway.
import { write } from 'node:fs';
import { FlushPacer } from './flush-pacer';

/** The longest a line waits to be shown while traffic is heavy: less than the eye can tell. */
const WRITE_INTERVAL_MS = 25;

export class LiveLines {
  /** Lines not written because the reader was behind (so far). */
  skippedTotal = 0;
  private pending: string[] = [];
  private skipped = 0;
  private writing = false;
  private closed = false;
  private idle: Array<() => void> = [];
  private readonly pacer = new FlushPacer(() => this.flush(), WRITE_INTERVAL_MS);

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
    if (!this.writing) this.pacer.request();
  }

  /**
   * Resolves once everything given so far is written, the reader went away, or
   * `timeoutMs` passed (a reader that never reads again must not keep us from exiting).
   */
  drain(timeoutMs: number): Promise<void> {
    if (!this.writing && !this.pacer.waiting && this.pending.length === 0 && this.skipped === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private flush(): void {
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
      // What collected meanwhile goes out paced too; with nothing pending this resolves drain().
      if (this.pending.length > 0 || this.skipped > 0) this.pacer.request();
      else this.flush();
    });
  }
}
