// Python source through the tree-sitter grammar the caller loaded: the parsed tree of a
// file (cached by the Project), and the few questions every Python framework asks of
// it — which names a module imports, which module-level names are assigned, which
// calls create the app. Offsets and columns are UTF-16 code units, as in TextEdits.
import type { Node, Tree } from '@vscode/tree-sitter-wasm';
import type { Project } from '../project';
import { named, walk } from '../syntax';
import type { SourceFile } from '../types';

export type { Node };
export { named, walk, locationOf } from '../syntax';

const PY_SKIPPED = /(^|\/)(site-packages|\.venv|venv|env|__pycache__|migrations|node_modules|\.tox|build|dist)\//;

export function isPythonPath(path: string): boolean {
  return path.endsWith('.py') && !PY_SKIPPED.test(path);
}

/** Files the Python plug-ins read: sources and the manifests that name dependencies. */
export function wantsPythonFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return isPythonPath(path) || /^requirements[\w.-]*\.txt$/.test(base) || base === 'pyproject.toml' || base === 'setup.cfg' || base === 'Pipfile';
}

export function pythonFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => isPythonPath(f.path));
}

/** The file's tree, or null without the python grammar or for an unknown file. */
export function pyTree(project: Project, path: string): Tree | null {
  return project.parsed('python', path) as Tree | null;
}

/** The statement that holds `node` directly under a block or the module (its line span is what moves). */
export function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'module' && n.parent.type !== 'block') n = n.parent;
  return n;
}

/** Local names bound by imports: local → "module.name" (from-imports) or "module" (`import x as y`). */
export function importedNames(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  walk(root, (n) => {
    if (n.type === 'import_from_statement') {
      const mod = n.childForFieldName('module_name')?.text ?? '';
      for (const nm of n.childrenForFieldName('name')) {
        if (!nm) continue;
        if (nm.type === 'aliased_import') {
          out.set(nm.childForFieldName('alias')?.text ?? '', `${mod}.${nm.childForFieldName('name')?.text ?? ''}`);
        } else out.set(nm.text, `${mod}.${nm.text}`);
      }
      return false;
    }
    if (n.type === 'import_statement') {
      for (const nm of n.childrenForFieldName('name')) {
        if (!nm) continue;
        if (nm.type === 'aliased_import') out.set(nm.childForFieldName('alias')?.text ?? '', nm.childForFieldName('name')?.text ?? '');
        else out.set(nm.text.split('.')[0], nm.text.split('.')[0]);
      }
      return false;
    }
  });
  return out;
}

/** Whether the module imports anything from one of `modules` (`flask`, `fastapi.middleware.cors`...). */
export function importsFrom(root: Node, modules: string[]): boolean {
  for (const full of importedNames(root).values()) {
    if (modules.some((m) => full === m || full.startsWith(`${m}.`))) return true;
  }
  return false;
}

/** The local name a file binds to `module.name` (e.g. flask.Flask → "Flask"), if imported. */
export function localNameOf(root: Node, qualified: string[]): string | null {
  for (const [local, full] of importedNames(root)) if (qualified.includes(full)) return local;
  return null;
}

/** The name a call calls: `Flask(...)` → "Flask", `app.add_middleware(...)` → "app.add_middleware". */
export function calleeText(call: Node): string {
  return call.childForFieldName('function')?.text ?? '';
}

/** `name = value` statements directly in the module (the last one wins, as Python runs them). */
export function moduleAssignments(root: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const stmt of named(root)) {
    const a = stmt.type === 'expression_statement' ? stmt.firstNamedChild : null;
    if (a?.type !== 'assignment') continue;
    const left = a.childForFieldName('left');
    if (left?.type === 'identifier') out.set(left.text, a);
  }
  return out;
}

/** `x = Callee(...)` anywhere in the file (module level or in a factory such as create_app()). */
export function assignmentsOfCall(root: Node, isCallee: (name: string) => boolean): Array<{ name: string; assignment: Node; call: Node }> {
  const out: Array<{ name: string; assignment: Node; call: Node }> = [];
  walk(root, (n) => {
    if (n.type !== 'assignment') return;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (left?.type === 'identifier' && right?.type === 'call' && isCallee(calleeText(right))) out.push({ name: left.text, assignment: n, call: right });
  });
  return out;
}

/** The keyword arguments of a call: name → value node. */
export function keywordArgs(call: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const arg of named(call.childForFieldName('arguments'))) {
    if (arg.type !== 'keyword_argument') continue;
    const name = arg.childForFieldName('name')?.text;
    const value = arg.childForFieldName('value');
    if (name && value) out.set(name, value);
  }
  return out;
}

/** Positional arguments of a call, in order. */
export function positionalArgs(call: Node): Node[] {
  return named(call.childForFieldName('arguments')).filter((a) => a.type !== 'keyword_argument' && a.type !== 'comment');
}
