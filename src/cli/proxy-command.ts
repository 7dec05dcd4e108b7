// `cors-inspector proxy`: run the inspecting proxy in a terminal, print one line
// per exchange, write JSONL/HAR, and shut down cleanly on Ctrl-C or SIGTERM.
import { isatty } from 'node:tty';
import type { ExchangeRecord } from '../core/exchange/types';
import { startInspector, type Inspector } from '../proxy/index';
import { intFlag, parseArgs, UsageError, type ParsedArgs } from './args';
import { formatExchange, makeStyle, wantsColor } from './format';
import { LiveLines } from './live-lines';
import { RecordFiles, type RecordFileError } from './record-files';

export const PROXY_HELP = `Usage: cors-inspector proxy --target <url> [options]

Forwards every request unchanged to the dev server and prints one line per
exchange with the browser's verdict: ✓ passes, ✗ blocked (with the CORS error,
the reason and the fix), ⚠ passes but would be blocked with credentials, · not CORS.

Options:
  --target <url>            forward everything to <url>, e.g. http://localhost:3000
  --target /api=<url>       forward one path prefix (repeat for several targets)
  --port <n>                port to listen on, 127.0.0.1 only (default: a free port)
  --jsonl <file>            write one JSON line per judged exchange
  --har <file>              write a HAR 1.2 file on exit
  --no-mask                 keep Authorization/Cookie/Set-Cookie values in the HAR
  --forward                 also act as a forward proxy (HTTP_PROXY) for loopback clients
  --allow-host <host>       forward mode: a non-loopback host that may be reached (repeatable)
  --max-exchanges <n>       exchanges kept in memory, and so in the HAR (default 5000)
  --body-bytes <n>          bytes of each body recorded (default 65536)
  --pairing-window <ms>     how long a preflight waits for its request (default 2000)

The first line is "listening on http://127.0.0.1:<port>". Ctrl-C or SIGTERM stops
it and completes the files (exchanges still in flight are written as incomplete);
exit status 0, or 2 on a usage error or when a file cannot be written.

Example:
  cors-inspector proxy --target http://localhost:3000 --port 8080 --jsonl session.jsonl --har session.har
`;

const SPEC = {
  target: 'list',
  port: 'string',
  jsonl: 'string',
  har: 'string',
  forward: 'boolean',
  'allow-host': 'list',
  'max-exchanges': 'string',
  'body-bytes': 'string',
  'pairing-window': 'string',
  'no-mask': 'boolean',
} as const;

/**
 * The port written in `scheme://host:port/…` when the URL parser refused the URL,
 * so a port out of range can be named as the problem. Undefined when there is none.
 */
function portOf(target: string): string | undefined {
  const scheme = target.indexOf('://');
  if (scheme < 0) return undefined;
  const rest = target.slice(scheme + 3);
  const end = [...'/?#'].map((c) => rest.indexOf(c)).filter((i) => i >= 0);
  const authority = rest.slice(0, end.length > 0 ? Math.min(...end) : rest.length);
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  const colon = hostPort.lastIndexOf(':');
  if (colon < 0 || hostPort.endsWith(']')) return undefined;
  const port = hostPort.slice(colon + 1);
  return port !== '' && [...port].every((c) => c >= '0' && c <= '9') ? port : undefined;
}

/** "--target http://host:4000" (everything) or "--target /api=http://host:4000" (one path prefix). */
export function parseTarget(value: string): { prefix: string; target: string } {
  let prefix = '/';
  let target = value;
  if (value.startsWith('/')) {
    const eq = value.indexOf('=');
    if (eq < 0) throw new UsageError(`invalid --target "${value}": expected /prefix=http://host:port`);
    prefix = value.slice(0, eq);
    target = value.slice(eq + 1);
  }
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    const port = portOf(target);
    if (port !== undefined && Number(port) > 65535) {
      throw new UsageError(`invalid --target "${value}": port ${port} is out of range (a port is 1 to 65535)`);
    }
    throw new UsageError(`invalid --target "${value}": "${target}" is not an absolute URL (e.g. http://localhost:3000)`);
  }
  if (url.port === '0') throw new UsageError(`invalid --target "${value}": port 0 cannot be connected to (a port is 1 to 65535)`);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid --target "${value}": only http:// and https:// targets are supported`);
  }
  return { prefix, target };
}

/** Lines the terminal may fall behind by before they are coalesced ("… N more"). */
const MAX_BACKLOG = { tty: 10_000, pipe: 1_000 };

export async function runProxy(argv: string[]): Promise<number> {
  const args: ParsedArgs = parseArgs(argv, SPEC);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const targets = ((args.flags.get('target') as string[] | undefined) ?? []).map(parseTarget);
  const forward = args.flags.get('forward') === true;
  if (targets.length === 0 && !forward) throw new UsageError('proxy needs --target <url> (or --forward)');
  const options = {
    port: intFlag(args, 'port', 0, 65535, 0),
    maxExchanges: intFlag(args, 'max-exchanges', 1, 10_000_000),
    bodyCaptureBytes: intFlag(args, 'body-bytes', 0, 64 * 1024 * 1024),
    pairingWindowMs: intFlag(args, 'pairing-window', 0, 600_000),
  };

  // Set once a file cannot be written: the session stops at once (records would be lost).
  let onFileError: (err: RecordFileError) => void = () => undefined;
  const files = await RecordFiles.open({
    jsonl: args.flags.get('jsonl') as string | undefined,
    har: args.flags.get('har') as string | undefined,
    maskSensitive: args.flags.get('no-mask') !== true,
    onFatal: (err) => onFileError(err),
  });

  const tty = isatty(1);
  const out = new LiveLines(1, tty ? MAX_BACKLOG.tty : MAX_BACKLOG.pipe);
  const style = makeStyle(wantsColor({ isTTY: tty }, process.env));
  let inspector: Inspector;
  try {
    inspector = await startInspector({
      ...options,
      targets,
      forward,
      allowHosts: args.flags.get('allow-host') as string[] | undefined,
      onError: (err) => process.stderr.write(`cors-inspector: ${err.message}\n`),
    });
  } catch (err) {
    await files.close([]).catch(() => undefined);
    throw err;
  }
  files.follow(inspector.recorder);

  // Print a record once its judgement is final (a preflight waits for its request).
  const printed = inspector.recorder.notes<true>();
  const print = (record: ExchangeRecord) => {
    if (record.pending || printed.get(record)) return;
    printed.set(record, true);
    out.line(formatExchange(record, style, { fullUrl: forward, withFix: true }));
  };
  // Every exchange of the session; the recorder keeps only the last --max-exchanges.
  let total = 0;
  inspector.recorder.onRecord((record, change) => {
    if (change === 'added') total++;
    // A preflight is concluded by its request: print it first so lines read in wire order.
    const pair = record.type === 'request' ? inspector.recorder.pairOf(record) : undefined;
    if (pair?.type === 'preflight') print(pair);
    print(record);
  });
  out.line(`listening on ${inspector.url}`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = async (why: string, code: number): Promise<void> => {
      if (stopping) return;
      stopping = true;
      let status = code;
      await inspector.close();
      try {
        await files.close(inspector.recorder.list());
      } catch (err) {
        // Already said when it happened (onFileError); a failure at close is said now.
        if (code === 0) process.stderr.write(`cors-inspector: ${(err as Error).message}\n`);
        status = 2;
      }
      await out.drain(2000);
      const skipped = out.skippedTotal > 0 ? `, ${out.skippedTotal} line(s) not shown` : '';
      process.stderr.write(`${why}: stopped after ${total} exchange(s), ${inspector.recorder.failingCount} failing CORS flow(s)${skipped}\n`);
      resolve(status);
    };
    onFileError = (err) => {
      process.stderr.write(`cors-inspector: ${err.message}; stopping so that no more exchanges go unrecorded\n`);
      void stop('write error', 2);
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      // A second Ctrl-C while the files are being finished: leave now.
      if (stopping) process.exit(130);
      void stop(signal, 0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
