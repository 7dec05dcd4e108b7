// Text edits as plain data: converting between offsets and (line, character)
// positions, and applying a set of edits to a text. The CLI and the editor apply
// the very same edits; this is the CLI's (and the tests') way to do it.
import type { Position, Range, SourceFile, TextEdit } from './types';

/** Offsets where each line starts (after '\n'). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

export function positionAt(text: string, offset: number, starts = lineStarts(text)): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: offset - starts[lo] };
}

export function offsetAt(text: string, pos: Position, starts = lineStarts(text)): number {
  if (pos.line >= starts.length) return text.length;
  const lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : text.length;
  return Math.min(starts[pos.line] + pos.character, lineEnd);
}

export function rangeOf(text: string, start: number, end: number, starts = lineStarts(text)): Range {
  return { start: positionAt(text, start, starts), end: positionAt(text, end, starts) };
}

/** An edit replacing text[start, end) of `file`. */
export function replaceEdit(file: SourceFile, start: number, end: number, newText: string): TextEdit {
  return { file: file.path, range: rangeOf(file.text, start, end), newText };
}

/** Applies the edits of one file (given for that file only). Overlapping edits are a bug in the planner. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const starts = lineStarts(text);
  const spans = edits
    .map((e, i) => ({ start: offsetAt(text, e.range.start, starts), end: offsetAt(text, e.range.end, starts), text: e.newText, i }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  for (let i = 1; i < spans.length; i++) {
    if (spans[i].start < spans[i - 1].end) throw new Error('overlapping edits');
  }
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/**
 * Applies edits across files. An edit to a file that is not given creates it (its
 * edits insert at 0:0). Returns only the files that changed or were created.
 */
export function applyEditsToFiles(files: SourceFile[], edits: TextEdit[]): SourceFile[] {
  const byFile = new Map<string, TextEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), e]);
  const out: SourceFile[] = [];
  for (const [path, list] of byFile) {
    const before = files.find((f) => f.path === path)?.text ?? '';
    const after = applyEdits(before, list);
    if (after !== before) out.push({ path, text: after });
  }
  return out;
}
