// Reading the values of configuration written as literals: strings, lists of strings,
// booleans and numbers, also through a top-level `const` of the same file. Anything
// else (a function, process.env, a call) is "computed": it cannot be read without running it.
import type * as t from '@babel/types';

export type LiteralValue =
  | { kind: 'string'; value: string; node: t.Node }
  | { kind: 'strings'; values: string[]; node: t.ArrayExpression }
  | { kind: 'boolean'; value: boolean; node: t.Node }
  | { kind: 'number'; value: number; node: t.Node }
  | { kind: 'function'; node: t.Node }
  | { kind: 'computed'; node: t.Node };

/** The top-level `const name = <init>` of the file, if there is one. */
export function topLevelConst(ast: t.File, name: string): t.VariableDeclarator | undefined {
  for (const s of ast.program.body) {
    const decl = s.type === 'VariableDeclaration' ? s : s.type === 'ExportNamedDeclaration' && s.declaration?.type === 'VariableDeclaration' ? s.declaration : null;
    if (!decl || decl.kind !== 'const') continue;
    for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name && d.init) return d;
  }
  return undefined;
}

function stringOf(node: t.Node): string | null {
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0].value.cooked ?? null;
  return null;
}

/** The value of an expression; identifiers are followed to a top-level const (once). */
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
    const decl = topLevelConst(ast, n.name);
    if (decl?.init) return readLiteral(decl.init, ast, false);
  }
  return { kind: 'computed', node: n };
}
