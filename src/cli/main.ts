// cors-inspector: the CORS Inspector engine without VS Code.
// Exit codes: 0 ok, 1 `analyze` found CORS failures (`fix`: unfixable; `audit`: a high finding), 2 usage or runtime error, 3 `fix`: nothing to fix.
import { version } from '../../package.json';
import { UsageError } from './args';
import { InputError, runAnalyze } from './analyze-command';
import { runProxy } from './proxy-command';
import { FIX_HELP, runFix } from './fix-command';
import { AUDIT_HELP, runAuditCommand } from './audit-command';

const HELP = `cors-inspector ${version} — see why the browser blocks a cross-origin call

Usage:
  cors-inspector proxy --target <url> [options]   record and judge traffic to a dev server
  cors-inspector analyze <file.har|file.jsonl> [--json]
  cors-inspector fix --from <file.jsonl|file.har> [--workspace <dir>] [--apply]   write the CORS fix into the server's code
  cors-inspector audit --target <url> --origin <origin> [--path <p>]... [--json]
  cors-inspector --help | --version

proxy options:
  --target <url>            forward everything to <url>, e.g. http://localhost:3000
  --target /api=<url>       forward one path prefix (repeat for several targets)
  --port <n>                port to listen on, 127.0.0.1 only (default: a free port)
  --jsonl <file>            append one JSON line per judged exchange
  --har <file>              write a HAR 1.2 file on exit
  --no-mask                 keep Authorization/Cookie/Set-Cookie values in the HAR
  --forward                 also act as a forward proxy (HTTP_PROXY) for loopback clients
  --allow-host <host>       forward mode: a non-loopback host that may be reached (repeatable)
  --max-exchanges <n>       exchanges kept in memory (default 5000)
  --body-bytes <n>          bytes of each body recorded (default 65536)
  --pairing-window <ms>     how long a preflight waits for its request (default 2000)

analyze: prints every exchange with the browser's verdict and the fix;
  --json prints it as JSON. Exit status 1 when any exchange is blocked by CORS.

${AUDIT_HELP}
Colour is used on a terminal unless NO_COLOR is set.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(HELP);
      return 0;
    case '--version':
    case '-v':
      process.stdout.write(`${version}\n`);
      return 0;
    case 'proxy':
      if (rest.includes('--help')) return main(['--help']);
      return runProxy(rest);
    case 'analyze':
      if (rest.includes('--help')) return main(['--help']);
      return runAnalyze(rest);
    case 'fix':
      if (rest.includes('--help')) {
        process.stdout.write(FIX_HELP);
        return 0;
      }
      return runFix(rest);
    case 'audit':
      if (rest.includes('--help')) {
        process.stdout.write(AUDIT_HELP);
        return 0;
      }
      return runAuditCommand(rest);
    case undefined:
      throw new UsageError('missing command: use "proxy", "analyze", "fix" or "audit" (see --help)');
    default:
      throw new UsageError(`unknown command "${command}" (see --help)`);
  }
}

/** One line, no stack trace: what went wrong and, where we can tell, what to do. */
function describe(err: unknown): string {
  if (err instanceof UsageError || err instanceof InputError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.message === 'string') {
    if (e.code === 'ENOENT' && e.path) return `cannot open ${e.path}: no such file or directory`;
    if (e.code === 'EACCES' && e.path) return `cannot open ${e.path}: permission denied`;
    return e.message.split('\n')[0];
  }
  return String(err);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`cors-inspector: ${describe(err)}\n`);
    process.exit(2);
  },
);
