// Lines of source text, for edits that work line by line in any language: the
// indentation of a line, the span of the lines a node covers, and removing runs of lines
// without leaving two blank lines where there was one.
import type { OffsetEdit } from './js/object-edit';

/** The leading whitespace of the line `offset` is on. */
export function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start))![0];
}

/** [start of the line holding `start`, end of the line holding `end` including its line end). */
export function lineSpan(text: string, start: number, end: number): { start: number; end: number } {
  const s = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  return { start: s, end: nl === -1 ? text.length : nl + 1 };
}

/** Edits deleting whole-line spans: adjacent spans are one run, and a run between two blank lines takes one of them along. */
export function lineRemovals(text: string, spans: Array<{ start: number; end: number }>): OffsetEdit[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const runs: Array<{ start: number; end: number }> = [];
  for (const sp of sorted) {
    const last = runs[runs.length - 1];
    if (last && last.end >= sp.start) last.end = Math.max(last.end, sp.end);
    else runs.push({ ...sp });
  }
  return runs.map((r) => {
    const prevBlank = r.start === 0 || /(^|\n)[ \t]*\r?\n$/.test(text.slice(0, r.start));
    const next = /^[ \t]*\r?\n/.exec(text.slice(r.end));
    return { start: r.start, end: prevBlank && next ? r.end + next[0].length : r.end, text: '' };
  });
}

/** A file's indentation unit and line ends (for languages whose quotes are fixed, such as Java and C#). */
export interface Layout {
  indent: string;
  eol: '\n' | '\r\n';
}

export function layoutOf(text: string, fallback = '    '): Layout {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1];
  return {
    indent: indent ? (indent.startsWith('\t') ? '\t' : ' '.repeat(Math.min(indent.length, 8))) : fallback,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}
