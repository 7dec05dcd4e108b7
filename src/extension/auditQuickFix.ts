// The static findings' quick fix: rewrite the origin check into an exact allow-list
// of the app's real origins, taken from the recorded traffic (or asked for). The
// allow-list is audited and the edited code analyzed again before it is offered.
import * as vscode from 'vscode';
import type { StaticFinding } from '../core/audit/static';
import { originProblem } from '../core/codefix/policy-rules';
import { headerValue } from '../core/exchange/records';
import type { ExchangeRecord } from '../core/exchange/types';
import { AUDIT_SOURCE } from './auditDiagnostics';
import type { StaticAudit } from './staticAudit';

export const ALLOW_LIST_COMMAND = 'corsInspector.allowListFix';

/** The origins the front end really used, most frequent first (cross-origin traffic only). */
export function recordedOrigins(records: readonly ExchangeRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.cors.verdict === 'not-cors') continue;
    const o = headerValue(r.request.headers, 'origin');
    if (!o || originProblem(o, true)) continue;
    counts.set(o, (counts.get(o) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o]) => o).slice(0, 5);
}

/** The finding at a place in the document's current text (the analysis the diagnostics came from). */
async function findingAt(audit: StaticAudit, document: vscode.TextDocument, id: string, line: number, character: number): Promise<StaticFinding | undefined> {
  const { findings } = await audit.analyzeText({ path: vscode.workspace.asRelativePath(document.uri, false), text: document.getText() });
  return findings.find((f) => f.id === id && f.range.start.line === line && f.range.start.character === character);
}

function toWorkspaceEdit(uri: vscode.Uri, edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }>): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  return edit;
}

export class AllowListQuickFix implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly records: () => ExchangeRecord[], private readonly audit: StaticAudit) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const out: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== AUDIT_SOURCE) continue;
      const finding = await findingAt(this.audit, document, String(d.code), d.range.start.line, d.range.start.character);
      if (!finding?.repair) continue;
      const origins = recordedOrigins(this.records());
      if (origins.length === 0) {
        const ask = new vscode.CodeAction('Allow only the front end\'s origins…', vscode.CodeActionKind.QuickFix);
        ask.command = { command: ALLOW_LIST_COMMAND, title: ask.title, arguments: [document.uri, d.range.start.line, d.range.start.character, String(d.code)] };
        ask.diagnostics = [d];
        out.push(ask);
        continue;
      }
      const plan = await this.audit.planFix({ path: finding.file, text: document.getText() }, finding, origins);
      if ('refused' in plan) {
        const no = new vscode.CodeAction('Allow only the front end\'s origins', vscode.CodeActionKind.QuickFix);
        no.disabled = { reason: plan.refused };
        out.push(no);
        continue;
      }
      const action = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
      action.edit = toWorkspaceEdit(document.uri, plan.edits);
      action.diagnostics = [d];
      action.isPreferred = true;
      out.push(action);
    }
    return out;
  }
}

/** The quick fix without recorded origins: asks for them, then applies the same audited rewrite. */
export async function allowListCommand(audit: StaticAudit, uri: vscode.Uri, line: number, character: number, id: string, given?: string[]): Promise<boolean> {
  const document = await vscode.workspace.openTextDocument(uri);
  const finding = await findingAt(audit, document, id, line, character);
  if (!finding) return false;
  let origins = given;
  if (!origins) {
    const answer = await vscode.window.showInputBox({
      title: 'Allow only these origins',
      prompt: 'The origins of your front end, separated by commas (e.g. https://app.example.com, http://localhost:5173)',
      validateInput: (v) => {
        const list = v.split(',').map((s) => s.trim()).filter(Boolean);
        if (list.length === 0) return 'At least one origin';
        const bad = list.map((o) => originProblem(o, finding.credentials)).find((p) => p);
        return bad ? bad.message : undefined;
      },
    });
    if (answer === undefined) return false;
    origins = answer.split(',').map((s) => s.trim()).filter(Boolean);
  }
  const plan = await audit.planFix({ path: finding.file, text: document.getText() }, finding, origins);
  if ('refused' in plan) {
    void vscode.window.showErrorMessage(`CORS Inspector: no fix offered: ${plan.refused}`);
    return false;
  }
  return vscode.workspace.applyEdit(toWorkspaceEdit(uri, plan.edits));
}
