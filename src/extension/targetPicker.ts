// Asks for the dev server URL: a QuickPick of guesses from the workspace plus
// free entry, validated as it is typed.
import * as vscode from 'vscode';
import {
  FALLBACK_CANDIDATES,
  candidatesFromEnv,
  candidatesFromPackageJson,
  mergeCandidates,
  normalizeTargetUrl,
  type TargetCandidate,
} from './targetCandidates';

const EXCLUDE = '{**/node_modules/**,**/dist/**,**/.git/**,**/.tools/**}';

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return '';
  }
}

export async function findTargetCandidates(): Promise<TargetCandidate[]> {
  if (!vscode.workspace.workspaceFolders?.length) return FALLBACK_CANDIDATES;
  const [packages, envs] = await Promise.all([
    vscode.workspace.findFiles('**/package.json', EXCLUDE, 20),
    vscode.workspace.findFiles('**/.env*', EXCLUDE, 20),
  ]);
  const lists: TargetCandidate[][] = [];
  for (const uri of envs) lists.push(candidatesFromEnv(await readText(uri), vscode.workspace.asRelativePath(uri)));
  for (const uri of packages) lists.push(candidatesFromPackageJson(await readText(uri), vscode.workspace.asRelativePath(uri)));
  lists.push(FALLBACK_CANDIDATES);
  return mergeCandidates(...lists);
}

interface TargetItem extends vscode.QuickPickItem {
  url: string | null;
}

/** Resolves to a normalised URL, or undefined when the person cancelled. */
export async function pickTarget(current?: string | null): Promise<string | undefined> {
  const candidates = await findTargetCandidates();
  // The last answer comes first rather than pre-filled: a pre-filled value would filter the guesses away.
  const ordered = current ? [{ url: current, source: 'last used in this workspace' }, ...candidates.filter((c) => c.url !== current)] : candidates;
  const candidateItems: TargetItem[] = ordered.map((c) => ({ label: c.url, description: c.source, url: c.url }));
  const qp = vscode.window.createQuickPick<TargetItem>();
  qp.title = 'CORS Inspector: where does your API dev server listen?';
  qp.placeholder = 'Pick a guess or type a URL or port, e.g. http://localhost:4000 or 4000';
  qp.matchOnDescription = true;
  qp.items = candidateItems;
  const typed = (value: string): TargetItem[] => {
    if (!value.trim()) return candidateItems;
    const url = normalizeTargetUrl(value);
    const head: TargetItem = url
      ? { label: `$(arrow-right) ${url}`, description: 'Use this URL', url, alwaysShow: true }
      : { label: `$(error) "${value}" is not an http(s) URL or port`, url: null, alwaysShow: true };
    return [head, ...candidateItems];
  };
  qp.onDidChangeValue((v) => (qp.items = typed(v)));
  qp.items = typed(qp.value);
  return new Promise<string | undefined>((resolve) => {
    let done = false;
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (!item?.url) return; // invalid entry: keep the picker open
      done = true;
      resolve(item.url);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
