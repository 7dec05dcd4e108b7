// Turns failing exchanges into Problems: one per distinct method + path + reason,
// placed on the server route that handles it when the route can be found in the
// workspace, else on the workspace's package.json (or another top-level file).
import * as vscode from 'vscode';
import { findRoutes, isRouteSourceFile, matchRoute, pathOf, type RouteDefinition } from '../core/routes';
import { headerValue } from '../core/exchange/records';
import type { ExchangeRecord } from '../core/exchange/types';
import type { HeaderChange } from '../core/cors/types';
import { problemPlaceholder } from './problemPlaceholder';

const SOURCE_GLOB = '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx,py,go}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/dist/**,**/out/**,**/build/**,**/.git/**,**/vendor/**,**/venv/**,**/.venv/**,**/__pycache__/**,**/*.d.ts,**/*.min.js,**/.tools/**,**/.vscode-test/**}';
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 512 * 1024;

/** Route declarations of the workspace, read once and refreshed per changed file. */
class RouteIndex implements vscode.Disposable {
  private byFile = new Map<string, RouteDefinition[]>();
  private loading: Promise<void> | null = null;
  private readonly watcher = vscode.workspace.createFileSystemWatcher(SOURCE_GLOB);
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;

  constructor() {
    const refresh = (uri: vscode.Uri) => {
      if (!this.loading || /[\\/](node_modules|dist|out)[\\/]/.test(uri.fsPath)) return;
      void this.readFile(uri).then(() => this.changeEmitter.fire());
    };
    this.watcher.onDidChange(refresh);
    this.watcher.onDidCreate(refresh);
    this.watcher.onDidDelete((uri) => {
      if (this.byFile.delete(uri.toString())) this.changeEmitter.fire();
    });
  }

  async routes(): Promise<RouteDefinition[]> {
    this.loading ??= this.load();
    await this.loading;
    return [...this.byFile.values()].flat();
  }

  private async load(): Promise<void> {
    const files = await vscode.workspace.findFiles(SOURCE_GLOB, EXCLUDE_GLOB, MAX_FILES);
    for (const uri of files) await this.readFile(uri);
  }

  private async readFile(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    try {
      if (!isRouteSourceFile(uri.path)) return;
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_FILE_BYTES) return;
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const routes = findRoutes({ path: key, text });
      if (routes.length) this.byFile.set(key, routes);
      else this.byFile.delete(key);
    } catch {
      this.byFile.delete(key);
    }
  }

  dispose(): void {
    this.watcher.dispose();
    this.changeEmitter.dispose();
  }
}

interface Problem {
  method: string;
  url: string;
  corsError: string;
  record: ExchangeRecord;
  count: number;
}

function describeFix(fix: HeaderChange[]): string {
  if (fix.length === 0) return '';
  const parts = fix.map((c) => {
    const where = c.on === 'preflight' ? ' on the preflight response' : '';
    return c.action === 'set' ? `send "${c.header}: ${c.value ?? ''}"${where}` : `remove ${c.header}${where}`;
  });
  return ` Fix: ${parts.join('; ')}.`;
}

export class CorsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cors-inspector');
  private readonly index = new RouteIndex();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly records: () => ExchangeRecord[]) {
    this.index.onDidChange(() => this.schedule());
  }

  /** Recomputes soon; many records in a burst cost one pass. */
  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, 300);
  }

  async update(): Promise<void> {
    const generation = ++this.generation;
    const problems = new Map<string, Problem>();
    for (const record of this.records()) {
      if (record.cors.verdict !== 'fail' || !record.cors.corsError) continue;
      const method = (record.type === 'preflight' ? headerValue(record.request.headers, 'access-control-request-method') : null) ?? record.request.method;
      const path = pathOf(record.request.url);
      const key = `${method.toUpperCase()} ${path} ${record.cors.corsError}`;
      const existing = problems.get(key);
      if (existing) {
        existing.count++;
        existing.record = record;
      } else {
        problems.set(key, { method: method.toUpperCase(), url: record.request.url, corsError: record.cors.corsError, record, count: 1 });
      }
    }
    if (problems.size === 0) {
      this.collection.clear();
      return;
    }
    const routes = await this.index.routes();
    const fallback = await problemPlaceholder();
    if (generation !== this.generation) return; // a newer pass is under way
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems.values()) {
      const { record } = p;
      const route = matchRoute(routes, record.request.method, p.url, record.type === 'preflight' ? p.method : undefined);
      const uri = route ? vscode.Uri.parse(route.file) : fallback;
      if (!uri) continue;
      const range = route
        ? new vscode.Range(route.line, route.column, route.line, Number.MAX_SAFE_INTEGER)
        : new vscode.Range(0, 0, 0, 0);
      const stage = record.type === 'preflight' ? 'preflight for ' : '';
      const times = p.count > 1 ? ` (${p.count} times)` : '';
      const message = `CORS: the browser blocks the ${stage}${p.method} ${pathOf(p.url)}: ${p.corsError}${record.cors.failedParameter ? ` (${record.cors.failedParameter})` : ''}${times}. ${record.cors.explanation}${describeFix(record.cors.fix)}`.replace(/\s+/g, ' ').trim();
      const d = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
      d.source = 'CORS Inspector';
      d.code = p.corsError;
      const list = byFile.get(uri.toString()) ?? [];
      list.push(d);
      byFile.set(uri.toString(), list);
    }
    this.collection.clear();
    for (const [uri, list] of byFile) this.collection.set(vscode.Uri.parse(uri), list);
  }

  /** All current problems (for tests and the status of the run). */
  entries(): Array<[vscode.Uri, readonly vscode.Diagnostic[]]> {
    const out: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = [];
    this.collection.forEach((uri, list) => {
      out.push([uri, list]);
    });
    return out;
  }

  clear(): void {
    this.generation++;
    this.collection.clear();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.collection.dispose();
    this.index.dispose();
  }
}
