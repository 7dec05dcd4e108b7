// Go source through the tree-sitter grammar the caller loaded: the parsed tree of a file
// (cached by the Project), the packages a file imports and under which local name, the
// calls and `x := ...` statements every Go plug-in looks for. Offsets and columns are
// UTF-16 code units, as in TextEdits.
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { Project } from '../project';
import { named, walk, type Node } from '../tree-sitter';
import type { SourceFile } from '../types';
import { goStringValue } from './literal';

export type { Node };

const GO_SKIPPED = /(^|\/)(vendor|testdata|node_modules)\//;

export function isGoPath(path: string): boolean {
  return path.endsWith('.go') && !path.endsWith('_test.go') && !GO_SKIPPED.test(path);
}

/** Files the Go plug-ins read: sources and go.mod. */
export function wantsGoFile(path: string): boolean {
  return isGoPath(path) || path === 'go.mod' || path.endsWith('/go.mod');
}

export function goFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => isGoPath(f.path));
}

export function goTree(project: Project, path: string): Tree | null {
  return project.parsed('go', path) as Tree | null;
}

/** The name a package is known by when imported without an alias: its last element, a `/vN` major version aside. */
export function defaultPackageName(importPath: string): string {
  const parts = importPath.split('/');
  const last = parts[parts.length - 1];
  return /^v\d+$/.test(last) && parts.length > 1 ? parts[parts.length - 2] : last;
}

/** Import path → the local name the file uses for it (`_` and `.` imports included as written). */
export function importsOf(root: Node): Map<string, string> {
  const out = new Map<string, string>();
  walk(root, (n) => {
    if (n.type !== 'import_spec') return n.type === 'import_declaration' || n.type === 'import_spec_list';
    const path = n.childForFieldName('path');
    const value = path ? goStringValue(path) : null;
    if (value !== null) out.set(value, n.childForFieldName('name')?.text ?? defaultPackageName(value));
    return false;
  });
  return out;
}

/** The local name of an imported package, or null when the file does not import it. */
export function localPackage(root: Node, importPath: string): string | null {
  return importsOf(root).get(importPath) ?? null;
}

export function calleeText(call: Node): string {
  return call.childForFieldName('function')?.text ?? '';
}

export function argumentsOf(call: Node): Node[] {
  return named(call.childForFieldName('arguments')).filter((a) => a.type !== 'comment');
}

/** Every call in the tree whose callee text passes `test`, in source order. */
export function callsTo(root: Node, test: (callee: string) => boolean): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'call_expression' && test(calleeText(n))) out.push(n);
  });
  return out;
}

/** `name := call(...)` / `var name = call(...)` statements whose call passes `test`. */
export function declarationsOf(root: Node, test: (call: Node) => boolean): Array<{ name: string; statement: Node; value: Node }> {
  const out: Array<{ name: string; statement: Node; value: Node }> = [];
  walk(root, (n) => {
    let left: Node | null = null;
    let right: Node | null = null;
    if (n.type === 'short_var_declaration' || n.type === 'assignment_statement') {
      left = named(n.childForFieldName('left'))[0] ?? null;
      right = named(n.childForFieldName('right'))[0] ?? null;
    } else if (n.type === 'var_spec') {
      left = n.childForFieldName('name');
      right = named(n.childForFieldName('value'))[0] ?? null;
    }
    if (left?.type === 'identifier' && right && test(right)) out.push({ name: left.text, statement: n.type === 'var_spec' ? n.parent! : n, value: right });
  });
  return out;
}

/** The statements of a block (tree-sitter-go wraps them in a statement_list). */
export function statementsOf(block: Node | null): Node[] {
  if (!block) return [];
  const list = named(block).find((n) => n.type === 'statement_list');
  return named(list ?? block).filter((n) => n.type !== 'comment');
}

/** The statement directly in a block (or the top-level declaration) that holds `node`. */
export function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'statement_list' && n.parent.type !== 'block' && n.parent.type !== 'source_file') n = n.parent;
  return n;
}

/** The top-level declaration (func, var, type) that holds `node`. */
export function topLevelOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'source_file') n = n.parent;
  return n;
}

/** A keyed element's key name (a struct field, or a map key's text). */
export function keyOf(element: Node): string {
  return element.childForFieldName('key')?.text ?? '';
}

/** The value node of a keyed element (inside its literal_element wrapper). */
export function valueOf(element: Node): Node | null {
  const v = element.childForFieldName('value');
  return v?.type === 'literal_element' ? v.firstNamedChild : v;
}

/** The keyed elements of a struct or map literal's body: key → element. */
export function keyedElements(body: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const el of named(body)) if (el.type === 'keyed_element') out.set(keyOf(el), el);
  return out;
}

/** Where a top-level declaration starts, its doc comment (the comment lines right above it) included. */
export function withDocComment(decl: Node): Node {
  let n = decl;
  for (let prev = n.previousNamedSibling; prev?.type === 'comment' && prev.endPosition.row === n.startPosition.row - 1; prev = n.previousNamedSibling) n = prev;
  return n;
}
