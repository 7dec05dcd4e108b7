// The quick-fix planner as the editor calls it: the workspace files (read by
// WorkspaceFiles, chosen by the planner's filesToRead) and the session's records
// go into the pure planFix / corsLocation; answers are kept until a file or a
// record changes, because the lightbulb asks again on every cursor move.
import * as vscode from 'vscode';
import { Project, corsLocation, detectFrameworks, filesToRead, isNoPlacement, planFix, pluginById, type FrameworkPlugin, type RouteTarget } from '../core/codefix';
import type { FixInput, FixPlan, Grammars, SourceFile, SourceLanguage, SourceLocation } from '../core/codefix/types';
import { GrammarLoader, GrammarLoadError } from '../shell/grammars';
import type { ExchangeRecord } from '../core/exchange/types';
import type { InspectorSession } from './session';
import { WorkspaceFiles, uriOf } from './workspaceFiles';

/** The request a Problem is about, as the planner's placement looks it up (a preflight by the method it asked for). */
function targetOf(record: ExchangeRecord): RouteTarget {
  if (record.type !== 'preflight') return { method: record.request.method, url: record.request.url };
  const asked = record.request.headers.find(([n]) => n.toLowerCase() === 'access-control-request-method')?.[1];
  return { method: 'OPTIONS', url: record.request.url, preflightFor: asked };
}

/** A plan together with what it was made from: the folder and the file texts its ranges refer to. */
export interface EditorPlan {
  folder: vscode.WorkspaceFolder;
  plan: FixPlan;
  files: SourceFile[];
}

const MANIFEST = /(^|\/)(package\.json|requirements\.txt|pyproject\.toml|go\.mod|composer\.json|Gemfile)$/;
const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);

/** The files of the project holding `file`: its directory's tree, and the manifests of the directories above it. */
function withinProject(files: SourceFile[], file: string | undefined): SourceFile[] {
  const dir = file ? dirOf(file) : '';
  if (!dir) return files;
  return files.filter((f) => f.path.startsWith(dir) || (MANIFEST.test(f.path) && dir.startsWith(dirOf(f.path))));
}

export interface PlannedLocation {
  folder: vscode.WorkspaceFolder;
  location: SourceLocation;
  /** The text of the located file, as the planner read it. */
  text: string;
}

export class EditorFixPlanner implements vscode.Disposable {
  readonly files = new WorkspaceFiles(filesToRead);
  private recordsVersion = 0;
  /** Answers by kind, focus and the versions of files and records they were computed from. */
  private readonly cache = new Map<string, Promise<unknown>>();
  private readonly disposables: vscode.Disposable[] = [];

  /** `grammars` loads the tree-sitter grammars the workspace's languages need (Python...), once each. */
  constructor(private readonly session: InspectorSession, private readonly grammars = new GrammarLoader()) {
    const forget = () => {
      this.recordsVersion++;
      for (const key of this.cache.keys()) if (key.startsWith('plan:')) this.cache.delete(key);
    };
    this.disposables.push(
      this.files,
      session.onDidRecord(forget),
      session.onDidReset(forget),
      this.files.onDidChange(() => this.cache.clear()),
    );
  }

  /**
   * The fix for these failing records (all failing records when none are named),
   * in the first workspace folder that has server code for it. Null without a
   * workspace folder.
   */
  plan(exchangeIds: readonly string[] = []): Promise<EditorPlan | null> {
    return this.memo('plan', exchangeIds, () => this.planNow(exchangeIds));
  }

  private memo<T>(kind: string, exchangeIds: readonly string[], compute: () => Promise<T>, dependsOnRecords = true): Promise<T> {
    const key = `${kind}:${dependsOnRecords ? this.recordsVersion : ''}:${this.files.version}:${[...exchangeIds].sort().join(',')}`;
    let cached = this.cache.get(key) as Promise<T> | undefined;
    if (!cached) {
      if (this.cache.size >= 500) this.cache.clear();
      cached = compute();
      this.cache.set(key, cached);
      cached.catch(() => this.cache.delete(key));
    }
    return cached;
  }

  private async planNow(exchangeIds: readonly string[]): Promise<EditorPlan | null> {
    let first: EditorPlan | null = null;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const { input, languages } = await this.input(folder, exchangeIds);
      // Trees of tree-sitter grammars live until `use` returns: everything that reads them runs inside.
      const [plan, files] = await this.withGrammars(languages, (grammars): [FixPlan, SourceFile[]] => {
        const full = { ...input, grammars };
        const plan = planFix(full);
        if (plan.status === 'unfixable') {
          // A folder with several servers (a front end's dev server next to the API): plan
          // again with only the project around the code that answers these requests.
          const narrowed = withinProject(full.files, corsLocation(full)?.file);
          if (narrowed.length < full.files.length) {
            const again = planFix({ ...full, files: narrowed });
            if (again.status !== 'unfixable') return [again, narrowed];
          }
        }
        return [plan, full.files];
      });
      const result = { folder, plan, files };
      // A multi-root workspace: the folder whose code can be fixed wins over one that has no server code.
      if (plan.status !== 'unfixable') return result;
      first ??= result;
    }
    return first;
  }

  /** Where the code that answers these records configures CORS (see corsLocation), in the first folder that has it. */
  /**
   * Where the code that answered each failing record configures CORS: the line that
   * configures it, else the hand-written header line of its route, else where the app
   * is created (corsLocation's rule). One parse of the workspace serves every record,
   * so a thousand Problems cost one parse, not a thousand.
   */
  async locations(records: readonly ExchangeRecord[]): Promise<Array<PlannedLocation | null>> {
    const out: Array<PlannedLocation | null> = records.map(() => null);
    const missing = new Set(records.keys());
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (missing.size === 0) break;
      const snapshot = await this.files.read(folder);
      const locate = (server: { project: Project; plugin: FrameworkPlugin } | null) => {
        if (!server) return;
        for (const i of [...missing]) {
          const placement = server.plugin.placement.locate(server.project, targetOf(records[i]));
          if (isNoPlacement(placement)) continue;
          const location = placement.cors ?? placement.headerLine ?? placement.app;
          const file = location && server.project.file(location.file);
          if (!location || !file) continue;
          out[i] = { folder, location, text: file.text };
          missing.delete(i);
        }
      };
      // JS/TS only: the parsed project is kept per version. With tree-sitter languages, the
      // trees are freed after this call, so the project is parsed again on the next one.
      if (snapshot.languages.length === 0) locate(await this.server(folder));
      else await this.withGrammars(snapshot.languages, (grammars) => locate(serverOf(snapshot.files, grammars)));
    }
    return out;
  }

  /** The folder's files parsed once per version, and the framework that serves them. */
  private server(folder: vscode.WorkspaceFolder): Promise<{ project: Project; plugin: FrameworkPlugin } | null> {
    return this.memo(`server ${folder.uri}`, [], async () => serverOf((await this.files.read(folder)).files, {}), false);
  }

  /**
   * Runs `fn` with the grammars for `languages`. A grammar that cannot load (a damaged
   * install) leaves those files unread: the planner then says it cannot fix them,
   * and Problems still show.
   */
  private async withGrammars<T>(languages: SourceLanguage[], fn: (grammars: Grammars) => T): Promise<T> {
    try {
      return await this.grammars.use(languages, fn);
    } catch (err) {
      if (err instanceof GrammarLoadError) return fn({});
      throw err;
    }
  }

  record(id: string): ExchangeRecord | undefined {
    return this.session.recorder.get(id);
  }

  uriOf(folder: vscode.WorkspaceFolder, file: string): vscode.Uri {
    return uriOf(folder, file);
  }

  private async input(folder: vscode.WorkspaceFolder, exchangeIds: readonly string[]): Promise<{ input: FixInput; languages: SourceLanguage[] }> {
    const snapshot = await this.files.read(folder);
    return {
      input: {
        files: snapshot.files,
        records: this.session.recorder.list(),
        focus: exchangeIds.length ? { exchangeIds: [...exchangeIds] } : undefined,
      },
      languages: snapshot.languages,
    };
  }

  dispose(): void {
    this.cache.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** The files as a project with the framework that serves them (null: no server code found). */
function serverOf(files: SourceFile[], grammars: Grammars): { project: Project; plugin: FrameworkPlugin } | null {
  const project = new Project(files, grammars);
  const best = detectFrameworks(project)[0];
  const plugin = best ? pluginById(best.framework) : undefined;
  return plugin ? { project, plugin } : null;
}
