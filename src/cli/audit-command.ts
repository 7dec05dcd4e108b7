// `cors-inspector audit`: send crafted CORS requests to a dev server you run and
// report the configurations that pass in the browser but let other sites in.
import type { AuditReport } from '../core/audit/active';
import { PlanError } from '../core/audit/probes';
import { formatReport } from '../core/audit/report-text';
import { TargetRefused } from '../audit/target-guard';
import { TargetUnreachable } from '../audit/send-probes';
import { runAudit } from '../audit/run-audit';
import { parseArgs, UsageError } from './args';
import { makeStyle, wantsColor } from './format';
import { InputError } from './analyze-command';

export const AUDIT_HELP = `audit: probe a server's CORS policy for what lets other sites in
  cors-inspector audit --target <url> --origin <origin> [--path <p>]... [--json]

  --target <url>        the API to audit; it must resolve to a loopback address
                        (127.0.0.1, ::1, localhost) unless given with --allow-host
  --origin <origin>     the origin of the front end that really calls it,
                        e.g. https://app.example.com
  --path <p>            a path to probe, e.g. /api/me (repeatable; default: the
                        target URL's own path). Pick routes behind your session.
  --allow-host <host>   a non-loopback host you run and want audited (repeatable)
  --json                print { target, origin, findings: [...] } on stdout

  Sends, to the target only: simple GETs and preflights from an arbitrary origin,
  "null", look-alikes of --origin (prefix, suffix, dot replaced), its http:
  twin, a subdomain, an unheard-of method and header, and Private Network Access.
  Exit status: 1 when any finding is high, 0 otherwise, 2 on a usage error or
  when the target cannot be reached.

Example:
  cors-inspector audit --target http://localhost:3000 --origin https://app.example.com --path /api/me
`;

const SPEC = { target: 'string', origin: 'string', path: 'list', json: 'boolean', 'allow-host': 'list' } as const;

export async function runAuditCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}" (see cors-inspector audit --help)`);
  const target = args.flags.get('target') as string | undefined;
  const origin = args.flags.get('origin') as string | undefined;
  if (!target) throw new UsageError('audit needs --target <url>, e.g. --target http://127.0.0.1:3000');
  if (!origin) throw new UsageError('audit needs --origin <origin>: the front end\'s real origin, e.g. --origin https://app.example.com');
  let report: AuditReport;
  try {
    report = await runAudit({
      target,
      origin,
      paths: (args.flags.get('path') as string[] | undefined) ?? [],
      allowHosts: (args.flags.get('allow-host') as string[] | undefined) ?? [],
    });
  } catch (err) {
    if (err instanceof PlanError) throw new UsageError(err.message);
    if (err instanceof TargetRefused || err instanceof TargetUnreachable) throw new InputError(err.message);
    throw err;
  }
  if (args.flags.get('json') === true) {
    process.stdout.write(JSON.stringify({ target: report.target, origin: report.origin, findings: report.findings }, null, 2) + '\n');
  } else {
    process.stdout.write(formatReport(report, makeStyle(wantsColor(process.stdout, process.env))));
  }
  return report.findings.some((f) => f.severity === 'high') ? 1 : 0;
}
