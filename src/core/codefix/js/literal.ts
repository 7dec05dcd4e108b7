// Reading the values of configuration written as literals: strings, lists of strings,
// booleans and numbers, also through a `const` of the same file (top-level, or declared
// earlier in a function that encloses the use, as NestJS's bootstrap does). Anything
// else (a function, process.env, a call) is "computed": it cannot be read without running it.
import type * as t from '@babel/types';
import { walk } from './ast';

export type LiteralValue =
  | { kind: 'string'; value: string; node: t.Node }
  | { kind: 'strings'; values: string[]; node: t.ArrayExpression }
  | { kind: 'boolean'; value: boolean; node: t.Node }
  | { kind: 'number'; value: number; node: t.Node }
  | { kind: 'function'; node: t.Node }
  | { kind: 'computed'; node: t.Node };

function constIn(body: t.Statement[], name: string, before = Infinity): t.VariableDeclarator | undefined {
  for (const s of body) {
    if (s.start! >= before) break;
    const decl = s.type === 'VariableDeclaration' ? s : s.type === 'ExportNamedDeclaration' && s.declaration?.type === 'VariableDeclaration' ? s.declaration : null;
    if (!decl || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return d;
  }
  return undefined;
}

/** The top-level `const name = <init>` of the file, if there is one. */
export function topLevelConst(ast: t.File, name: string): t.VariableDeclarator | undefined {
  return constIn(ast.program.body, name);
}

/**
 * The `const name = <init>` that `use` sees: declared before it in a block that encloses
 * it (innermost first, as the language resolves names), else at the top level.
 */
export function constInScope(ast: t.File, name: string, use: t.Node): t.VariableDeclarator | undefined {
  const blocks: t.Statement[][] = [];
  walk(ast.program, (n) => {
    if (n.start! > use.start! || n.end! < use.end!) return false;
    if (n.type === 'BlockStatement') blocks.push(n.body);
  });
  for (const body of blocks.reverse()) {
    const d = constIn(body, name, use.start!);
    if (d) return d;
  }
  return topLevelConst(ast, name);
}

function stringOf(node: t.Node): string | null {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  return null;
}

/** The value of an expression; identifiers are followed to the const they name (once). */
export function readLiteral(node: t.Node, ast: t.File, follow = true): LiteralValue {
  let n: t.Node = node;
  while (n.type === 'TSAsExpression' || n.type === 'TSSatisfiesExpression' || n.type === 'TSNonNullExpression' || n.type === 'ParenthesizedExpression') n = n.expression;
  const s = stringOf(n);
  if (s !== null) return { kind: 'string', value: s, node: n };
  if (n.type === 'BooleanLiteral') return { kind: 'boolean', value: n.value, node: n };
  if (n.type === 'NumericLiteral') return { kind: 'number', value: n.value, node: n };
  if (n.type === 'UnaryExpression' && n.operator === '-' && n.argument.type === 'NumericLiteral') return { kind: 'number', value: -n.argument.value, node: n };
  if (n.type === 'ArrayExpression') {
    const values: string[] = [];
    for (const el of n.elements) {
      const v = el ? stringOf(el) : null;
      if (v === null) return { kind: 'computed', node: n };
      values.push(v);
    }
    return { kind: 'strings', values, node: n };
  }
  if (n.type === 'ArrowFunctionExpression' || n.type === 'FunctionExpression') return { kind: 'function', node: n };
  if (n.type === 'Identifier' && follow) {
    const decl = constInScope(ast, n.name, n);
    if (decl?.init) return readLiteral(decl.init, ast, false);
  }
  return { kind: 'computed', node: n };
}
