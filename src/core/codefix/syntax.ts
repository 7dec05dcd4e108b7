// Walking tree-sitter trees, whatever the language: named children, a depth-first
// visit, a node's place in the workspace. Shared by the Python and Go plug-ins.
import type { Node } from '@vscode/tree-sitter-wasm';
import type { SourceFile, SourceLocation } from './types';

export type { Node };

export function named(node: Node | null | undefined): Node[] {
  return (node?.namedChildren ?? []).filter((c): c is Node => c !== null);
}

/** Depth-first over named descendants; return false from `visit` to skip a subtree. */
export function walk(node: Node, visit: (n: Node) => boolean | void): void {
  for (const c of named(node)) {
    if (visit(c) === false) continue;
    walk(c, visit);
  }
}

export function locationOf(file: SourceFile, node: Node): SourceLocation {
  return { file: file.path, line: node.startPosition.row, character: node.startPosition.column };
}
