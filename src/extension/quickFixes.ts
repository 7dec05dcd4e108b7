// The quick fix in the editor: on a CORS Problem (and on the lines of the file
// where CORS is configured) the lightbulb offers the planner's fix, titled by
// what it does, applied as ONE WorkspaceEdit (package.json included) that one
// undo reverts. "Preview CORS fix…" shows the same edits as a multi-file diff
// first. The panel's "Apply fix in code" runs the same plan through the same
// commands. Planning itself is pure (src/core/codefix); this file only turns
// plans into WorkspaceEdits and talks to the user.
import * as path from 'path';
import * as vscode from 'vscode';
import { applyEditsToFiles } from '../core/codefix';
import type { DependencyChange, FixPlan, TextEdit } from '../core/codefix/types';
import type { CodeFixOffer } from '../../media/webview/protocol';
import { DIAGNOSTIC_SOURCE, type CorsDiagnostics } from './diagnostics';
import type { EditorFixPlanner, EditorPlan } from './fixPlanner';
import { relativePath } from './workspaceFiles';

/**
 * Where the lightbulb is offered: the languages the planner fixes today
 * (JavaScript, TypeScript) and those of the other server frameworks, so that a
 * new planner plug-in needs nothing here. Outside these, Problems still show.
 */
export const QUICK_FIX_SELECTOR: vscode.DocumentSelector = [
  ...['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'go', 'php', 'ruby', 'java', 'csharp', 'nginx', 'apacheconf'].map((language) => ({ language })),
  { pattern: '**/*.conf' },
  { pattern: '**/.htaccess' },
  { pattern: '**/package.json' },
];

const PREVIEW_SCHEME = 'cors-inspector-fix';
const PREVIEW_CONTEXT = 'corsInspector.fixPreviewOpen';

/** What a command is asked to fix: the failing records behind a Problem or a panel row (none: every open Problem). */
export interface FixArgs {
  exchangeIds?: string[];
}

interface AppliedFix {
  title: string;
  touched: string[];
  dependencies: DependencyChange[];
  folder: string;
}

function toRange(r: TextEdit['range']): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The plan's edits as one WorkspaceEdit, each labelled with its reason; files the planner did not get are created. */
export function toWorkspaceEdit(planned: EditorPlan): { edit: vscode.WorkspaceEdit; touched: vscode.Uri[] } {
  const edit = new vscode.WorkspaceEdit();
  const touched = new Map<string, vscode.Uri>();
  const existing = new Set(planned.files.map((f) => f.path));
  for (const change of planned.plan.changes) {
    const metadata: vscode.WorkspaceEditEntryMetadata = { label: change.reason, needsConfirmation: false };
    for (const e of change.edits) {
      const uri = vscode.Uri.joinPath(planned.folder.uri, ...e.file.split('/'));
      if (!existing.has(e.file) && !touched.has(uri.toString())) edit.createFile(uri, { ignoreIfExists: true }, metadata);
      edit.replace(uri, toRange(e.range), e.newText, metadata);
      touched.set(uri.toString(), uri);
    }
  }
  return { edit, touched: [...touched.values()] };
}

/**
 * Opens the documents an edit will change, so the editor keeps them loaded (for a few
 * minutes) after the fix saves them: one undo can then revert every file of the fix.
 * A file that was unloaded after its save (package.json is rarely open) drops out of
 * the multi-file undo, and Ctrl+Z would revert the code but not the dependency.
 */
async function keepOpen(uris: vscode.Uri[]): Promise<void> {
  await Promise.all(uris.map((u) => Promise.resolve(vscode.workspace.openTextDocument(u)).catch(() => undefined)));
}

/** The planner's reasons for not offering a fix, in one sentence. */
function whyNot(plan: FixPlan): string {
  if (plan.status === 'unfixable' && plan.unfixable.length) return [...new Set(plan.unfixable.map((u) => u.reason))].join('; ');
  return plan.title;
}

export class CorsQuickFixes implements vscode.CodeActionProvider, vscode.Disposable {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  private readonly disposables: vscode.Disposable[] = [];
  /** Texts the open preview shows, by preview URI. */
  private previewTexts = new Map<string, string>();
  /** Answers the open preview's question when Apply or Discard is pressed in the editor's title bar. */
  private answerPreview: ((choice: 'Apply' | 'Discard') => void) | undefined;
  private readonly previewChanged = new vscode.EventEmitter<vscode.Uri>();

  constructor(
    private readonly planner: EditorFixPlanner,
    private readonly diagnostics: CorsDiagnostics,
  ) {
    this.disposables.push(
      vscode.languages.registerCodeActionsProvider(QUICK_FIX_SELECTOR, this, CorsQuickFixes.metadata),
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
        onDidChange: this.previewChanged.event,
        provideTextDocumentContent: (uri) => this.previewTexts.get(uri.toString()) ?? '',
      }),
      this.previewChanged,
      vscode.commands.registerCommand('corsInspector.applyFix', (args?: FixArgs) => this.apply(args)),
      vscode.commands.registerCommand('corsInspector.previewFix', (args?: FixArgs) => this.preview(args)),
      vscode.commands.registerCommand('corsInspector.saveAppliedFix', (applied: AppliedFix) => this.afterApply(applied)),
      vscode.commands.registerCommand('corsInspector.applyPreviewedFix', () => this.answerPreview?.('Apply')),
      vscode.commands.registerCommand('corsInspector.discardPreviewedFix', () => this.answerPreview?.('Discard')),
      vscode.commands.registerCommand('corsInspector.describeFix', (args?: FixArgs) => this.describe(args)),
      vscode.commands.registerCommand('corsInspector.openFixLocation', (args?: FixArgs) => this.openLocation(args)),
    );
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const problems = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
    const failures = problems.map((d) => this.diagnostics.failureOf(d)).filter((f) => f !== undefined);
    const onProblem = failures.length > 0;
    const all = onProblem ? failures : this.diagnostics.openFailures();
    if (all.length === 0) return [];
    const exchangeIds = [...new Set(all.flatMap((f) => f.recordIds))];
    const planned = await this.planner.plan(exchangeIds);
    if (!planned || token.isCancellationRequested) return [];
    const { plan } = planned;
    if (plan.status !== 'fix') {
      if (!onProblem) return [];
      const unavailable = new vscode.CodeAction('CORS Inspector: no fix in code', vscode.CodeActionKind.QuickFix);
      unavailable.disabled = { reason: whyNot(plan) };
      unavailable.diagnostics = problems;
      return [unavailable];
    }
    // Without a Problem here, only the lines the fix changes (where CORS is configured) get the lightbulb.
    if (!onProblem && !this.editsTouch(planned, document, range)) return [];
    const { edit, touched } = toWorkspaceEdit(planned);
    await keepOpen(touched);
    const fix = new vscode.CodeAction(plan.title, vscode.CodeActionKind.QuickFix);
    fix.isPreferred = true;
    fix.diagnostics = problems;
    fix.edit = edit;
    const applied: AppliedFix = { title: plan.title, touched: touched.map((u) => u.toString()), dependencies: plan.dependencies, folder: planned.folder.uri.toString() };
    fix.command = { title: 'Save the fixed files', command: 'corsInspector.saveAppliedFix', arguments: [applied] };
    const preview = new vscode.CodeAction('Preview CORS fix…', vscode.CodeActionKind.QuickFix);
    preview.diagnostics = problems;
    preview.command = { title: 'Preview CORS fix…', command: 'corsInspector.previewFix', arguments: [{ exchangeIds } satisfies FixArgs] };
    return [fix, preview];
  }

  private editsTouch(planned: EditorPlan, document: vscode.TextDocument, range: vscode.Range): boolean {
    const file = relativePath(planned.folder, document.uri);
    if (file === null) return false;
    const overlaps = (from: number, to: number) => from <= range.end.line && to >= range.start.line;
    const location = planned.plan.location;
    if (location?.file === file && overlaps(location.line, location.line)) return true;
    return planned.plan.changes.some((c) => c.edits.some((e) => e.file === file && overlaps(e.range.start.line, e.range.end.line)));
  }

  /** The failing records to fix: those named, else those of every open Problem. */
  private focus(args?: FixArgs): string[] {
    if (args?.exchangeIds?.length) return args.exchangeIds.filter((id) => typeof id === 'string');
    return [...new Set(this.diagnostics.openFailures().flatMap((f) => f.recordIds))];
  }

  /** Plans and applies the fix (the panel's button and the palette command). True when the code was changed. */
  async apply(args?: FixArgs): Promise<boolean> {
    const planned = await this.planner.plan(this.focus(args));
    if (!planned) {
      void vscode.window.showInformationMessage('CORS Inspector: open the folder of your server to fix CORS in its code.');
      return false;
    }
    if (planned.plan.status !== 'fix') {
      void vscode.window.showInformationMessage(`CORS Inspector: ${whyNot(planned.plan)}`);
      return false;
    }
    return this.applyPlanned(planned);
  }

  private async applyPlanned(planned: EditorPlan): Promise<boolean> {
    const { edit, touched } = toWorkspaceEdit(planned);
    await keepOpen(touched);
    const ok = await vscode.workspace.applyEdit(edit, { isRefactoring: true });
    if (!ok) {
      void vscode.window.showErrorMessage('CORS Inspector could not apply the fix (the files changed meanwhile?). Try again.');
      return false;
    }
    await this.afterApply({ title: planned.plan.title, touched: touched.map((u) => u.toString()), dependencies: planned.plan.dependencies, folder: planned.folder.uri.toString() });
    return true;
  }

  /** Saves what the fix changed (a dev server restarts on save) and says what else to do. */
  private async afterApply(applied: AppliedFix): Promise<void> {
    void vscode.commands.executeCommand('setContext', 'corsInspector.fixApplied', true); // the walkthrough's last step
    for (const key of applied.touched) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key) ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(key)));
      if (doc.isDirty) await doc.save();
    }
    if (applied.dependencies.length === 0) {
      vscode.window.setStatusBarMessage(`$(check) CORS fix applied: ${applied.title}. The next request through the inspector shows the result.`, 10_000);
      return;
    }
    const dep = applied.dependencies[0];
    const names = applied.dependencies.map((d) => `${d.name}@${d.version}`).join(', ');
    const where = dep.manifest ? `added to ${dep.manifest}` : 'not yet in your manifest';
    const run = `Run ${dep.installCommand}`;
    // Not awaited: the fix is done; the notification stays until the user answers it.
    void vscode.window.showInformationMessage(`CORS fix applied: ${applied.title}. It needs ${names} (${where}): run \`${dep.installCommand}\` before the server restarts.`, run).then((choice) => {
      if (choice !== run) return;
      const folder = vscode.Uri.parse(applied.folder);
      const cwd = dep.manifest ? vscode.Uri.joinPath(folder, path.posix.dirname(dep.manifest)) : folder;
      const terminal = vscode.window.createTerminal({ name: 'CORS Inspector: install', cwd });
      terminal.show();
      terminal.sendText(dep.installCommand);
    });
  }

  /** Shows the fix as a diff of every file it changes; Apply or Discard from the notification or the editor's title bar. */
  async preview(args?: FixArgs): Promise<boolean> {
    const exchangeIds = this.focus(args);
    const planned = await this.planner.plan(exchangeIds);
    if (!planned || planned.plan.status !== 'fix') {
      void vscode.window.showInformationMessage(`CORS Inspector: ${planned ? whyNot(planned.plan) : 'no workspace folder to fix'}`);
      return false;
    }
    const edits = planned.plan.changes.flatMap((c) => c.edits);
    const after = applyEditsToFiles(planned.files, edits);
    const id = Date.now().toString(36);
    this.previewTexts = new Map();
    const resources: Array<[vscode.Uri, vscode.Uri, vscode.Uri]> = [];
    for (const file of after) {
      const original = vscode.Uri.joinPath(planned.folder.uri, ...file.path.split('/'));
      const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: original.path, query: `fixed-${id}` });
      this.previewTexts.set(right.toString(), file.text);
      let left = original;
      if (!planned.files.some((f) => f.path === file.path)) {
        left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: original.path, query: `new-${id}` });
        this.previewTexts.set(left.toString(), '');
      }
      resources.push([original, left, right]);
    }
    const title = `CORS fix: ${planned.plan.title}`;
    await vscode.commands.executeCommand('vscode.changes', title, resources);
    await vscode.commands.executeCommand('setContext', PREVIEW_CONTEXT, true);
    const reasons = planned.plan.changes.map((c) => c.reason).join(' ');
    this.answerPreview?.('Discard'); // an older preview still waiting
    const choice = await new Promise<string | undefined>((resolve) => {
      this.answerPreview = resolve;
      void vscode.window.showInformationMessage(`${title}. ${reasons}`, 'Apply', 'Discard').then(resolve);
    });
    this.answerPreview = undefined;
    await vscode.commands.executeCommand('setContext', PREVIEW_CONTEXT, false);
    await this.closePreview(title);
    if (choice !== 'Apply') return false;
    // Planned again: if the code changed while the diff was open, the shown edits are stale.
    const again = await this.planner.plan(exchangeIds);
    if (!again || again.plan.status !== 'fix' || JSON.stringify(again.plan.changes) !== JSON.stringify(planned.plan.changes)) {
      void vscode.window.showWarningMessage('CORS Inspector: the code changed since the preview. Preview the fix again.');
      return false;
    }
    return this.applyPlanned(again);
  }

  private async closePreview(title: string): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label.startsWith(title));
    if (tabs.length) await vscode.window.tabGroups.close(tabs);
  }

  /** What the panel shows under "In your code" for a row: the line to change, and the fix (or why there is none). */
  async describe(args?: FixArgs): Promise<CodeFixOffer> {
    const exchangeIds = this.focus(args);
    const records = exchangeIds.map((id) => this.planner.record(id)).filter((r) => r !== undefined);
    const [planned, place] = await Promise.all([this.planner.plan(exchangeIds), this.diagnostics.place(records)]);
    const folder = place ? vscode.workspace.getWorkspaceFolder(place.uri) : undefined;
    const label = place ? `${(folder && relativePath(folder, place.uri)) ?? vscode.workspace.asRelativePath(place.uri)}:${place.range.start.line + 1}` : null;
    const source = label ? { label } : null;
    if (!planned) return { title: null, reason: 'Open the folder of your server to fix CORS in its code.', source };
    if (planned.plan.status === 'fix') return { title: planned.plan.title, reason: null, source };
    return { title: null, reason: whyNot(planned.plan), source };
  }

  /** Opens the editor at the line to change for these records. */
  async openLocation(args?: FixArgs): Promise<boolean> {
    const records = this.focus(args).map((id) => this.planner.record(id)).filter((r) => r !== undefined);
    const place = await this.diagnostics.place(records);
    if (!place) {
      void vscode.window.showInformationMessage('CORS Inspector did not find the server code for this exchange in the workspace.');
      return false;
    }
    await vscode.window.showTextDocument(place.uri, { selection: place.range, preview: false });
    return true;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
