// `cors-inspector analyze`: judge recorded traffic (a HAR from DevTools or our
// own JSONL/HAR) and say which exchanges the browser blocks and how to fix them.
import { readFile } from 'node:fs/promises';
import { fromHar } from '../core/exchange/har';
import { parseJsonLines, toJsonLine } from '../core/exchange/jsonl';
import { rejudge } from '../core/exchange/rejudge';
import type { ExchangeRecord } from '../core/exchange/types';
import { parseArgs, UsageError } from './args';
import { formatExchange, makeStyle, wantsColor, type Style } from './format';

export class InputError extends Error {}

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

export function summarize(records: ExchangeRecord[]): Summary {
  const s: Summary = { exchanges: records.length, cors: 0, passed: 0, warned: 0, failed: 0, noResponse: 0 };
  for (const r of records) {
    if (!r.response) s.noResponse++;
    if (r.cors.verdict === 'not-cors') continue;
    s.cors++;
    if (r.cors.verdict === 'pass') s.passed++;
    else if (r.cors.verdict === 'warn') s.warned++;
    else s.failed++;
  }
  return s;
}

function details(record: ExchangeRecord, style: Style): string[] {
  const lines: string[] = [];
  const { cors } = record;
  if (cors.verdict === 'fail' || cors.verdict === 'warn') {
    if (cors.message) lines.push(`    ${style.dim('Chromium:')} ${cors.message}`);
    if (cors.explanation) lines.push(`    ${style.dim('Why:')} ${cors.explanation}`);
    for (const change of cors.fix) {
      const where = change.on === 'preflight' ? 'preflight response' : 'response';
      lines.push(
        `    ${style.dim('Fix:')} ${change.action === 'set' ? `send "${change.header}: ${change.value ?? ''}"` : `remove "${change.header}"`} on the ${where}`,
      );
    }
    for (const w of cors.warnings) lines.push(`    ${style.dim('Note:')} ${w}`);
  }
  return lines;
}

export async function runAnalyze(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { json: 'boolean' });
  if (args.positionals.length !== 1) throw new UsageError('analyze needs exactly one file: cors-inspector analyze <file.har|file.jsonl>');
  const path = args.positionals[0];
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new InputError(`cannot read ${path}: ${why}`);
  }
  const records = loadRecords(path, text);
  const summary = summarize(records);

  if (args.flags.get('json') === true) {
    const exchanges = records.map((r) => JSON.parse(toJsonLine(r)) as unknown);
    process.stdout.write(JSON.stringify({ summary, exchanges }, null, 2) + '\n');
  } else {
    const style = makeStyle(wantsColor(process.stdout, process.env));
    for (const r of records) {
      process.stdout.write(formatExchange(r, style) + '\n');
      for (const line of details(r, style)) process.stdout.write(line + '\n');
    }
    process.stdout.write(
      `\n${summary.exchanges} exchange(s), ${summary.cors} cross-origin: ${summary.passed} passed, ${summary.warned} with warnings, ${summary.failed} blocked by CORS\n`,
    );
    if (summary.noResponse > 0) {
      process.stdout.write(
        `${summary.noResponse} exchange(s) have no response in the file (the browser failed them, e.g. net::ERR_FAILED): record them through \`cors-inspector proxy\` to see why.\n`,
      );
    }
  }
  return summary.failed > 0 ? 1 : 0;
}
