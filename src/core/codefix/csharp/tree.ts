// C# source through the tree-sitter grammar the caller loaded: which files are C#, the
// tree of one, calls as a CallDialect (for chain.ts), string literals, and the top-level
// statements of a Program.cs with top-level statements.
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { CallDialect } from '../chain';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { doubleQuoted, named, quotedValue, walk, type Node } from '../tree-sitter';

const CS_SKIPPED = /(^|\/)(bin|obj|node_modules)\//;

export function isCsharpPath(path: string): boolean {
  return path.endsWith('.cs') && !CS_SKIPPED.test(path);
}

export function wantsCsharpFile(path: string): boolean {
  return isCsharpPath(path) || (path.endsWith('.csproj') && !CS_SKIPPED.test(path));
}

export function csharpFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => isCsharpPath(f.path));
}

export function csTree(project: Project, path: string): Tree | null {
  return project.parsed('csharp', path) as Tree | null;
}

export const CSHARP_CALLS: CallDialect = {
  isCall: (n) => n.type === 'invocation_expression',
  receiver: (call) => {
    const fn = call.childForFieldName('function');
    return fn?.type === 'member_access_expression' ? fn.childForFieldName('expression') : null;
  },
  name: (call) => {
    const fn = call.childForFieldName('function');
    return fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : fn?.type === 'identifier' ? fn : null;
  },
  args: (call) => named(call.childForFieldName('arguments')).filter((a) => a.type === 'argument').map((a) => a.lastNamedChild).filter((a): a is Node => a !== null),
  argList: (call) => call.childForFieldName('arguments'),
};

/** A regular string literal's value (no interpolation, no verbatim or raw strings). */
export const csString = (node: Node | null | undefined): string | null => quotedValue(node, 'string_literal', 'string_literal_content');

export const csLiteral = doubleQuoted;

/** Every invocation under `root` whose method is `name`. */
export function invocationsOf(root: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'invocation_expression' && CSHARP_CALLS.name(n)?.text === name) out.push(n);
  });
  return out;
}

/** The statement directly in the program (a global_statement) or a block that holds `node`. */
export function statementOf(node: Node): Node {
  let n = node;
  while (n.parent && n.parent.type !== 'global_statement' && n.parent.type !== 'block' && n.parent.type !== 'compilation_unit') n = n.parent;
  return n.parent?.type === 'global_statement' ? n.parent : n;
}
