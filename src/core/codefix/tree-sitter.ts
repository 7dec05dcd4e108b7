// Walking a tree-sitter tree, whatever the language (Python, PHP, Ruby, Java, C#): the
// named children of a node, a depth-first visit, and a node's place as a SourceLocation.
// Offsets and columns are UTF-16 code units, as in TextEdits.
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

/**
 * A double-quoted C-family string literal's value (Java, C#): its content nodes joined,
 * `\"` and `\\` unescaped; null when it holds anything else (an interpolation).
 */
export function quotedValue(node: Node | null | undefined, literal: string, content: string): string | null {
  if (!node || node.type !== literal) return null;
  let out = '';
  for (const c of named(node)) {
    if (c.type === content) out += c.text;
    else if (c.type === 'escape_sequence') out += c.text === '\\"' ? '"' : c.text === '\\\\' ? '\\' : c.text;
    else return null;
  }
  return out;
}

/** A value printed as a double-quoted Java or C# string literal. */
export function doubleQuoted(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
