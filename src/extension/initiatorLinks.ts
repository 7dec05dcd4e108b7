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
  const wanted = source.relative.split('/').reverse();
  const scored = found.map((uri) => {
    const parts = uri.path.split('/').reverse();
    let score = 0;
    while (score < wanted.length && parts[score] === wanted[score]) score++;
    return { uri, score };
  });
  const top = Math.max(0, ...scored.map((c) => c.score));
  const best = scored.filter((c) => c.score === top && top > 0).map((c) => c.uri);
  if (best.length <= 1) return best[0];
  return (await sameLineAsServed(best, location)) ?? best[0];
}

/**
 * Several workspace files end in the same path (two app.js): the one whose line reads
 * as the file the page was served, at that line, is the one.
 */
async function sameLineAsServed(candidates: vscode.Uri[], location: SourceLocation): Promise<vscode.Uri | undefined> {
  let served: string;
  try {
    const res = await fetch(location.url, { signal: AbortSignal.timeout(2000) });
    if (!res.ok) return undefined;
    served = await res.text();
  } catch {
    return undefined;
  }
  const wantedLine = served.split(/\r?\n/)[location.line - 1]?.trim();
  if (!wantedLine) return undefined;
  for (const uri of candidates) {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    if (text.split(/\r?\n/)[location.line - 1]?.trim() === wantedLine) return uri;
  }
  return undefined;
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
