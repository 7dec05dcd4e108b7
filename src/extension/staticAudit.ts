// Static audit findings of the workspace's server code: every JS/TS file and nginx
// configuration (*.conf) that mentions CORS is analyzed once, then again when it changes on disk or in an
// editor, so a quick fix's edit clears its Problem at once.
import * as vscode from 'vscode';
import { analyzeSource, type StaticFinding, type StaticSite } from '../core/audit/static';
import { findRoutes, isRouteSourceFile, matchRoute, type RouteDefinition } from '../core/routes';

const GLOB = '**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,conf}';
const EXCLUDE = '{**/node_modules/**,**/dist/**,**/out/**,**/build/**,**/.git/**,**/*.d.ts,**/*.min.js,**/.tools/**,**/.vscode-test/**}';
const MAX_FILES = 2000;
const MAX_BYTES = 512 * 1024;
const SKIP = /[\\/](node_modules|dist|out|build|\.git|\.tools)[\\/]/;

export interface StaticEntry {
  uri: vscode.Uri;
  findings: StaticFinding[];
  sites: StaticSite[];
  /** Route declarations of the file (files with CORS code only). */
  routes: RouteDefinition[];
}

export class StaticAudit implements vscode.Disposable {
  private readonly byFile = new Map<string, StaticEntry>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private loading: Promise<void> | null = null;
  private readonly pending = new Map<string, NodeJS.Timeout>();

  constructor() {
    const watcher = vscode.workspace.createFileSystemWatcher(GLOB);
    const reread = (uri: vscode.Uri) => {
      if (SKIP.test(uri.fsPath)) return;
      // An open document is analyzed from the editor's text instead.
      if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString() && d.isDirty)) return;
      void this.readFile(uri).then(() => this.changeEmitter.fire());
    };
    this.disposables.push(
      watcher,
      watcher.onDidChange(reread),
      watcher.onDidCreate(reread),
      watcher.onDidDelete((uri) => {
        if (this.byFile.delete(uri.toString())) this.changeEmitter.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.documentChanged(e.document)),
    );
  }

  /** Reads the workspace once (later calls wait for the same pass). */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const files = await vscode.workspace.findFiles(GLOB, EXCLUDE, MAX_FILES);
      for (const uri of files) await this.readFile(uri);
      this.changeEmitter.fire();
    })();
    return this.loading;
  }

  entries(): StaticEntry[] {
    return [...this.byFile.values()].sort((a, b) => a.uri.toString().localeCompare(b.uri.toString()));
  }

  /**
   * Where a finding from traffic belongs: the CORS code of the file whose route
   * handles one of the requests, else the first file with a finding, else the first
   * CORS code of the workspace.
   */
  placeFor(requests: Array<{ method: string; url: string }>): { uri: vscode.Uri; line: number; character: number } | null {
    const entries = this.entries();
    const routes = entries.flatMap((e) => e.routes);
    for (const r of requests) {
      const route = matchRoute(routes, r.method, r.url);
      const entry = route && entries.find((e) => e.uri.toString() === route.file);
      if (!entry || !route) continue;
      const site = entry.sites[0];
      return site ? { uri: entry.uri, line: site.range.start.line, character: site.range.start.character } : { uri: entry.uri, line: route.line, character: route.column };
    }
    const withSite = entries.find((e) => e.findings.length && e.sites.length) ?? entries.find((e) => e.sites.length);
    if (!withSite) return null;
    const site = withSite.sites[0];
    return { uri: withSite.uri, line: site.range.start.line, character: site.range.start.character };
  }

  private documentChanged(doc: vscode.TextDocument): void {
    if (doc.uri.scheme !== 'file' || SKIP.test(doc.uri.fsPath) || !/\.([cm]?[jt]sx?|conf)$/.test(doc.uri.fsPath)) return;
    const key = doc.uri.toString();
    clearTimeout(this.pending.get(key));
    this.pending.set(key, setTimeout(() => {
      this.pending.delete(key);
      this.analyze(doc.uri, doc.getText());
      this.changeEmitter.fire();
    }, 200));
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_BYTES) return;
      this.analyze(uri, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.byFile.delete(uri.toString());
    }
  }

  private analyze(uri: vscode.Uri, text: string): void {
    const { findings, sites } = analyzeSource({ path: vscode.workspace.asRelativePath(uri, false), text });
    const routes = (findings.length || sites.length) && isRouteSourceFile(uri.path) ? findRoutes({ path: uri.toString(), text }) : [];
    if (findings.length || sites.length) this.byFile.set(uri.toString(), { uri, findings, sites, routes });
    else this.byFile.delete(uri.toString());
  }

  dispose(): void {
    for (const t of this.pending.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.changeEmitter.dispose();
  }
}
