// PHP source through the tree-sitter grammar the caller loaded: which files are PHP, the
// parsed tree of one (cached by the Project), a file's top-level statements, calls by
// function name, and composer.json's requirements.
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { named, walk, type Node } from '../tree-sitter';

export type { Node };

const PHP_SKIPPED = /(^|\/)(vendor|node_modules|storage|bootstrap\/cache|tests?)\//;

export function isPhpPath(path: string): boolean {
  return path.endsWith('.php') && !PHP_SKIPPED.test(path);
}

/** Files the PHP plug-ins read: sources and composer.json. */
export function wantsPhpFile(path: string): boolean {
  return isPhpPath(path) || path === 'composer.json' || path.endsWith('/composer.json');
}

export function phpFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => isPhpPath(f.path));
}

export function phpTree(project: Project, path: string): Tree | null {
  return project.parsed('php', path) as Tree | null;
}

/** The statements of a file's top level (the `<?php` tag and inline HTML left out). */
export function topStatements(root: Node): Node[] {
  return named(root).filter((n) => n.type !== 'php_tag' && n.type !== 'text' && n.type !== 'text_interpolation');
}

/** A call's function name (`header`, `in_array`), lower-case as PHP compares them; '' for a method or a computed callee. */
export function functionName(call: Node): string {
  const fn = call.childForFieldName('function');
  return fn?.type === 'name' || fn?.type === 'qualified_name' ? fn.text.replace(/^\\/, '').toLowerCase() : '';
}

/** The argument expressions of a call, in order. */
export function callArgs(call: Node): Node[] {
  return named(call.childForFieldName('arguments')).filter((a) => a.type === 'argument').map((a) => a.firstNamedChild).filter((a): a is Node => a !== null);
}

/** Every call of `name` under `root`. */
export function callsOf(root: Node, name: string): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'function_call_expression' && functionName(n) === name) out.push(n);
  });
  return out;
}

/** The packages composer.json requires (require and require-dev), lower-case. */
export function composerRequires(project: Project): Set<string> {
  const out = new Set<string>();
  for (const f of project.files.filter((x) => x.path === 'composer.json' || x.path.endsWith('/composer.json'))) {
    try {
      const json = JSON.parse(f.text) as { require?: Record<string, string>; 'require-dev'?: Record<string, string> };
      for (const name of Object.keys({ ...json.require, ...json['require-dev'] })) out.add(name.toLowerCase());
    } catch {
      // An unparsable manifest says nothing.
    }
  }
  return out;
}
