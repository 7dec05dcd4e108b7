// Java source through the tree-sitter grammar the caller loaded: which files are Java
// (and the Maven/Gradle build files), the tree of one, calls as a CallDialect (for
// chain.ts), string literals, imports and the package.
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { CallDialect } from '../chain';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { doubleQuoted, named, quotedValue, walk, type Node } from '../tree-sitter';

const JAVA_SKIPPED = /(^|\/)(target|build|out|node_modules|src\/test)\//;

export function isJavaPath(path: string): boolean {
  return path.endsWith('.java') && !JAVA_SKIPPED.test(path);
}

export function wantsJavaFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return isJavaPath(path) || base === 'pom.xml' || base === 'build.gradle' || base === 'build.gradle.kts';
}

export function javaFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => isJavaPath(f.path));
}

export function javaTree(project: Project, path: string): Tree | null {
  return project.parsed('java', path) as Tree | null;
}

export const JAVA_CALLS: CallDialect = {
  isCall: (n) => n.type === 'method_invocation',
  receiver: (call) => call.childForFieldName('object'),
  name: (call) => call.childForFieldName('name'),
  args: (call) => named(call.childForFieldName('arguments')).filter((a) => a.type !== 'comment'),
  argList: (call) => call.childForFieldName('arguments'),
};

export const javaString = (node: Node | null | undefined): string | null => quotedValue(node, 'string_literal', 'string_fragment');

export const javaLiteral = doubleQuoted;

/** The strings of `"a", "b"` arguments, or of one `List.of(...)` / `Arrays.asList(...)` argument; null if any is not a literal. */
export function stringArgs(args: Node[]): { values: string[]; holder: Node[] } | null {
  const only = args.length === 1 ? args[0] : null;
  const list = only?.type === 'method_invocation' && /^(List\.of|Arrays\.asList|Set\.of)$/.test(`${only.childForFieldName('object')?.text}.${only.childForFieldName('name')?.text}`) ? only : null;
  const items = list ? JAVA_CALLS.args(list) : args;
  const values = items.map(javaString);
  return values.every((v) => v !== null) ? { values: values as string[], holder: list ? [list] : [] } : null;
}

export function methodsIn(root: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'method_declaration' && n.childForFieldName('name')?.text === name) out.push(n);
  });
  return out;
}

export function hasImport(root: Node, qualified: string): boolean {
  return named(root).some((n) => n.type === 'import_declaration' && n.text.replace(/\s+/g, '').replace(/^import(static)?/, '').replace(/;$/, '') === qualified);
}
