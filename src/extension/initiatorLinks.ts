// From the page's code location a browser-recorded exchange names (an URL, after source
// maps) to the file in the workspace, opened at that line. Dev servers serve the
// workspace's files under their own paths (Vite: /src/main.ts, /@fs/<absolute path>;
// webpack: webpack:///./src/main.ts), so the match is by the longest path suffix.
import * as path from 'path';
import * as vscode from 'vscode';
import type { SourceLocation } from '../core/exchange/types';

/** Path segments a URL names a source file by, most specific first. */
export function sourcePathOf(url: string): { absolute?: string; relative: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'file:') return { absolute: decodeURIComponent(parsed.pathname), relative: '' };
  let p = decodeURIComponent(parsed.pathname);
  if (parsed.protocol === 'webpack:' || parsed.protocol === 'vite:') p = p.replace(/^\/*(\.\/)?/, '/').replace(/^\/[^/]*\/\.\//, '/');
  const fs = /^\/@fs(\/.*)$/.exec(p);
  if (fs) return { absolute: fs[1], relative: '' };
  const relative = p.replace(/^\/+/, '');
  return relative ? { relative } : null;
}

/** The workspace file a location's URL stands for, or undefined. */
export async function workspaceFileFor(location: SourceLocation): Promise<vscode.Uri | undefined> {
  const source = sourcePathOf(location.url);
  if (!source) return undefined;
  if (source.absolute) {
    const uri = vscode.Uri.file(source.absolute);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      return undefined;
    }
  }
  const base = path.posix.basename(source.relative);
  const found = await vscode.workspace.findFiles(`**/${base}`, '**/node_modules/**', 200);
  let best: { uri: vscode.Uri; score: number } | undefined;
  const wanted = source.relative.split('/').reverse();
  for (const uri of found) {
    const parts = uri.path.split('/').reverse();
    let score = 0;
    while (score < wanted.length && parts[score] === wanted[score]) score++;
    if (!best || score > best.score) best = { uri, score };
  }
  return best?.uri;
}

/** Opens the location in an editor (1-based line and column); false when no workspace file matches. */
export async function openLocation(location: SourceLocation): Promise<boolean> {
  const uri = await workspaceFileFor(location);
  if (!uri) {
    void vscode.window.showWarningMessage(`CORS Inspector: ${location.url}:${location.line} is not a file of this workspace.`);
    return false;
  }
  const position = new vscode.Position(Math.max(0, location.line - 1), Math.max(0, location.column - 1));
  await vscode.window.showTextDocument(uri, { selection: new vscode.Range(position, position), preview: false });
  return true;
}
