// Small helpers over Babel's tree: walking it, reading imports and requires, and
// finding calls and the statements that hold them.
import type * as t from '@babel/types';

const SKIP = new Set(['loc', 'start', 'end', 'extra', 'leadingComments', 'trailingComments', 'innerComments', 'range', 'errors', 'tokens', 'comments']);

/** Visits every node depth-first, parents before children. `enter` returning false skips the children. */
export function walk(node: t.Node, enter: (node: t.Node, parents: t.Node[]) => boolean | void, parents: t.Node[] = []): void {
  if (enter(node, parents) === false) return;
  parents.push(node);
  for (const key of Object.keys(node)) {
    if (SKIP.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child && typeof (child as t.Node).type === 'string') walk(child as t.Node, enter, parents);
    } else if (value && typeof (value as t.Node).type === 'string') {
      walk(value as t.Node, enter, parents);
    }
  }
  parents.pop();
}

export interface ModuleBinding {
  /** The module specifier: 'express', '@fastify/cors', 'node:http'. */
  source: string;
  /** The local name bound to the module (default or namespace import, or `const x = require(...)`). */
  local: string | null;
  /** Named imports / destructured requires: imported name → local name. */
  named: Map<string, string>;
  /** The whole top-level statement (import declaration or variable declaration). */
  statement: t.Statement;
  kind: 'import' | 'require';
}

function requireSource(node: t.Node | null | undefined): string | null {
  if (node?.type === 'CallExpression' && node.callee.type === 'Identifier' && node.callee.name === 'require') {
    const arg = node.arguments[0];
    if (arg?.type === 'StringLiteral') return arg.value;
  }
  return null;
}

/** `require('x')`, also as the callee of an immediate call: `require('fastify')({ ... })`. */
export function requiredModule(node: t.Node | null | undefined): string | null {
  return requireSource(node) ?? (node?.type === 'CallExpression' ? requireSource(node.callee) : null);
}

/** Top-level imports and requires, in file order. */
export function moduleBindings(ast: t.File): ModuleBinding[] {
  const out: ModuleBinding[] = [];
  for (const statement of ast.program.body) {
    if (statement.type === 'ImportDeclaration') {
      const named = new Map<string, string>();
      let local: string | null = null;
      for (const s of statement.specifiers) {
        if (s.type === 'ImportDefaultSpecifier' || s.type === 'ImportNamespaceSpecifier') local = s.local.name;
        else named.set(s.imported.type === 'Identifier' ? s.imported.name : s.imported.value, s.local.name);
      }
      out.push({ source: statement.source.value, local, named, statement, kind: 'import' });
    } else if (statement.type === 'VariableDeclaration') {
      for (const d of statement.declarations) {
        // require('x'), require('x').y, and require('x')(options) (Fastify's factory called at once).
        const source = requiredModule(d.init) ?? (d.init?.type === 'MemberExpression' ? requireSource(d.init.object) : null);
        if (source === null) continue;
        const named = new Map<string, string>();
        let local: string | null = null;
        if (d.id.type === 'Identifier') {
          if (d.init?.type === 'MemberExpression' && d.init.property.type === 'Identifier') named.set(d.init.property.name, d.id.name);
          else local = d.id.name;
        } else if (d.id.type === 'ObjectPattern') {
          for (const p of d.id.properties) {
            if (p.type === 'ObjectProperty' && p.key.type === 'Identifier' && p.value.type === 'Identifier') named.set(p.key.name, p.value.name);
          }
        }
        out.push({ source, local, named, statement, kind: 'require' });
      }
    }
  }
  return out;
}

/** The binding of the first module whose specifier is one of `sources`. */
export function bindingOf(ast: t.File, sources: string[]): ModuleBinding | undefined {
  return moduleBindings(ast).find((b) => sources.includes(b.source));
}

/** `obj.method(...)` → ['obj', 'method'] for plain identifiers; null otherwise. */
export function memberCall(node: t.Node): { object: string; method: string; call: t.CallExpression } | null {
  if (node.type !== 'CallExpression') return null;
  const c = node.callee;
  if (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier' && c.object.type === 'Identifier') {
    return { object: c.object.name, method: c.property.name, call: node };
  }
  return null;
}

/** The call inside `await x`, `x` itself otherwise. */
export function unwrapAwait(node: t.Node | null | undefined): t.Node | null {
  if (!node) return null;
  if (node.type === 'AwaitExpression') return node.argument;
  if (node.type === 'TSAsExpression' || node.type === 'TSNonNullExpression') return unwrapAwait(node.expression);
  return node;
}

/** The statement of `body` that contains `node` (the nearest statement list entry), if any. */
export function statementContaining(body: t.Statement[], node: t.Node): t.Statement | undefined {
  return body.find((s) => s.start! <= node.start! && node.end! <= s.end!);
}

/** The start of the line `offset` is on, and the line's indentation. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function indentAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** Offset just after the line that holds `offset` (after its '\n'), or the text's end. */
export function nextLineStart(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The full lines a statement covers, including the comment lines right above it. */
export function statementLines(text: string, statement: t.Node): { start: number; end: number } {
  let start = lineStartOf(text, statement.start!);
  const comments = statement.leadingComments ?? [];
  if (comments.length) start = lineStartOf(text, comments[0].start!);
  return { start, end: nextLineStart(text, statement.end!) };
}

/** What is called, as written: `cors`, `express.json`, `router.routes` (the callee of nested calls too). */
export function calleeName(node: t.Node): string {
  if (node.type === 'CallExpression') return calleeName(node.callee);
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && node.object.type === 'Identifier' && node.property.type === 'Identifier') return `${node.object.name}.${node.property.name}`;
  return '';
}
