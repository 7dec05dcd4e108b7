// How a Ruby file is written, so new code looks like the code around it: the quote most
// of its strings use, its indentation unit (two spaces by convention), its line ends.
import { layoutOf } from '../text-lines';
import { walk, type Node } from '../tree-sitter';

export interface RubyStyle {
  quote: '"' | "'";
  indent: string;
  eol: '\n' | '\r\n';
}

export function detectRubyStyle(text: string, root: Node | null): RubyStyle {
  let single = 0;
  let double = 0;
  if (root) {
    walk(root, (n) => {
      if (n.type !== 'string') return;
      if (n.text.startsWith("'")) single++;
      else if (n.text.startsWith('"')) double++;
      return false;
    });
  }
  return { quote: single > double ? "'" : '"', ...layoutOf(text, '  ') };
}

export function rubyString(value: string, style: RubyStyle): string {
  if (style.quote === "'") return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  return `"${value.replace(/[\\"#]/g, (c) => `\\${c}`)}"`;
}
