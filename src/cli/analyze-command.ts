// `cors-inspector analyze`: judge recorded traffic (a HAR from DevTools or our
// own JSONL/HAR) and say which exchanges the browser blocks and how to fix them.
// JSON Lines are read line by line and judged as they stream (StreamJudge), so a
// file of any size is read in bounded memory; a line that is not a record (the
// last one cut by a full disk, say) is skipped with a warning naming it. A HAR is
// one JSON document and is read whole.
import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fromHar } from '../core/exchange/har';
import { parseJsonLines, readJsonLine, toJsonLine } from '../core/exchange/jsonl';
import { rejudge } from '../core/exchange/rejudge';
import { StreamJudge } from '../core/exchange/stream-judge';
import type { ExchangeRecord } from '../core/exchange/types';
import { parseArgs, UsageError } from './args';
import { describeChange, formatExchange, makeStyle, wantsColor, type Style } from './format';

export class InputError extends Error {}

export const ANALYZE_HELP = `Usage: cors-inspector analyze <file.har|file.jsonl> [--json]

Judges traffic recorded earlier, as the proxy would have: a HAR saved from Chrome
or Firefox DevTools ("Save all as HAR"), or the JSONL/HAR files of \`proxy\`. Prints
every exchange, and for each failure Chromium's message, why, and the fix.
JSON Lines of any size are read as a stream; a line that is not a record (such as a
last line cut short) is skipped with a warning naming it.

Options:
  --json        print { exchanges: [...], summary } instead (exchanges in the JSONL shape)

Exit status: 0 nothing is blocked, 1 an exchange is blocked by CORS, 2 usage or input error.

Example:
  cors-inspector analyze session.jsonl
`;

export function loadRecords(path: string, text: string): ExchangeRecord[] {
  const looksLikeHar = /\.har$/i.test(path) || (!/\.jsonl$/i.test(path) && /^\s*\{\s*"log"/.test(text));
  try {
    if (looksLikeHar) return fromHar(text);
    // Our own lines are judged already, but judge again: the engine may know more now.
    return rejudge(parseJsonLines(text));
  } catch (err) {
    throw new InputError(`${path}: ${(err as Error).message}`);
  }
}

interface Summary {
  exchanges: number;
  cors: number;
  passed: number;
  warned: number;
  failed: number;
  /** Exchanges that got no response at all (e.g. DevTools' net::ERR_FAILED without headers): nothing to judge. */
  noResponse: number;
}

function emptySummary(): Summary {
  return { exchanges: 0, cors: 0, passed: 0, warned: 0, failed: 0, noResponse: 0 };
}

function count(s: Summary, r: ExchangeRecord): void {
  s.exchanges++;
  if (!r.response) s.noResponse++;
  if (r.cors.verdict === 'not-cors') return;
  s.cors++;
  if (r.cors.verdict === 'pass') s.passed++;
  else if (r.cors.verdict === 'warn') s.warned++;
  else s.failed++;
}

export function summarize(records: ExchangeRecord[]): Summary {
  const s = emptySummary();
  for (const r of records) count(s, r);
  return s;
}

function details(record: ExchangeRecord, style: Style): string[] {
  const lines: string[] = [];
  const { cors } = record;
  if (cors.verdict === 'fail' || cors.verdict === 'warn') {
    if (cors.message) lines.push(`    ${style.dim('Chromium:')} ${cors.message}`);
    if (cors.explanation) lines.push(`    ${style.dim('Why:')} ${cors.explanation}`);
    for (const change of cors.fix) lines.push(`    ${style.dim('Fix:')} ${describeChange(change)}`);
    for (const w of cors.warnings) lines.push(`    ${style.dim('Note:')} ${w}`);
  }
  return lines;
}

/** How the file reads: HAR by its name, or (neither .har nor .jsonl) by its first bytes. */
async function isHarFile(path: string): Promise<boolean> {
  if (/\.har$/i.test(path)) return true;
  if (/\.jsonl$/i.test(path)) return false;
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(4096), 0, 4096, 0);
    return /^\s*\{\s*"log"/.test(buffer.subarray(0, bytesRead).toString('utf8'));
  } finally {
    await file.close();
  }
}

function cannotRead(path: string, err: unknown): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return new InputError(`cannot read ${path}: ${why}`);
}

/** Bad lines reported one by one up to this many; the rest are counted. */
const MAX_LINE_WARNINGS = 5;

/** Reads a JSONL file line by line, handing each judged record to `onRecord`. */
async function streamJsonLines(
  path: string,
  onRecord: (record: ExchangeRecord) => void,
  warn: (text: string) => void,
  /** Called every few hundred lines, so the output keeps pace with the input. */
  flush: () => Promise<void>,
): Promise<void> {
  const input = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    input.once('open', () => resolve());
    input.once('error', reject);
  });
  await opened.catch((err) => {
    throw cannotRead(path, err);
  });
  const judge = new StreamJudge(onRecord);
  let lineNumber = 0;
  let good = 0;
  let bad = 0;
  let firstError = '';
  // The last bad line is only known to be the file's cut-off end once nothing follows it.
  let held: { line: number; message: string } | null = null;
  const skip = (b: { line: number; message: string }) => {
    bad++;
    if (bad <= MAX_LINE_WARNINGS) warn(`${path}: ${b.message}: skipped`);
  };
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const text of lines) {
    lineNumber++;
    let read;
    try {
      read = readJsonLine(text, lineNumber);
    } catch (err) {
      if (held) skip(held);
      held = { line: lineNumber, message: (err as Error).message };
      firstError ||= held.message;
      continue;
    }
    if (!read) continue;
    if (held) {
      skip(held);
      held = null;
    }
    good++;
    judge.add(read.record);
    if (good % 256 === 0) await flush();
  }
  if (good === 0) throw new InputError(`${path}: ${firstError || 'no JSON lines found'}`);
  judge.finish();
  if (bad > MAX_LINE_WARNINGS) warn(`${path}: ${bad - MAX_LINE_WARNINGS} more line(s) that are not records were skipped`);
  if (held) {
    warn(`${path}: line ${held.line} is cut off (${held.message.slice(held.message.indexOf(':') + 2)}), as a full disk or a killed writer leaves it; the ${good} record(s) before it were read`);
  }
}

/** Writes to stdout, waiting when it asks to (a pipe that is full). */
async function put(text: string): Promise<void> {
  if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve));
}

export async function runAnalyze(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean' });
  if (args.positionals.length !== 1) throw new UsageError('analyze needs exactly one file: cors-inspector analyze <file.har|file.jsonl>');
  const path = args.positionals[0];
  const json = args.flags.get('json') === true;
  const style = makeStyle(wantsColor(process.stdout, process.env));
  const summary = emptySummary();
  // Records come out of the judge synchronously; their text is queued and written between lines read.
  let queue: string[] = [];
  let first = true;
  const onRecord = (r: ExchangeRecord) => {
    count(summary, r);
    if (json) {
      queue.push(`${first ? '{\n  "exchanges": [\n' : ',\n'}    ${toJsonLine(r)}`);
      first = false;
    } else {
      queue.push(formatExchange(r, style) + '\n');
      for (const line of details(r, style)) queue.push(line + '\n');
    }
  };
  const flush = async () => {
    if (queue.length === 0) return;
    const text = queue.join('');
    queue = [];
    await put(text);
  };
  const warnings: string[] = [];

  let har: boolean;
  try {
    har = await isHarFile(path);
  } catch (err) {
    throw cannotRead(path, err);
  }
  if (har) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      throw cannotRead(path, err);
    }
    for (const r of loadRecords(path, text)) onRecord(r);
  } else {
    await streamJsonLines(path, onRecord, (w) => warnings.push(w), flush);
  }
  await flush();
  for (const w of warnings) process.stderr.write(`cors-inspector: warning: ${w}\n`);

  if (json) {
    const indented = JSON.stringify(summary, null, 2).split('\n').join('\n  ');
    await put(`${first ? '{\n  "exchanges": [' : '\n  '}],\n  "summary": ${indented}\n}\n`);
  } else {
    await put(
      `\n${summary.exchanges} exchange(s), ${summary.cors} cross-origin: ${summary.passed} passed, ${summary.warned} with warnings, ${summary.failed} blocked by CORS\n`,
    );
    if (summary.noResponse > 0) {
      await put(
        `${summary.noResponse} exchange(s) have no response in the file (the browser failed them, e.g. net::ERR_FAILED): record them through \`cors-inspector proxy\` to see why.\n`,
      );
    }
  }
  return summary.failed > 0 ? 1 : 0;
}
