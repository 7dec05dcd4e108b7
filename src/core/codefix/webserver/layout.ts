// Where new lines go in a line-based configuration file, and how it indents: shared by
// the nginx and Apache generators, so new lines look like the lines around them.
import { indentAt, lineSpan } from '../python/style';

/** The end of the line holding `offset`, after its line break. */
export function lineEnd(text: string, offset: number): number {
  return lineSpan(text, offset, offset).end;
}

/** The start of the line holding `offset`, or of the comment lines right above it (they belong to that line). */
export function lineStartWithComments(text: string, offset: number): number {
  let at = lineSpan(text, offset, offset).start;
  for (;;) {
    const prev = text.lastIndexOf('\n', at - 2) + 1;
    if (at === 0 || !/^[ \t]*#[^\n]*\n$/.test(text.slice(prev, at).replace(/\r\n$/, '\n'))) return at;
    at = prev;
  }
}

/** The indentation unit most nested lines use (`pairs`: offsets of a block's line and of a line inside it), four spaces by default. */
export function indentUnit(text: string, pairs: Iterable<[outer: number, inner: number]>): string {
  const votes = new Map<string, number>();
  for (const [outer, inner] of pairs) {
    const o = indentAt(text, outer);
    const i = indentAt(text, inner);
    if (i.startsWith(o) && i.length > o.length) votes.set(i.slice(o.length), (votes.get(i.slice(o.length)) ?? 0) + 1);
  }
  return [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '    ';
}

export function lineBreakOf(text: string): '\n' | '\r\n' {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
