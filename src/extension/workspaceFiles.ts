// Reads the workspace files the fix planner asks for, so the pure planner gets
// plain texts. The listing comes from findFiles (dependencies, build output and
// virtual environments left out); which of those files to read is the planner's
// own decision. An open editor's text wins over the disk: edits computed from it
// apply to what the user sees, unsaved changes included.
import * as vscode from 'vscode';
import type { FileRequest, SourceFile } from '../core/codefix/types';

/** Never read: dependencies, build output, virtual environments, tool caches. */
export const EXCLUDE_GLOB =
  '{**/node_modules/**,**/dist/**,**/out/**,**/build/**,**/.git/**,**/vendor/**,**/venv/**,**/.venv/**,**/__pycache__/**,**/*.d.ts,**/*.min.js,**/.tools/**,**/.vscode-test/**,**/.next/**,**/target/**,**/obj/**}';
const MAX_LISTED = 5000;
const MAX_FILE_BYTES = 1024 * 1024;

export interface WorkspaceSnapshot {
  folder: vscode.WorkspaceFolder;
  files: SourceFile[];
  languages: FileRequest['languages'];
  /** Changes whenever a listed file was created, changed or deleted since. */
  version: number;
}

/** Paths relative to the folder, with '/' separators (the planner's convention). */
export function relativePath(folder: vscode.WorkspaceFolder, uri: vscode.Uri): string | null {
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : folder.uri.path + '/';
  return uri.scheme === folder.uri.scheme && uri.path.startsWith(base) ? uri.path.slice(base.length) : null;
}

/**
 * Whether a file lies in one of the named folders *inside* the workspace
 * (node_modules, build output): only the part below the workspace folder counts,
 * so a project that itself lives under a folder called `build` or `out` is still read.
 */
export function inWorkspaceFolderNamed(uri: vscode.Uri, names: readonly string[]): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const rel = folder ? relativePath(folder, uri) : null;
  return (rel ?? uri.path).split('/').slice(0, -1).some((part) => names.includes(part));
}

export function uriOf(folder: vscode.WorkspaceFolder, file: string): vscode.Uri {
  return vscode.Uri.joinPath(folder.uri, ...file.split('/'));
}

export class WorkspaceFiles implements vscode.Disposable {
  private readonly listings = new Map<string, Promise<string[]>>();
  private readonly texts = new Map<string, string>();
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*');
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private changes = 0;
  /** Fires (at most every 300 ms) when a file the planner may read changed on disk or in an editor. */
  readonly onDidChange = this.changeEmitter.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly wanted: (paths: string[]) => FileRequest) {
    const changed = (uri: vscode.Uri, listing: boolean) => {
      if (inWorkspaceFolderNamed(uri, ['node_modules', '.git'])) return;
      this.texts.delete(uri.toString());
      if (listing) this.listings.clear();
      this.changes++;
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.changeEmitter.fire();
      }, 300);
    };
    this.disposables.push(
      this.watcher,
      this.watcher.onDidChange((uri) => changed(uri, false)),
      this.watcher.onDidCreate((uri) => changed(uri, true)),
      this.watcher.onDidDelete((uri) => changed(uri, true)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0 && e.document.uri.scheme === 'file') changed(e.document.uri, false);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.listings.clear()),
    );
  }

  /** A number that changes whenever what `read` returns may have changed. */
  get version(): number {
    return this.changes;
  }

  /** The files the planner wants from this folder, as texts. */
  async read(folder: vscode.WorkspaceFolder): Promise<WorkspaceSnapshot> {
    const version = this.changes;
    const request = this.wanted(await this.list(folder));
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    const files: SourceFile[] = [];
    for (const path of request.files) {
      const uri = uriOf(folder, path);
      const key = uri.toString();
      const doc = open.get(key);
      let text = doc && !doc.isClosed ? doc.getText() : this.texts.get(key);
      if (text === undefined) {
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.size > MAX_FILE_BYTES) continue;
          text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          this.texts.set(key, text);
        } catch {
          continue; // deleted since it was listed
        }
      }
      files.push({ path, text });
    }
    return { folder, files, languages: request.languages, version };
  }

  private list(folder: vscode.WorkspaceFolder): Promise<string[]> {
    const key = folder.uri.toString();
    let listing = this.listings.get(key);
    if (!listing) {
      listing = Promise.resolve(vscode.workspace.findFiles(new vscode.RelativePattern(folder, '**/*'), EXCLUDE_GLOB, MAX_LISTED)).then((uris) =>
        uris
          .map((u) => relativePath(folder, u))
          .filter((p): p is string => p !== null)
          .sort(),
      );
      listing.catch(() => this.listings.delete(key));
      this.listings.set(key, listing);
    }
    return listing;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changeEmitter.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
