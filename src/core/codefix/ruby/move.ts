// Moving a statement (with its edits) above another one: the lines it covers are cut,
// the edits inside them applied to the cut text, and the result pasted above the target,
// followed by a blank line.
import type { OffsetEdit } from '../js/object-edit';
import { lineRemovals, lineSpan } from '../text-lines';
import type { Node } from '../tree-sitter';

export function moveAbove(text: string, moved: Node, target: Node, inside: OffsetEdit[], eol: string): OffsetEdit[] {
  const span = lineSpan(text, moved.startIndex, moved.endIndex);
  let cut = text.slice(span.start, span.end);
  for (const e of [...inside].sort((a, b) => b.start - a.start)) cut = cut.slice(0, e.start - span.start) + e.text + cut.slice(e.end - span.start);
  if (!cut.endsWith('\n')) cut += eol;
  const at = lineSpan(text, target.startIndex, target.startIndex).start;
  return [{ start: at, end: at, text: cut + eol }, ...lineRemovals(text, [span])];
}
