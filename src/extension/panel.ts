// Hosts the inspector webview: sends rows in batches, answers detail requests,
// and carries out the few actions the webview may ask for (after validation).
import * as vscode from 'vscode';
import { randomBytes } from 'crypto';
import type { ExchangeRecord } from '../core/exchange/types';
import { parseFromWebview, type CodeFixOffer, type FromWebview, type PairRow, type PanelStatus, type ToWebview } from '../../media/webview/protocol';
import { PairRowModel, decisiveRecord, formatFix } from '../../media/webview/rows';
import type { InspectorSession } from './session';
import type { PassiveAudit } from './passiveAudit';
import { openLocation } from './initiatorLinks';

export const PANEL_VIEW_TYPE = 'corsInspector.panel';
/** Updates are gathered this long before one postMessage, so bursts of traffic stay cheap. */
const BATCH_MS = 100;
/** Rows per message: a huge burst (an imported HAR) arrives as several messages the webview can paint between. */
const CHUNK_ROWS = 2000;

export class InspectorPanel implements vscode.Disposable {
  static current: InspectorPanel | undefined;

  private readonly disposables: vscode.Disposable[] = [];
  private model: PairRowModel;
  private pendingRows = new Map<string, PairRow>();
  private pendingRemoved = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private ready = false;
  /** True while the rest of a chunked reset is being sent: those rows are not news. */
  private draining = false;

  static createOrShow(extensionUri: vscode.Uri, session: InspectorSession, audit?: PassiveAudit, preserveFocus = false): InspectorPanel {
    if (InspectorPanel.current) {
      InspectorPanel.current.panel.reveal(undefined, preserveFocus);
      return InspectorPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'CORS Inspector',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      InspectorPanel.webviewOptions(extensionUri),
    );
    return new InspectorPanel(panel, extensionUri, session, audit);
  }

  /** Called by the serializer after a window reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, session: InspectorSession, audit?: PassiveAudit): InspectorPanel {
    InspectorPanel.current?.dispose();
    return new InspectorPanel(panel, extensionUri, session, audit);
  }

  static webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // Not retained: the webview is rebuilt from getState() and a fresh 'reset' when shown again.
      retainContextWhenHidden: false,
      enableFindWidget: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'media')],
    };
  }

  private constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly session: InspectorSession,
    /** Security findings from the recorded traffic: a badge on rows, a section in the detail. */
    private readonly audit?: PassiveAudit,
  ) {
    InspectorPanel.current = this;
    this.model = new PairRowModel((id) => session.recorder.get(id));
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
    panel.webview.options = InspectorPanel.webviewOptions(extensionUri);
    panel.webview.html = this.html();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      // A hidden webview is torn down (no retained context); it says 'ready' again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((msg) => this.onMessage(parseFromWebview(msg))),
      session.onDidRecord(({ record }) => this.onRecord(record)),
      session.onDidReset(() => this.resetModel()),
      session.onDidChangeState(() => this.post({ type: 'status', status: this.status() })),
    );
    // Findings change with traffic: every row's badge may change with them.
    if (audit) this.disposables.push(audit.onDidChange(() => this.queue({ rows: this.model.rows(), removed: [] })));
  }

  private html(): string {
    const webview = this.panel.webview;
    const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'media', file)).toString();
    // A fresh nonce per render: only our own bundled script may run.
    const nonce = randomBytes(18).toString('base64');
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link href="${media('codicon.css')}" rel="stylesheet">
<link href="${media('panel.css')}" rel="stylesheet">
<title>CORS Inspector</title>
</head>
<body>
<script nonce="${nonce}" src="${media('panel.js')}"></script>
</body>
</html>`;
  }

  private status(): PanelStatus {
    const s = this.session.state;
    return { running: s.running, proxyUrl: s.url, target: s.target };
  }

  private resetModel(): void {
    this.model = new PairRowModel((id) => this.session.recorder.get(id));
    for (const record of this.session.recorder.list()) this.model.apply(record);
    this.pendingRows.clear();
    this.pendingRemoved.clear();
    if (this.ready) this.sendReset();
  }

  private onRecord(record: ExchangeRecord): void {
    this.queue(this.model.apply(record));
  }

  private queue({ rows, removed }: { rows: PairRow[]; removed: string[] }): void {
    for (const key of removed) {
      this.pendingRows.delete(key);
      this.pendingRemoved.add(key);
    }
    for (const row of rows) {
      this.pendingRemoved.delete(row.key);
      this.pendingRows.set(row.key, this.withAudit(row));
    }
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), BATCH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    // Rows whose records the recorder dropped (past maxExchanges) leave the list too.
    this.queue(this.model.prune());
    if (!this.ready || (this.pendingRows.size === 0 && this.pendingRemoved.size === 0)) return;
    const rows: PairRow[] = [];
    for (const [key, row] of this.pendingRows) {
      if (rows.length >= CHUNK_ROWS) break;
      rows.push(row);
      this.pendingRows.delete(key);
    }
    const removed = [...this.pendingRemoved];
    this.pendingRemoved.clear();
    this.post({ type: 'rows', rows, removed, quiet: this.draining });
    if (this.pendingRows.size > 0 && !this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), 0);
    else if (this.pendingRows.size === 0) this.draining = false;
  }

  /** A full list: the first chunk replaces what the webview has, the rest follow as updates. */
  /** The row with the worst security finding of its records. */
  private withAudit(row: PairRow): PairRow {
    if (!this.audit) return row;
    const { preflight, requests } = this.recordsOf(row.key);
    const ids = [...(preflight ? [preflight.id] : []), ...requests.map((r) => r.id)];
    return { ...row, audit: this.audit.worstFor(ids) };
  }

  private sendReset(): void {
    const all = this.model.rows().map((r) => this.withAudit(r));
    this.pendingRows.clear();
    this.pendingRemoved.clear();
    this.post({ type: 'reset', rows: all.slice(0, CHUNK_ROWS), status: this.status() });
    for (const row of all.slice(CHUNK_ROWS)) this.pendingRows.set(row.key, row);
    this.draining = this.pendingRows.size > 0;
    if (this.pendingRows.size > 0 && !this.flushTimer) this.flushTimer = setTimeout(() => this.flush(), 0);
  }

  private recordsOf(key: string): { preflight: ExchangeRecord | null; requests: ExchangeRecord[] } {
    return this.model.recordsOf(key) ?? { preflight: null, requests: [] };
  }

  private async onMessage(msg: FromWebview | null): Promise<void> {
    if (!msg) return; // anything not in the protocol is ignored
    switch (msg.type) {
      case 'ready':
        this.ready = true;
        this.resetModel();
        return;
      case 'detail': {
        const records = this.recordsOf(msg.key);
        const ids = [...(records.preflight ? [records.preflight.id] : []), ...records.requests.map((r) => r.id)];
        this.post({ type: 'detail', key: msg.key, ...records, findings: this.audit?.forRecords(ids) ?? [] });
        // The walkthrough's "see a failure explained" step is done once a failure's detail was shown.
        if (decisiveRecord(records.preflight, records.requests)?.cors.verdict === 'fail') {
          void vscode.commands.executeCommand('setContext', 'corsInspector.sawFailureExplained', true);
        }
        void this.sendCodeFix(msg.key);
        return;
      }
      case 'applyFix': {
        const exchangeIds = this.failingIds(msg.key);
        if (exchangeIds.length === 0) return;
        const applied = await vscode.commands.executeCommand<boolean>('corsInspector.applyFix', { exchangeIds });
        if (applied) this.post({ type: 'notice', text: 'Fix applied to the server code' });
        await this.sendCodeFix(msg.key);
        return;
      }
      case 'openSource': {
        const exchangeIds = this.failingIds(msg.key);
        if (exchangeIds.length) await vscode.commands.executeCommand('corsInspector.openFixLocation', { exchangeIds });
        return;
      }
      case 'copyFix': {
        const { preflight, requests } = this.recordsOf(msg.key);
        const decisive = decisiveRecord(preflight, requests);
        if (!decisive || decisive.cors.fix.length === 0) return;
        await vscode.env.clipboard.writeText(formatFix(decisive.cors.fix));
        void vscode.commands.executeCommand('setContext', 'corsInspector.fixCopied', true);
        this.post({ type: 'notice', text: 'Fix copied to the clipboard' });
        return;
      }
      case 'copyCurl':
        if (!this.session.recorder.get(msg.id)) return;
        await vscode.commands.executeCommand('corsInspector.copyAsCurl', msg.id);
        this.post({ type: 'notice', text: 'cURL command copied to the clipboard' });
        return;
      case 'command':
        await vscode.commands.executeCommand(`corsInspector.${msg.command}`);
        return;
      case 'openInitiator': {
        // The location comes from our own record, never from the webview.
        const record = this.session.recorder.get(msg.id);
        const location = msg.which === 'canvas' ? record?.taintedCanvas?.location : record?.initiator;
        if (location) await openLocation(location);
        return;
      }
    }
  }

  /** The row's failing records: what its fix is for. */
  private failingIds(key: string): string[] {
    const { preflight, requests } = this.recordsOf(key);
    return [preflight, ...requests].filter((r): r is ExchangeRecord => !!r && r.cors.verdict === 'fail').map((r) => r.id);
  }

  /** Asks the quick fixes what they would change for this row, and tells the webview. */
  private async sendCodeFix(key: string): Promise<void> {
    const exchangeIds = this.failingIds(key);
    if (exchangeIds.length === 0) return;
    let offer: CodeFixOffer | undefined;
    try {
      offer = await vscode.commands.executeCommand<CodeFixOffer | undefined>('corsInspector.describeFix', { exchangeIds });
    } catch (err) {
      offer = { title: null, reason: `Could not plan a fix: ${(err as Error).message}`, source: null };
    }
    if (offer) this.post({ type: 'codeFix', key, offer });
  }

  private post(msg: ToWebview): void {
    if (!this.ready && msg.type !== 'reset') return;
    void this.panel.webview.postMessage(msg);
  }

  /** Rows as the panel has them now (after pending batches are flushed); for tests. */
  rows(): PairRow[] {
    return this.model.rows().map((r) => this.withAudit(r));
  }

  dispose(): void {
    if (InspectorPanel.current === this) InspectorPanel.current = undefined;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
