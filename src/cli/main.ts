// cors-inspector: the CORS Inspector engine without VS Code.
// Exit codes: 0 ok, 1 `analyze` found CORS failures (`fix`: unfixable; `audit`: a high finding), 2 usage or runtime error, 3 `fix`: nothing to fix.
import { version } from '../../package.json';
import { UsageError } from './args';
import { ANALYZE_HELP, InputError, runAnalyze } from './analyze-command';
import { PROXY_HELP, runProxy } from './proxy-command';
import { BROWSE_HELP, runBrowse } from './browse-command';
import { FIX_HELP, runFix } from './fix-command';
import { AUDIT_HELP, runAuditCommand } from './audit-command';

const HELP = `cors-inspector ${version} — see why the browser blocks a cross-origin call

Usage:
  cors-inspector proxy --target <url> [options]   record and judge traffic to a dev server
  cors-inspector analyze <file.har|file.jsonl> [--json]   judge traffic recorded earlier
  cors-inspector fix --from <file.jsonl|file.har> [--workspace <dir>] [--apply]   write the CORS fix into the server's code
  cors-inspector audit --target <url> --origin <origin> [--path <p>]... [--json]
  cors-inspector browse <url> [--browser <path>] [--headless] [--jsonl <file>] [--har <file>]
                                                   open a page in Chromium/Chrome/Edge and record what it sends
  cors-inspector <command> --help                  the options of one command, with an example
  cors-inspector --help | --version

Colour is used on a terminal unless NO_COLOR is set.
`;

/** `--help` or `-h` anywhere before a `--` (after it, it would be a file name). */
function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

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
      if (wantsHelp(rest)) {
        process.stdout.write(PROXY_HELP);
        return 0;
      }
      return runProxy(rest);
    case 'analyze':
      if (wantsHelp(rest)) {
        process.stdout.write(ANALYZE_HELP);
        return 0;
      }
      return runAnalyze(rest);
    case 'browse':
      if (wantsHelp(rest)) {
        process.stdout.write(BROWSE_HELP);
        return 0;
      }
      return runBrowse(rest);
    case 'fix':
      if (wantsHelp(rest)) {
        process.stdout.write(FIX_HELP);
        return 0;
      }
      return runFix(rest);
    case 'audit':
      if (wantsHelp(rest)) {
        process.stdout.write(AUDIT_HELP);
        return 0;
      }
      return runAuditCommand(rest);
    case undefined:
      throw new UsageError('missing command: use "proxy", "analyze", "fix", "audit" or "browse" (see --help)');
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
