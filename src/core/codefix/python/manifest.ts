// Python dependencies as the project declares them: requirements*.txt (one requirement a
// line) and pyproject.toml (PEP 621 `dependencies = [...]`, or Poetry's
// [tool.poetry.dependencies] table). Reading finds a distribution by its normalized name
// (PEP 503); adding one appends a line to requirements.txt, or an item to pyproject's list.
import { replaceEdit } from '../edits';
import type { Project } from '../project';
import type { DependencyChange, SourceFile, TextEdit } from '../types';

/** PEP 503: case-insensitive, runs of -, _ and . are one. */
export function normalizeDist(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function manifests(project: Project): SourceFile[] {
  return project.files
    .filter((f) => /(^|\/)(requirements[\w.-]*\.txt|pyproject\.toml|setup\.cfg|Pipfile)$/.test(f.path))
    .sort((a, b) => a.path.split('/').length - b.path.split('/').length || a.path.localeCompare(b.path));
}

/** Distribution names a requirements file lists (comments, options and markers aside). */
function requirementNames(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line || line.startsWith('-')) continue;
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m) out.push(normalizeDist(m[1]));
  }
  return out;
}

/** Names in a pyproject.toml/setup.cfg/Pipfile: quoted requirement strings, and `name = ` keys of dependency tables. */
function declaredNames(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/["']([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:[<>=!~;@ ][^"']*)?["']/g)) out.push(normalizeDist(m[1]));
  let table = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      table = header[1];
      continue;
    }
    if (/dependencies|packages|options\.install_requires/i.test(table)) {
      const key = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*=/.exec(line);
      if (key) out.push(normalizeDist(key[1]));
      const bare = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*([<>=!~].*)?$/.exec(line);
      if (bare) out.push(normalizeDist(bare[1]));
    }
  }
  return out;
}

/** Whether a manifest of the project declares the distribution. */
export function declaresDist(project: Project, dist: string): boolean {
  const wanted = normalizeDist(dist);
  return manifests(project).some((f) => (f.path.endsWith('.txt') ? requirementNames(f.text) : declaredNames(f.text)).includes(wanted));
}

/** Whether the project declares its dependencies anywhere (then a new one is written there too). */
export function hasManifest(project: Project): boolean {
  return manifests(project).length > 0;
}

/**
 * The dependency change for a distribution the project lacks, with the manifest edit:
 * a line in the shallowest requirements.txt, else an item in pyproject's
 * `dependencies = [...]`; with neither, only the install command.
 */
export function addPythonDependency(project: Project, dist: string, version: string): { dependency: DependencyChange | null; edits: TextEdit[] } {
  if (declaresDist(project, dist)) return { dependency: null, edits: [] };
  const files = manifests(project);
  const req = files.find((f) => /(^|\/)requirements\.txt$/.test(f.path)) ?? files.find((f) => f.path.endsWith('.txt'));
  const spec = `${dist}${version}`;
  if (req) {
    const eol = req.text.includes('\r\n') ? '\r\n' : '\n';
    const at = req.text.length;
    const text = (req.text && !req.text.endsWith('\n') ? eol : '') + spec + eol;
    return {
      dependency: { manager: 'pip', name: dist, version, manifest: req.path, installCommand: `pip install -r ${req.path}` },
      edits: [replaceEdit(req, at, at, text)],
    };
  }
  const pyproject = files.find((f) => f.path.endsWith('pyproject.toml'));
  const list = pyproject ? /^dependencies\s*=\s*\[([^\]]*)\]/m.exec(pyproject.text) : null;
  if (pyproject && list) {
    const inner = list[1];
    const close = list.index + list[0].length - 1;
    const multi = inner.includes('\n');
    const quote = /'/.test(inner) && !/"/.test(inner) ? "'" : '"';
    const item = `${quote}${spec}${quote}`;
    let text: string;
    let at = close;
    if (!inner.trim()) text = item;
    else if (multi) {
      const indent = /\n([ \t]+)\S/.exec(inner)?.[1] ?? '    ';
      const trimmed = inner.replace(/\s+$/, '');
      at = list.index + list[0].length - 1 - (inner.length - trimmed.length);
      text = `${trimmed.endsWith(',') ? '' : ','}\n${indent}${item}${trimmed.endsWith(',') ? ',' : ''}`;
    } else text = `${inner.trim().endsWith(',') ? ' ' : ', '}${item}`;
    if (!multi && inner.trim()) at = list.index + list[0].length - 1 - (inner.length - inner.replace(/\s+$/, '').length);
    return {
      dependency: { manager: 'pip', name: dist, version, manifest: pyproject.path, installCommand: 'pip install -e .' },
      edits: [replaceEdit(pyproject, at, at, text)],
    };
  }
  return { dependency: { manager: 'pip', name: dist, version, installCommand: `pip install "${spec}"` }, edits: [] };
}
