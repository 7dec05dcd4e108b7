// An audit report as plain text, for the terminal and VS Code's output channel.
import type { AuditReport } from './active';
import type { Evidence, Finding } from './types';
import type { HeaderList } from '../http/types';

/** Colours are the caller's: identity functions for plain text. */
export interface ReportStyle {
  red(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export const PLAIN: ReportStyle = { red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

const LABEL: Record<Finding['severity'], string> = { high: 'HIGH  ', medium: 'MEDIUM', low: 'LOW   ' };

function headerLine(headers: HeaderList): string {
  return headers.map(([n, v]) => `${n}: ${v}`).join(' | ') || '(no CORS headers)';
}

function evidenceLines(e: Evidence, style: ReportStyle): string[] {
  const sent = e.request.headers.filter(([n]) => n.toLowerCase() !== 'accept');
  const lines = [`         ${style.dim('sent:')} ${e.request.method} ${e.request.url}  ${headerLine(sent)}`];
  lines.push(`         ${style.dim('got: ')} ${e.response ? `${e.response.status}  ${headerLine(e.response.headers)}` : 'no answer'}`);
  return lines;
}

export function formatReport(report: AuditReport, style: ReportStyle): string {
  const out: string[] = [`Audit of ${report.target} for the front end at ${report.origin}`, ''];
  for (const f of report.findings) {
    const paint = f.severity === 'high' ? style.red : f.severity === 'medium' ? style.yellow : style.dim;
    out.push(`${paint(style.bold(LABEL[f.severity]))} ${style.bold(f.id)}  ${f.title}`);
    out.push(...evidenceLines(f.evidence[0], style));
    out.push(`         ${style.dim('why: ')} ${f.detail}`);
    out.push(`         ${style.dim('fix: ')} ${f.fix}`);
    out.push('');
  }
  for (const n of report.notes) out.push(`${style.dim('note:')} ${n}`);
  const count = (s: Finding['severity']) => report.findings.filter((f) => f.severity === s).length;
  out.push(
    report.findings.length === 0
      ? 'No finding: no crafted origin, method or header was let in.'
      : `${report.findings.length} finding(s): ${count('high')} high, ${count('medium')} medium, ${count('low')} low`,
  );
  return out.join('\n') + '\n';
}

