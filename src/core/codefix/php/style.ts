// How a PHP file is written, so new code looks like the code around it: the quote most
// of its string literals use, its indentation unit, its line ends.
import { layoutOf } from '../text-lines';
import { walk, type Node } from '../tree-sitter';

export interface PhpStyle {
  quote: '"' | "'";
  indent: string;
  eol: '\n' | '\r\n';
}

export function detectPhpStyle(text: string, root: Node | null): PhpStyle {
  let single = 0;
  let double = 0;
  if (root) {
    walk(root, (n) => {
      if (n.type === 'string') single++;
      else if (n.type === 'encapsed_string') double++;
      return n.type !== 'string' && n.type !== 'encapsed_string';
    });
  }
  return { quote: double > single ? '"' : "'", ...layoutOf(text, '    ') };
}

/** A PHP string literal: single quotes escape only ' and \; double quotes also $ (no interpolation). */
export function phpString(value: string, style: PhpStyle): string {
  if (style.quote === "'") return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

export function phpArray(values: string[], style: PhpStyle): string {
  return `[${values.map((v) => phpString(v, style)).join(', ')}]`;
}
