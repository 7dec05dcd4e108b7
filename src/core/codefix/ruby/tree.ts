// Ruby source through the tree-sitter grammar the caller loaded: which files are Ruby
// (config.ru and the Gemfile included), the parsed tree of one, and the shape of a call
// (`use Rack::Cors do … end`, `resource '*', headers: :any`): its method, arguments,
// `key: value` pairs and block.
import type { Tree } from '@vscode/tree-sitter-wasm';
import type { Project } from '../project';
import type { SourceFile } from '../types';
import { named, walk, type Node } from '../tree-sitter';

export type { Node };

const RUBY_SKIPPED = /(^|\/)(vendor|node_modules|tmp|log|spec|test)\//;

export function isRubyPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (path.endsWith('.rb') || path.endsWith('.ru') || base === 'Gemfile') && !RUBY_SKIPPED.test(path);
}

export const wantsRubyFile = isRubyPath;

export function rubyFiles(project: Project): SourceFile[] {
  return project.files.filter((f) => isRubyPath(f.path));
}

export function rubyTree(project: Project, path: string): Tree | null {
  return project.parsed('ruby', path) as Tree | null;
}

export function methodOf(call: Node): string {
  return call.type === 'call' ? call.childForFieldName('method')?.text ?? '' : call.type === 'identifier' ? call.text : '';
}

/** Positional arguments and pairs of a call, in order. */
export function argsOf(call: Node): Node[] {
  return named(call.childForFieldName('arguments')).filter((a) => a.type !== 'comment');
}

/** `key: value` (and `:key => value`) arguments: key → the pair node. */
export function pairsOf(call: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const a of argsOf(call)) {
    if (a.type !== 'pair') continue;
    const key = a.childForFieldName('key')?.text.replace(/^:/, '').replace(/:$/, '') ?? '';
    out.set(key, a);
  }
  return out;
}

/** The statements of a call's `do … end` or `{ … }` block. */
export function blockStatements(call: Node): Node[] {
  const block = call.childForFieldName('block');
  const body = block?.type === 'do_block' || block?.type === 'block' ? block.childForFieldName('body') ?? block : null;
  return named(body).filter((n) => n.type !== 'comment' && n.type !== 'block_parameters');
}

/** Every call under `root` one of whose arguments passes `test` (e.g. is `Rack::Cors`). */
export function callsWithArg(root: Node, test: (arg: Node) => boolean): Node[] {
  const out: Node[] = [];
  walk(root, (n) => {
    if (n.type === 'call' && argsOf(n).some(test)) out.push(n);
  });
  return out;
}

/** Whether the Gemfile asks for `gem` (a `gem 'name'` line anywhere in it). */
export function gemfileDeclares(project: Project, gem: string): boolean {
  const tree = project.file('Gemfile') ? rubyTree(project, 'Gemfile') : null;
  if (!tree) return false;
  let found = false;
  walk(tree.rootNode, (n) => {
    if (n.type === 'call' && methodOf(n) === 'gem' && argsOf(n)[0]?.type === 'string' && argsOf(n)[0].text.slice(1, -1) === gem) found = true;
  });
  return found;
}
