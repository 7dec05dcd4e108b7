// `cors-inspector proxy`: run the inspecting proxy in a terminal, print one line
// per exchange, write JSONL/HAR, and shut down cleanly on Ctrl-C or SIGTERM.
import type { ExchangeRecord } from '../core/exchange/types';
import { startInspector } from '../proxy/index';
import { intFlag, parseArgs, UsageError, type ParsedArgs } from './args';
import { formatExchange, makeStyle, wantsColor } from './format';

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
    throw new UsageError(`invalid --target "${value}": "${target}" is not an absolute URL (e.g. http://localhost:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`invalid --target "${value}": only http:// and https:// targets are supported`);
  }
  return { prefix, target };
}

export async function runProxy(argv: string[]): Promise<number> {
  const args: ParsedArgs = parseArgs(argv, SPEC);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const targets = ((args.flags.get('target') as string[] | undefined) ?? []).map(parseTarget);
  const forward = args.flags.get('forward') === true;
  if (targets.length === 0 && !forward) throw new UsageError('proxy needs --target <url> (or --forward)');

  const style = makeStyle(wantsColor(process.stdout, process.env));
  const inspector = await startInspector({
    port: intFlag(args, 'port', 0, 65535, 0),
    targets,
    forward,
    allowHosts: args.flags.get('allow-host') as string[] | undefined,
    maxExchanges: intFlag(args, 'max-exchanges', 1, 10_000_000),
    bodyCaptureBytes: intFlag(args, 'body-bytes', 0, 64 * 1024 * 1024),
    pairingWindowMs: intFlag(args, 'pairing-window', 0, 600_000),
    jsonlFile: args.flags.get('jsonl') as string | undefined,
    harFile: args.flags.get('har') as string | undefined,
    maskSensitive: args.flags.get('no-mask') !== true,
    onError: (err) => process.stderr.write(`cors-inspector: ${err.message}\n`),
  });

  // Print a record once its judgement is final (a preflight waits for its request).
  const printed = new WeakSet<ExchangeRecord>();
  const print = (record: ExchangeRecord) => {
    if (record.pending || printed.has(record)) return;
    printed.add(record);
    process.stdout.write(formatExchange(record, style, forward) + '\n');
  };
  inspector.recorder.onRecord((record) => {
    // A preflight is concluded by its request: print it first so lines read in wire order.
    const pair = record.type === 'request' ? inspector.recorder.pairOf(record) : undefined;
    if (pair?.type === 'preflight') print(pair);
    print(record);
  });
  process.stdout.write(`listening on ${inspector.url}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      inspector
        .close()
        .then(() => {
          const total = inspector.recorder.list().length;
          process.stderr.write(`${signal}: stopped after ${total} exchange(s), ${inspector.recorder.failingCount} failing CORS flow(s)\n`);
          resolve(0);
        })
        .catch((err: Error) => {
          process.stderr.write(`cors-inspector: could not write files on exit: ${err.message}\n`);
          resolve(2);
        });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
