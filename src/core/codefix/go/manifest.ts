// go.mod as the project declares its modules: the `require` lines (one-line or in a
// `require ( ... )` block), read with a line tokenizer of go.mod's syntax; adding one
// puts it in the first block in sorted place (as `go mod tidy` keeps it), or on a
// `require` line of its own.
import { replaceEdit } from '../edits';
import type { Project } from '../project';
import type { DependencyChange, SourceFile, TextEdit } from '../types';

function goMods(project: Project): SourceFile[] {
  return project.files.filter((f) => f.path === 'go.mod' || f.path.endsWith('/go.mod')).sort((a, b) => a.path.split('/').length - b.path.split('/').length);
}

interface Require {
  path: string;
  /** Offsets of the line (its line end included). */
  start: number;
  end: number;
  inBlock: boolean;
}

function requiresOf(text: string): { requires: Require[]; blockEnds: number[] } {
  const requires: Require[] = [];
  const blockEnds: number[] = [];
  let inBlock = false;
  let at = 0;
  for (const raw of text.split('\n')) {
    const start = at;
    at += raw.length + 1;
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (inBlock) {
      if (line === ')') {
        inBlock = false;
        blockEnds.push(start);
      } else if (line) requires.push({ path: line.split(/\s+/)[0], start, end: Math.min(at, text.length), inBlock: true });
      continue;
    }
    const words = line.split(/\s+/);
    if (words[0] !== 'require') continue;
    if (words[1] === '(') inBlock = true;
    else if (words[1]) requires.push({ path: words[1], start, end: Math.min(at, text.length), inBlock: false });
  }
  return { requires, blockEnds };
}

/** Whether a go.mod of the project requires the module (or a module under it, e.g. `/v5`). */
export function requiresModule(project: Project, module: string): boolean {
  return goMods(project).some((f) => requiresOf(f.text).requires.some((r) => r.path === module || r.path.startsWith(`${module}/`)));
}

export function hasGoMod(project: Project): boolean {
  return goMods(project).length > 0;
}

/** The dependency change for a module the project lacks: a require line in go.mod, then `go mod tidy` to fetch it and write go.sum. */
export function addGoRequire(project: Project, module: string, version: string): { dependency: DependencyChange | null; edits: TextEdit[] } {
  const mod = goMods(project)[0];
  if (requiresModule(project, module)) return { dependency: null, edits: [] };
  const dependency: DependencyChange = { manager: 'go', name: module, version, installCommand: 'go mod tidy' };
  if (!mod) return { dependency: { ...dependency, installCommand: `go get ${module}@${version}` }, edits: [] };
  const { requires, blockEnds } = requiresOf(mod.text);
  const eol = mod.text.includes('\r\n') ? '\r\n' : '\n';
  const block = requires.filter((r) => r.inBlock);
  let edit: TextEdit;
  if (block.length) {
    const before = block.find((r) => r.path > module);
    const at = before ? before.start : blockEnds[0];
    edit = replaceEdit(mod, at, at, `\t${module} ${version}${eol}`);
  } else {
    const at = mod.text.length;
    edit = replaceEdit(mod, at, at, `${mod.text.endsWith('\n') ? '' : eol}${eol}require ${module} ${version}${eol}`);
  }
  return { dependency: { ...dependency, manifest: mod.path }, edits: [edit] };
}
