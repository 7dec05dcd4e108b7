// Pieces of the one-line reasons shown with each change: code quoted from the file, and
// a sentence's first letter.
import type * as t from '@babel/types';

/** The first line of a node's source, shortened to fit in a reason. */
export function quoteCode(text: string, node: t.Node, max = 50): string {
  const src = text.slice(node.start!, node.end!).split('\n')[0].trim();
  return src.length > max ? `${src.slice(0, max - 3)}...` : src;
}

export function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}
