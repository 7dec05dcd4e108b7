// "CORS Inspector: Audit CORS Policy": the active audit against the dev server,
// from the editor. The target defaults to the inspector's, the origin to the one the
// recorded traffic came from, the paths to those recorded; only loopback or the
// hosts of the configured targets may be audited.
import * as vscode from 'vscode';
import type { AuditReport } from '../core/audit/active';
import { PlanError } from '../core/audit/probes';
import { formatReport, PLAIN } from '../core/audit/report-text';
import type { ExchangeRecord } from '../core/exchange/types';
import { runAudit } from '../audit/run-audit';
import { recordedOrigins } from './auditQuickFix';
import type { TargetRoute } from './config';

export interface AuditArgs {
  target?: string;
  origin?: string;
  paths?: string[];
  /** Don't show the report or the summary notification (tests). */
  quiet?: boolean;
}

export interface AuditContext {
  records(): ExchangeRecord[];
  /** Targets the user configured (setting, or the one they picked and the workspace remembers). */
  configuredTargets(): TargetRoute[] | null;
  output: vscode.OutputChannel;
  onReport(report: AuditReport): void;
}

function recordedPaths(records: readonly ExchangeRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.cors.verdict === 'not-cors') continue;
    try {
      const u = new URL(r.request.url);
      counts.set(u.pathname, (counts.get(u.pathname) ?? 0) + 1);
    } catch {
      // not a URL: skip
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([p]) => p).slice(0, 8);
}

export async function auditCommand(ctx: AuditContext, args: AuditArgs = {}): Promise<AuditReport | undefined> {
  const routes = ctx.configuredTargets() ?? [];
  let target: string | undefined = args.target ?? routes[0]?.target;
  if (!target) {
    target = await vscode.window.showInputBox({ title: 'Audit CORS Policy', prompt: 'The dev server to audit (it must run on this machine, or be a configured target)', value: 'http://localhost:3000' });
    if (!target) return undefined;
  }
  const records = ctx.records();
  let origin = args.origin;
  if (!origin) {
    origin = await vscode.window.showInputBox({
      title: 'Audit CORS Policy',
      prompt: 'The origin your front end really runs on (in production if you can: e.g. https://app.example.com)',
      value: recordedOrigins(records)[0] ?? 'http://localhost:5173',
    });
    if (!origin) return undefined;
  }
  const paths = args.paths ?? (recordedPaths(records).length ? recordedPaths(records) : ['/']);
  const allowHosts = [...new Set(routes.map((r) => new URL(r.target).hostname))];
  let report: AuditReport;
  try {
    report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Auditing the CORS policy of ${target}…` },
      () => runAudit({ target: target!, origin: origin!, paths, allowHosts }),
    );
  } catch (err) {
    const message = err instanceof PlanError ? err.message.replace(/--(\w+)/g, '$1') : (err as Error).message;
    void vscode.window.showErrorMessage(`CORS audit: ${message}`);
    return undefined;
  }
  ctx.onReport(report);
  ctx.output.clear();
  ctx.output.append(formatReport(report, PLAIN));
  if (!args.quiet) {
    const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
    const summary = report.findings.length
      ? `CORS audit of ${target}: ${count('high')} high, ${count('medium')} medium, ${count('low')} low finding(s).`
      : `CORS audit of ${target}: no crafted origin, method or header was let in.`;
    const show = report.findings.some((f) => f.severity === 'high') ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(summary, 'Show Report').then((c) => {
      if (c) ctx.output.show(true);
    });
  }
  return report;
}
