// Moving a statement (with its edits) above another one, in any language: the lines it
// covers are cut, the edits inside them applied to the cut text, and the result pasted
// above the target (followed by a blank line when `blankAfter`, for blocks set apart).
import type { OffsetEdit } from './js/object-edit';
import { lineRemovals, lineSpan } from './text-lines';
import type { Node } from './tree-sitter';

export function moveAbove(text: string, moved: Node, target: Node, inside: OffsetEdit[], eol: string, blankAfter = true): OffsetEdit[] {
  const span = lineSpan(text, moved.startIndex, moved.endIndex);
  let cut = text.slice(span.start, span.end);
  for (const e of [...inside].sort((a, b) => b.start - a.start)) cut = cut.slice(0, e.start - span.start) + e.text + cut.slice(e.end - span.start);
  if (!cut.endsWith('\n')) cut += eol;
  const at = lineSpan(text, target.startIndex, target.startIndex).start;
  if (!blankAfter) return [{ start: at, end: at, text: cut }, { start: span.start, end: span.end, text: '' }];
  return [{ start: at, end: at, text: cut + eol }, ...lineRemovals(text, [span])];
}
