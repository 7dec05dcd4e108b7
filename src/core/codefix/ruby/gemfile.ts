// Adding rack-cors to a Gemfile: a `gem` line after the last top-level one (or the
// commented-out line Rails' template ships, uncommented), in the Gemfile's quotes.
import type { OffsetEdit } from '../js/object-edit';
import type { Project } from '../project';
import type { DependencyChange } from '../types';
import { lineSpan } from '../text-lines';
import { named } from '../tree-sitter';
import { detectRubyStyle, rubyString } from './style';
import { gemfileDeclares, methodOf, rubyTree } from './tree';

export function gemEdit(project: Project, gem: string): { edit: OffsetEdit; dependency: DependencyChange } | null {
  const file = project.file('Gemfile');
  const tree = file ? rubyTree(project, 'Gemfile') : null;
  if (!file || !tree || gemfileDeclares(project, gem)) return null;
  const text = file.text;
  const style = detectRubyStyle(text, tree.rootNode);
  const dependency: DependencyChange = { manager: 'bundler', name: gem, version: '', manifest: 'Gemfile', installCommand: 'bundle install' };
  const top = named(tree.rootNode);
  const commented = top.find((n) => n.type === 'comment' && new RegExp(`^#\\s*gem ["']${gem}["']`).test(n.text));
  if (commented) {
    return { edit: { start: commented.startIndex, end: commented.endIndex, text: commented.text.replace(/^#\s*/, '') }, dependency };
  }
  const gems = top.filter((n) => n.type === 'call' && methodOf(n) === 'gem');
  const at = gems.length ? lineSpan(text, gems[gems.length - 1].startIndex, gems[gems.length - 1].endIndex).end : text.length;
  const lead = at === text.length && text.length && !text.endsWith('\n') ? style.eol : '';
  return { edit: { start: at, end: at, text: `${lead}gem ${rubyString(gem, style)}${style.eol}` }, dependency };
}
