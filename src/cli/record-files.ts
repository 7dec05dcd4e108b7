// The files `proxy --jsonl/--har` write. Both are opened when the proxy starts, so a
// path that cannot be written fails at once instead of at exit. JSON Lines go out
// in batches (paced by FlushPacer: one write per turn when traffic is sparse, at
// most one per WRITE_INTERVAL_MS under load), and while
// the stream is over its high-water mark nothing more is written until it drains
// (lines keep collecting meanwhile; the traffic is never slowed by the disk). The
// HAR is written at stop, from the records still in memory, a slice at a time.
// A write error is fatal: it is reported once through `onFatal` and nothing more is
// written to that file (records would silently go missing otherwise).
import { createWriteStream, open, type WriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { harEntry, toHar } from '../core/exchange/har';
import { JsonLineWriter } from '../core/exchange/json-line-writer';
import type { Recorder } from '../core/exchange/recorder';
import type { ExchangeRecord } from '../core/exchange/types';
import { FlushPacer } from './flush-pacer';

/** The longest a JSON line waits to be written while traffic is heavy. */
const WRITE_INTERVAL_MS = 25;

/** A file that cannot be opened or written: one line naming the file and why. */
export class RecordFileError extends Error {}

const WHY: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device (ENOSPC)',
  EIO: 'input/output error (EIO)',
  EDQUOT: 'disk quota exceeded (EDQUOT)',
  EFBIG: 'file too large (EFBIG)',
  EISDIR: 'it is a directory',
};

function reason(err: NodeJS.ErrnoException): string {
  return (err.code && WHY[err.code]) ?? err.code ?? err.message;
}

/** Opens `file` for writing (truncating it), or says in one line why it cannot be. */
export async function openForWriting(file: string): Promise<number> {
  const dir = dirname(resolve(file));
  const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new RecordFileError(`cannot write ${file}: ${dir} is not a writable directory (it does not exist)`);
  try {
    return await new Promise<number>((done, fail) => open(file, 'w', (err, fd) => (err ? fail(err) : done(fd))));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'EACCES' || e.code === 'EPERM' || e.code === 'EROFS') {
      throw new RecordFileError(`cannot write ${file}: ${dir} is not a writable directory (${reason(e)})`);
    }
    throw new RecordFileError(`cannot write ${file}: ${reason(e)}`);
  }
}

/** Appends text in paced batches, respecting the stream's back-pressure. */
export class BatchedWriter {
  private readonly stream: WriteStream;
  private batch: string[] = [];
  private draining = false;
  private failed: RecordFileError | null = null;
  private ended = false;
  private readonly pacer = new FlushPacer(() => this.flush(), WRITE_INTERVAL_MS);

  constructor(
    readonly file: string,
    fd: number,
    private readonly onFatal: (err: RecordFileError) => void,
  ) {
    this.stream = createWriteStream('', { fd, highWaterMark: 1 << 20 });
    this.stream.on('error', (err: NodeJS.ErrnoException) => this.fail(err));
  }

  get error(): RecordFileError | null {
    return this.failed;
  }

  write(text: string): void {
    if (this.failed || this.ended) return;
    this.batch.push(text);
    this.pacer.request();
  }

  /** Writes what is left, closes the file; rejects with the write error if there was one. */
  end(): Promise<void> {
    this.ended = true;
    this.pacer.cancel();
    return new Promise<void>((done, fail) => {
      if (this.failed) return fail(this.failed);
      const finish = (): void => {
        const rest = this.batch.join('');
        this.batch = [];
        this.stream.once('error', () => fail(this.failed));
        this.stream.end(rest, () => (this.failed ? fail(this.failed) : done()));
      };
      if (this.draining) this.stream.once('drain', finish);
      else finish();
    });
  }

  private flush(): void {
    if (this.draining || this.failed || this.batch.length === 0) return;
    const chunk = this.batch.length === 1 ? this.batch[0] : this.batch.join('');
    this.batch = [];
    if (!this.stream.write(chunk)) {
      this.draining = true;
      this.stream.once('drain', () => {
        this.draining = false;
        this.flush();
      });
    }
  }

  private fail(err: NodeJS.ErrnoException): void {
    if (this.failed) return;
    this.failed = new RecordFileError(`cannot write ${this.file}: ${reason(err)}`);
    this.batch = [];
    this.onFatal(this.failed);
  }
}

export interface RecordFilesOptions {
  jsonl?: string;
  har?: string;
  /** HAR masks credentials unless this is false. */
  maskSensitive?: boolean;
  onFatal: (err: RecordFileError) => void;
}

/** HAR entries serialised per slice, so a big HAR never becomes one giant string. */
const HAR_SLICE = 500;

export class RecordFiles {
  private constructor(
    private readonly jsonl: BatchedWriter | null,
    private readonly har: BatchedWriter | null,
    private readonly maskSensitive: boolean,
  ) {}

  /** Opens both files now: a path that cannot be written is an error before the proxy starts. */
  static async open(options: RecordFilesOptions): Promise<RecordFiles> {
    const jsonlFd = options.jsonl ? await openForWriting(options.jsonl) : null;
    let harFd: number | null = null;
    try {
      harFd = options.har ? await openForWriting(options.har) : null;
    } catch (err) {
      if (jsonlFd !== null) createWriteStream('', { fd: jsonlFd }).destroy();
      throw err;
    }
    return new RecordFiles(
      jsonlFd === null ? null : new BatchedWriter(options.jsonl!, jsonlFd, options.onFatal),
      harFd === null ? null : new BatchedWriter(options.har!, harFd, options.onFatal),
      options.maskSensitive !== false,
    );
  }

  /** Writes each record to the JSONL file once its judgement is final (and again if it changes). */
  follow(recorder: Recorder): void {
    const jsonl = this.jsonl;
    if (!jsonl) return;
    const lines = new JsonLineWriter();
    // What was last written per record, so an 'updated' that changes nothing writes nothing.
    const written = new WeakMap<ExchangeRecord, string>();
    const write = (record: ExchangeRecord): void => {
      if (record.pending) return;
      const key = `${record.pairId}|${record.cors.verdict}|${record.cors.corsError}|${record.cors.failedParameter}|${record.error?.code}`;
      if (written.get(record) === key) return;
      written.set(record, key);
      jsonl.write(lines.line(record) + '\n');
    };
    recorder.onRecord((record) => {
      // A preflight is concluded by its request: write it first so the file reads in wire order.
      const pair = record.type === 'request' ? recorder.pairOf(record) : undefined;
      if (pair?.type === 'preflight') write(pair);
      write(record);
    });
  }

  /** Finishes the JSONL file and writes the HAR from `records`; rejects with the first write error. */
  async close(records: ExchangeRecord[]): Promise<void> {
    const results = await Promise.allSettled([this.jsonl?.end(), this.har ? this.writeHar(this.har, records) : undefined]);
    const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure) throw failure.reason;
  }

  private async writeHar(har: BatchedWriter, records: ExchangeRecord[]): Promise<void> {
    const { log } = toHar([], { maskSensitive: this.maskSensitive }) as { log: Record<string, unknown> };
    let head = '{\n  "log": {\n';
    for (const [key, value] of Object.entries(log)) if (key !== 'entries') head += `    ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`;
    har.write(head + '    "entries": [\n');
    for (let i = 0; i < records.length; i += HAR_SLICE) {
      const slice = records.slice(i, i + HAR_SLICE).map((r, j) => `${i + j > 0 ? ',\n' : ''}      ${JSON.stringify(harEntry(r, this.maskSensitive))}`);
      har.write(slice.join(''));
      // Let the file writes run between slices.
      await new Promise((r) => setImmediate(r));
    }
    har.write('\n    ]\n  }\n}\n');
    await har.end();
  }
}
