// `cors-inspector browse <url>`: launch Chromium, Chrome or Edge with a fresh profile,
// attach over the DevTools pipe, open the page, and record every cross-origin exchange
// from the browser's own events: its verdict, the engine's beside it, and the line of
// the page's code that made the request. Stops on Ctrl-C, SIGTERM or when the browser closes.
import { createWriteStream, type WriteStream } from 'fs';
import { writeFile } from 'fs/promises';
import { findBrowser } from '../browser/find-browser';
import { BrowseSession } from '../browser/browse-session';
import { launchAttached } from '../browser/launch';
import { toHar } from '../core/exchange/har';
import { toJsonLine } from '../core/exchange/jsonl';
import type { ExchangeRecord } from '../core/exchange/types';
import { parseArgs, UsageError } from './args';
import { formatExchange, makeStyle, wantsColor } from './format';

export const BROWSE_HELP = `Usage: cors-inspector browse <url> [options]

Opens <url> in Chromium, Chrome or Edge with a fresh profile and records every
cross-origin request the page makes, from the browser's own DevTools events (no
proxy, no certificate: HTTPS and remote APIs included). Each line shows the
browser's verdict; each record also holds the engine's judgement, and the file and
line of the page's code that made the request (through source maps).

Options:
  --browser <path>   the browser executable (default: Chrome, Chromium or Edge, whichever is installed)
  --headless         run without a window (CI, or no display)
  --jsonl <file>     append one JSON line per exchange
  --har <file>       write a HAR 1.2 file when it stops
  --no-mask          keep Authorization/Cookie/Set-Cookie values in the HAR

Stops on Ctrl-C or SIGTERM, or when the browser is closed; the files are complete then.
When the engine, from the wire alone, disagrees with the browser, the exchange is
printed to stderr as an engine bug.

Example:
  cors-inspector browse http://localhost:5173 --jsonl cors.jsonl
`;

const SPEC = {
  browser: 'string',
  headless: 'boolean',
  jsonl: 'string',
  har: 'string',
  'no-mask': 'boolean',
  // Extra browser flags, for tests on machines that need them.
  'browser-arg': 'list',
} as const;

function location(record: ExchangeRecord): string {
  const at = record.initiator;
  if (!at) return '';
  let where = at.url;
  try {
    const u = new URL(at.url);
    where = u.pathname + u.search;
  } catch {
    // not a URL: shown as it is
  }
  return `${where}:${at.line}:${at.column}`;
}

export async function runBrowse(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.positionals.length !== 1) throw new UsageError('browse needs exactly one URL, e.g. cors-inspector browse http://localhost:5173');
  const url = args.positionals[0];
  if (!/^(https?|file):/i.test(url)) throw new UsageError(`invalid URL "${url}": expected http://, https:// or file://`);
  const explicit = args.flags.get('browser') as string | undefined;
  const executable = findBrowser('auto', explicit ?? '');
  if (!executable) {
    throw new UsageError(explicit ? `no browser at ${explicit}` : 'found no Chrome, Chromium or Edge: pass --browser <path>');
  }
  const harFile = args.flags.get('har') as string | undefined;
  const jsonlFile = args.flags.get('jsonl') as string | undefined;
  const style = makeStyle(wantsColor(process.stdout, process.env));
  const records: ExchangeRecord[] = [];
  let jsonl: WriteStream | null = null;
  if (jsonlFile) {
    jsonl = createWriteStream(jsonlFile, { flags: 'a' });
    await new Promise<void>((resolve, reject) => {
      jsonl!.once('open', () => resolve());
      jsonl!.once('error', (err) => reject(new Error(`cannot write ${jsonlFile}: ${err.message}`)));
    });
  }
  let engineBugs = 0;

  const browser = launchAttached(executable, {
    headless: args.flags.get('headless') === true,
    extraArgs: args.flags.get('browser-arg') as string[] | undefined,
  });
  const session = new BrowseSession(browser, {
    onFlow: (flow) => {
      for (const record of flow.records) {
        records.push(record);
        jsonl?.write(toJsonLine(record) + '\n');
        const where = location(record);
        process.stdout.write(formatExchange(record, style, { fullUrl: true }) + (where ? ` ${style.dim(`← ${where}`)}` : '') + '\n');
      }
      if (flow.engineBug) {
        engineBugs++;
        process.stderr.write(
          `cors-inspector: engine bug: ${flow.engineBug.difference}\n${JSON.stringify(flow.engineBug.records.map((r) => ({ request: r.request, response: r.response, browser: r.browser, engine: r.engine })))}\n`,
        );
      }
    },
    onUpdate: (record) => {
      // JSONL readers keep the last line of each id.
      jsonl?.write(toJsonLine(record) + '\n');
      process.stdout.write(formatExchange(record, style, { fullUrl: true }) + '\n');
    },
    onError: (err) => process.stderr.write(`cors-inspector: ${err.message}\n`),
  });

  const early = await Promise.race([
    browser.exited.then((e) => e),
    session.open(url).then(() => null, (err: Error) => err),
  ]);
  if (early && !(early instanceof Error)) {
    const tail = browser.stderrTail().slice(-8);
    throw new Error(`the browser (${executable}) exited at once (${early.signal ?? `code ${early.code}`})${tail.length ? `:\n  ${tail.join('\n  ')}` : ''}${/display|x server|ozone/i.test(tail.join(' ')) ? '\nno display here: add --headless' : ''}`);
  }
  if (early instanceof Error) {
    await browser.close();
    throw new Error(`could not open ${url} in the browser: ${early.message}`);
  }
  process.stdout.write(`browsing ${url} in ${executable} (pid ${browser.pid})\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (why: string) => {
      if (stopping) return;
      stopping = true;
      await session.stop();
      await browser.close();
      try {
        if (jsonl) await new Promise<void>((r) => jsonl!.end(r));
        if (harFile) await writeFile(harFile, JSON.stringify(toHar(records, { maskSensitive: args.flags.get('no-mask') !== true }), null, 2) + '\n');
      } catch (err) {
        process.stderr.write(`cors-inspector: could not write files: ${(err as Error).message}\n`);
        resolve(2);
        return;
      }
      const failing = records.filter((r) => r.cors.verdict === 'fail').length;
      process.stderr.write(`${why}: stopped after ${records.length} exchange(s), ${failing} failing, ${engineBugs} engine disagreement(s)\n`);
      resolve(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
    void browser.exited.then(() => stop('browser closed'));
  });
}
