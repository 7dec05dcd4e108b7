// How a Python file is written, so new code looks like the code around it: the quote
// most of its strings use, its indentation unit, its line ends.
import { layoutOf } from '../text-lines';
import { walk, type Node } from './tree';

export { indentAt, lineSpan } from '../text-lines';

export interface PyStyle {
  quote: '"' | "'";
  indent: string;
  eol: '\n' | '\r\n';
}

export function detectPyStyle(text: string, root: Node | null): PyStyle {
  let single = 0;
  let double = 0;
  if (root) {
    walk(root, (n) => {
      if (n.type !== 'string') return;
      const start = n.firstChild?.text ?? '';
      if (start.endsWith("'''") || start.endsWith('"""')) return false;
      if (start.endsWith("'")) single++;
      else if (start.endsWith('"')) double++;
      return false;
    });
  }
  return { quote: single > double ? "'" : '"', ...layoutOf(text, '    ') };
}

export function pyString(value: string, style: PyStyle): string {
  const q = value.includes(style.quote) && !value.includes(style.quote === '"' ? "'" : '"') ? (style.quote === '"' ? "'" : '"') : style.quote;
  return q + value.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`) + q;
}

export function pyList(values: string[], style: PyStyle): string {
  return `[${values.map((v) => pyString(v, style)).join(', ')}]`;
}
