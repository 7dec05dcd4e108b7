// Where a Problem goes when no server code can be pointed at: a top-level file of
// the workspace (Problems need a file).
import * as vscode from 'vscode';

export async function problemPlaceholder(): Promise<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return undefined;
  for (const name of ['package.json', 'pyproject.toml', 'go.mod', 'requirements.txt', 'manage.py', 'composer.json', 'Gemfile', 'config.ru', 'pom.xml', 'build.gradle', 'README.md']) {
    const uri = vscode.Uri.joinPath(folder.uri, name);
    try {
      await vscode.workspace.fs.stat(uri);
      return uri;
    } catch {
      // try the next one
    }
  }
  // Problems need a file: fall back to the first top-level file there is.
  try {
    const entries = await vscode.workspace.fs.readDirectory(folder.uri);
    const file = entries.find(([, type]) => type === vscode.FileType.File);
    if (file) return vscode.Uri.joinPath(folder.uri, file[0]);
  } catch {
    // unreadable folder: no placeholder
  }
  return undefined;
}
