// The files `proxy --jsonl/--har` write. Both are opened when the proxy starts, so a
// path that cannot be written fails at once instead of at exit. JSON Lines go out
// in batches (paced by FlushPacer: one write per turn when traffic is sparse, at
// most one per WRITE_INTERVAL_MS under load), one write at a time; lines keep
// collecting meanwhile, so the traffic is never slowed by the disk. The HAR is
// written at stop, from the records still in memory, a slice at a time.
// A write error is fatal: it is reported once through `onFatal` and nothing more is
// written to that file (records would silently go missing otherwise).
import { close, open, write } from 'node:fs';
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

/** Bytes a buffer of text waiting to be written holds (a longer text gets one of its own). */
const CHUNK_BYTES = 1 << 20;
/** Written buffers kept for reuse: one being written, one filling, one spare. */
const SPARE_CHUNKS = 2;

interface FilledChunk {
  bytes: Buffer;
  length: number;
}

/**
 * Appends text in paced batches. Text is encoded straight into a buffer that is
 * reused once written, so a batch costs no joined string and no new buffer; one
 * write is out at a time, and what comes meanwhile fills the next buffer (the
 * traffic is never slowed by the disk; docs/performance.md).
 */
export class BatchedWriter {
  private filling: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private readonly filled: FilledChunk[] = [];
  private readonly spare: Buffer[] = [];
  private writing = false;
  private failed: RecordFileError | null = null;
  private ended = false;
  private finished: (() => void) | null = null;
  private readonly pacer = new FlushPacer(() => this.flush(), WRITE_INTERVAL_MS);

  constructor(
    readonly file: string,
    private readonly fd: number,
    private readonly onFatal: (err: RecordFileError) => void,
  ) {}

  get error(): RecordFileError | null {
    return this.failed;
  }

  write(text: string): void {
    if (this.failed || this.ended) return;
    // UTF-8 takes at most three bytes per UTF-16 unit; a text too long for any buffer is measured.
    const room = text.length * 3 <= CHUNK_BYTES ? text.length * 3 : Buffer.byteLength(text);
    if (room > this.filling.length - this.used) this.startChunk(room);
    this.used += this.filling.write(text, this.used, 'utf8');
    if (!this.writing) this.pacer.request();
  }

  /** Writes what is left, closes the file; rejects with the write error if there was one. */
  end(): Promise<void> {
    this.ended = true;
    this.pacer.cancel();
    return new Promise<void>((done, fail) => {
      this.finished = () => {
        this.finished = null;
        close(this.fd, (err) => {
          if (err && !this.failed) this.fail(err);
          if (this.failed) fail(this.failed);
          else done();
        });
      };
      if (this.failed) return this.finished();
      this.startChunk(0);
      if (!this.writing) this.flush();
    });
  }

  /** Puts the buffer being filled in line to be written and takes one with room for `need` bytes. */
  private startChunk(need: number): void {
    if (this.used > 0) this.filled.push({ bytes: this.filling, length: this.used });
    else this.recycle(this.filling);
    this.used = 0;
    const spare = need <= CHUNK_BYTES ? this.spare.pop() : undefined;
    this.filling = spare ?? Buffer.allocUnsafe(Math.max(CHUNK_BYTES, need));
  }

  private recycle(bytes: Buffer): void {
    if (bytes.length === CHUNK_BYTES && this.spare.length < SPARE_CHUNKS) this.spare.push(bytes);
  }

  private flush(): void {
    if (this.writing || this.failed) return;
    if (this.filled.length === 0 && this.used > 0) this.startChunk(0);
    const chunk = this.filled.shift();
    if (!chunk) {
      this.finished?.();
      return;
    }
    this.writing = true;
    this.send(chunk, 0);
  }

  private send(chunk: FilledChunk, from: number): void {
    write(this.fd, chunk.bytes, from, chunk.length - from, null, (err, written) => {
      if (err) {
        this.writing = false;
        this.fail(err);
        this.finished?.();
        return;
      }
      if (from + written < chunk.length) return this.send(chunk, from + written);
      this.writing = false;
      this.recycle(chunk.bytes);
      // Buffers that filled while this one was written go out at once; the one filling waits for the pacer.
      if (this.filled.length > 0 || this.ended) this.flush();
      else if (this.used > 0) this.pacer.request();
    });
  }

  private fail(err: NodeJS.ErrnoException): void {
    if (this.failed) return;
    this.failed = new RecordFileError(`cannot write ${this.file}: ${reason(err)}`);
    this.filled.length = 0;
    this.used = 0;
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
      if (jsonlFd !== null) close(jsonlFd, () => undefined);
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
    // The line's pieces are encoded one after the other, never joined into one string first.
    const append = (piece: string): void => jsonl.write(piece);
    // What was last written per record, so an 'updated' that changes nothing writes nothing.
    const written = recorder.notes<string>();
    const write = (record: ExchangeRecord): void => {
      if (record.pending) return;
      const key = `${record.pairId}|${record.cors.verdict}|${record.cors.corsError}|${record.cors.failedParameter}|${record.error?.code}`;
      if (written.get(record) === key) return;
      written.set(record, key);
      lines.writeLine(record, append);
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
