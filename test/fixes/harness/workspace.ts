// The copy of a sample that `fix` edits: made under test-results/ inside the
// repository, so Node (and bundlers such as Turbopack, which refuse a node_modules
// symlink that leaves their root) find packages in the repository's node_modules by
// walking up, with no install of its own. Snapshots compare every byte of it.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import semver from 'semver';

export const ROOT = path.resolve(__dirname, '../../..');
export const WORK_DIR = path.join(ROOT, 'test-results', 'fix-verification');

/** Copies `sources` (in order, later ones on top) into a fresh directory and links the `nodeModules` overrides. */
export function makeWorkspace(label: string, sources: string[], nodeModules: Record<string, string> = {}): string {
  mkdirSync(path.join(WORK_DIR, 'work'), { recursive: true });
  const ws = mkdtempSync(path.join(WORK_DIR, 'work', `${label.replace(/[^\w.-]+/g, '-')}-`));
  for (const src of sources) {
    cpSync(src, ws, { recursive: true, filter: (from) => path.basename(from) !== 'case.json' });
  }
  for (const [name, target] of Object.entries(nodeModules)) {
    const link = path.join(ws, 'node_modules', name);
    mkdirSync(path.dirname(link), { recursive: true });
    const real = path.join(ROOT, 'node_modules', target);
    if (!existsSync(real)) throw new Error(`nodeModules: ${target} is not installed in the repository (npm install -D it)`);
    symlinkSync(real, link, 'dir');
  }
  return ws;
}

/** path → sha256 of every file in the workspace, except node_modules and `ignore`d paths. */
export function snapshot(ws: string, ignore: string[] = []): Map<string, string> {
  const skip = new Set(['node_modules', ...ignore]);
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, entry.name);
      const rel = path.relative(ws, abs).split(path.sep).join('/');
      if (skip.has(rel) || skip.has(entry.name)) continue;
      if (entry.isDirectory()) walk(abs);
      else if (entry.isFile()) files.set(rel, createHash('sha256').update(readFileSync(abs)).digest('hex'));
    }
  };
  walk(ws);
  return files;
}

/** Files added, removed or changed between two snapshots. */
export function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  const out = new Set<string>();
  for (const [file, hash] of after) if (before.get(file) !== hash) out.add(file);
  for (const file of before.keys()) if (!after.has(file)) out.add(file);
  return [...out].sort();
}

/** Dependencies a package.json gained, with the version range each was given. */
export function addedNpmDependencies(beforeText: string, afterText: string): Array<{ name: string; range: string }> {
  const sections = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
  const before = JSON.parse(beforeText) as Record<string, Record<string, string> | undefined>;
  const after = JSON.parse(afterText) as Record<string, Record<string, string> | undefined>;
  const added: Array<{ name: string; range: string }> = [];
  for (const s of sections) {
    for (const [name, range] of Object.entries(after[s] ?? {})) if (!(name in (before[s] ?? {}))) added.push({ name, range });
  }
  return added;
}

/** The version Node loads for `name` from the workspace, or null when it does not resolve. */
export function installedVersion(ws: string, name: string): string | null {
  const req = createRequire(path.join(ws, 'package.json'));
  try {
    return (JSON.parse(readFileSync(req.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Whether `version` is in the npm range `range` (a range that is not semver, e.g. a git URL, never is). */
export function satisfies(version: string, range: string): boolean {
  return semver.validRange(range) !== null && semver.satisfies(version, range);
}

/** Whether Node resolves `name` from the workspace, as the server will. */
export function resolvesFrom(ws: string, name: string): boolean {
  const req = createRequire(path.join(ws, 'package.json'));
  for (const probe of [`${name}/package.json`, name]) {
    try {
      req.resolve(probe);
      return true;
    } catch {
      // try the next form: some packages do not export their package.json
    }
  }
  return false;
}

/** For manifests other than package.json: the lines `fix` added. */
export function addedLines(beforeText: string, afterText: string): string[] {
  const before = new Set(beforeText.split('\n').map((l) => l.trim()));
  return afterText
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !before.has(l));
}
