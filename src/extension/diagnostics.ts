// Turns the open CORS failures (openFailures: a failure closes when the same
// endpoint later passes) into Problems, one per endpoint and reason, placed on the
// code to change: the line that sends the failing header or configures CORS, else
// the app's creation (both found by the quick-fix planner), else the route handler
// (src/core/routes), else the workspace's package.json or another top-level file.
import * as vscode from 'vscode';
import { findRoutes, isRouteSourceFile, matchRoute, type RouteDefinition } from '../core/routes';
import { openFailures, type OpenFailure } from '../core/exchange/open-failures';
import type { ExchangeRecord } from '../core/exchange/types';
import type { HeaderChange } from '../core/cors/types';
import type { EditorFixPlanner } from './fixPlanner';
import { failingHeaderLine } from './headerLine';
import { EXCLUDE_GLOB, inWorkspaceFolderNamed } from './workspaceFiles';
import { problemPlaceholder } from './problemPlaceholder';

export const DIAGNOSTIC_SOURCE = 'CORS Inspector';
const SOURCE_GLOB = '**/*.{js,mjs,cjs,ts,mts,cts,jsx,tsx,py,go}';
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
      if (!this.loading || inWorkspaceFolderNamed(uri, ['node_modules', 'dist', 'out'])) return;
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

/** Where a failure's Problem goes, and the route handler when that is somewhere else. */
export interface ProblemPlace {
  uri: vscode.Uri;
  range: vscode.Range;
  route?: vscode.Location;
}

function describeFix(fix: HeaderChange[]): string {
  if (fix.length === 0) return '';
  const parts = fix.map((c) => {
    const where = c.on === 'preflight' ? ' on the preflight response' : '';
    return c.action === 'set' ? `send "${c.header}: ${c.value ?? ''}"${where}` : `remove ${c.header}${where}`;
  });
  return ` Fix: ${parts.join('; ')}.`;
}

function messageOf(f: OpenFailure): string {
  const { record } = f;
  const stage = f.stage === 'preflight' ? 'preflight for ' : '';
  const times = f.recordIds.length > 1 ? ` (${f.recordIds.length} times)` : '';
  return `CORS: the browser blocks the ${stage}${f.method} ${f.path}: ${f.corsError}${record.cors.failedParameter ? ` (${record.cors.failedParameter})` : ''}${times}. ${record.cors.explanation}${describeFix(record.cors.fix)}`.replace(/\s+/g, ' ').trim();
}

/** The whole line's text, from its first non-blank character. */
function lineRange(text: string, line: number): vscode.Range {
  const content = text.split('\n')[line] ?? '';
  const start = content.length - content.trimStart().length;
  return new vscode.Range(line, start, line, content.replace(/\r$/, '').length);
}

export class CorsDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('cors-inspector');
  private readonly index = new RouteIndex();
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  /** The failure behind each current Problem, by its message (unique per endpoint and reason). */
  private failures = new Map<string, OpenFailure>();

  constructor(
    private readonly records: () => ExchangeRecord[],
    private readonly planner: EditorFixPlanner,
  ) {
    this.index.onDidChange(() => this.schedule());
    // After an edit (the quick fix, or by hand) the line to point at may have moved.
    planner.files.onDidChange(() => this.schedule());
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
    const failures = openFailures(this.records());
    if (failures.length === 0) {
      this.failures = new Map();
      this.collection.clear();
      return;
    }
    const fallback = await problemPlaceholder();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    const byMessage = new Map<string, OpenFailure>();
    for (const f of failures) {
      const place = (await this.place([f.record])) ?? (fallback && { uri: fallback, range: new vscode.Range(0, 0, 0, 0) });
      if (generation !== this.generation) return; // a newer pass is under way
      if (!place) continue;
      const message = messageOf(f);
      const d = new vscode.Diagnostic(place.range, message, vscode.DiagnosticSeverity.Error);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = f.corsError;
      if (place.route) d.relatedInformation = [new vscode.DiagnosticRelatedInformation(place.route, `The route that answers ${f.method} ${f.path}`)];
      byMessage.set(message, f);
      const list = byFile.get(place.uri.toString()) ?? [];
      list.push(d);
      byFile.set(place.uri.toString(), list);
    }
    if (generation !== this.generation) return;
    this.failures = byMessage;
    this.collection.clear();
    for (const [uri, list] of byFile) this.collection.set(vscode.Uri.parse(uri), list);
  }

  /**
   * Where the code to change for these failing records is: the planner's location
   * (narrowed to the line writing the failing header), else the route handler.
   */
  async place(records: readonly ExchangeRecord[]): Promise<ProblemPlace | null> {
    const record = records[records.length - 1];
    if (!record) return null;
    const routes = await this.index.routes();
    const asked = record.type === 'preflight' ? record.request.headers.find(([n]) => n.toLowerCase() === 'access-control-request-method')?.[1] : undefined;
    const route = matchRoute(routes, record.request.method, record.request.url, asked);
    const routeLocation = route ? new vscode.Location(vscode.Uri.parse(route.file), new vscode.Position(route.line, route.column)) : undefined;
    const [planned] = await this.planner.locations([record]);
    if (planned) {
      const uri = this.planner.uriOf(planned.folder, planned.location.file);
      // Stop before the next route declared below the failing one in the same file.
      const next = route && route.file === uri.toString() ? routes.filter((r) => r.file === route.file && r.line > route.line).map((r) => r.line).sort((a, b) => a - b)[0] : undefined;
      const line = failingHeaderLine(planned.text, planned.location.line, record.cors.header, next);
      const related = routeLocation && !(routeLocation.uri.toString() === uri.toString() && routeLocation.range.start.line === line) ? routeLocation : undefined;
      return { uri, range: lineRange(planned.text, line), route: related };
    }
    if (route) return { uri: vscode.Uri.parse(route.file), range: new vscode.Range(route.line, route.column, route.line, Number.MAX_SAFE_INTEGER) };
    return null;
  }

  /** The open failure a Problem of this collection stands for (the editor hands Problems back as copies). */
  failureOf(diagnostic: vscode.Diagnostic): OpenFailure | undefined {
    return diagnostic.source === DIAGNOSTIC_SOURCE ? this.failures.get(diagnostic.message) : undefined;
  }

  /** Every open failure that has a Problem now. */
  openFailures(): OpenFailure[] {
    return [...this.failures.values()];
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
    this.failures = new Map();
    this.collection.clear();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.collection.dispose();
    this.index.dispose();
  }
}
