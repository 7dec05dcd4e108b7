// The audit's Problems: static findings where the code is, findings from traffic
// (passive) and from the last active audit where the workspace configures CORS
// (else on a top-level file). All are warnings: the browser lets these through.
import * as vscode from 'vscode';
import type { AuditReport } from '../core/audit/active';
import type { Finding } from '../core/audit/types';
import type { PassiveAudit } from './passiveAudit';
import type { StaticAudit } from './staticAudit';
import { problemPlaceholder } from './problemPlaceholder';

export const AUDIT_SOURCE = 'CORS Inspector audit';

export class AuditDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cors-inspector-audit');
  private active: AuditReport | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly staticAudit: StaticAudit, private readonly passive: PassiveAudit) {
    this.disposables.push(staticAudit.onDidChange(() => this.schedule()), passive.onDidChange(() => this.schedule()));
  }

  setActiveReport(report: AuditReport | null): void {
    this.active = report;
    void this.update();
  }

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, 100);
  }

  async update(): Promise<void> {
    const byFile = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    const push = (uri: vscode.Uri, d: vscode.Diagnostic) => {
      const entry = byFile.get(uri.toString()) ?? { uri, list: [] };
      entry.list.push(d);
      byFile.set(uri.toString(), entry);
    };
    for (const entry of this.staticAudit.entries()) {
      for (const f of entry.findings) {
        const r = f.range;
        const d = new vscode.Diagnostic(new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character), `CORS (${f.severity}): ${f.title}. ${f.detail} Fix: ${f.fix}`, vscode.DiagnosticSeverity.Warning);
        d.source = AUDIT_SOURCE;
        d.code = f.id;
        push(entry.uri, d);
      }
    }
    const traffic: Array<{ f: Finding; from: string }> = [
      ...this.passive.findings.map((f) => ({ f, from: 'seen in recorded traffic' })),
      ...(this.active?.findings ?? []).map((f) => ({ f, from: `active audit of ${this.active!.target}` })),
    ];
    if (traffic.length) {
      const fallback = await this.placeholder();
      for (const { f, from } of traffic) {
        const at = this.staticAudit.placeFor(f.evidence.map((e) => e.request));
        const place = at ? { uri: at.uri, range: new vscode.Range(at.line, at.character, at.line, Number.MAX_SAFE_INTEGER) } : fallback;
        if (place) {
          const d = new vscode.Diagnostic(place.range, `CORS (${f.severity}, ${from}): ${f.title}. ${f.detail} Fix: ${f.fix}`, vscode.DiagnosticSeverity.Warning);
          d.source = AUDIT_SOURCE;
          d.code = f.id;
          push(place.uri, d);
        }
      }
    }
    this.collection.clear();
    for (const { uri, list } of byFile.values()) this.collection.set(uri, list);
  }

  private async placeholder(): Promise<{ uri: vscode.Uri; range: vscode.Range } | null> {
    const uri = await problemPlaceholder();
    return uri ? { uri, range: new vscode.Range(0, 0, 0, 0) } : null;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
    this.collection.dispose();
  }
}
