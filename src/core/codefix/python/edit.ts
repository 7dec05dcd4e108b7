// Minimal edits to Python source: append items to a list/tuple/set in its own layout
// (one line, or one item per line with the trailing comma it has), add keyword
// arguments to a call, add a name to a from-import or a new import line.
import type { OffsetEdit } from '../js/object-edit';
import { indentAt, lineSpan, type PyStyle } from './style';
import { named, type Node } from './tree';

export type { OffsetEdit };

function items(node: Node): Node[] {
  return named(node).filter((n) => n.type !== 'comment');
}

/** Appends printed items inside a bracketed node (list, tuple, set, argument_list). */
export function appendItems(text: string, node: Node, printed: string[], style: PyStyle): OffsetEdit {
  const existing = items(node);
  const close = node.endIndex - 1;
  if (!existing.length) {
    // `()` as an empty tuple needs a trailing comma for one item.
    const one = node.type === 'tuple' && printed.length === 1 ? `${printed[0]},` : printed.join(', ');
    return { start: node.startIndex + 1, end: close, text: one };
  }
  const last = existing[existing.length - 1];
  const between = text.slice(last.endIndex, close);
  const comma = /^\s*,/.exec(between);
  const multiline = text.slice(node.startIndex, node.endIndex).includes('\n') && /\n\s*$/.test(text.slice(last.endIndex, close));
  if (multiline) {
    const indent = indentAt(text, last.startIndex);
    const at = last.endIndex + (comma ? comma[0].length : 0);
    const lines = printed.map((p) => `${style.eol}${indent}${p},`).join('');
    // Keep the list's trailing comma habit: with one, every new line gets one.
    return comma ? { start: at, end: at, text: lines } : { start: at, end: at, text: `,${lines.slice(0, -1)}` };
  }
  if (comma) {
    const at = last.endIndex + comma[0].length;
    return { start: at, end: at, text: ` ${printed.join(', ')},` };
  }
  return { start: last.endIndex, end: last.endIndex, text: `, ${printed.join(', ')}` };
}

export function replaceNode(node: Node, text: string): OffsetEdit {
  return { start: node.startIndex, end: node.endIndex, text };
}

/** Adds `name=value` arguments at the end of a call's argument list. */
export function addKeywordArgs(text: string, call: Node, entries: string[], style: PyStyle): OffsetEdit {
  const args = call.childForFieldName('arguments')!;
  return appendItems(text, args, entries, style);
}

/** Removes an item (and its comma) from a bracketed sequence; a line of its own goes whole. */
export function removeItem(text: string, item: Node): OffsetEdit {
  const line = lineSpan(text, item.startIndex, item.endIndex);
  const before = text.slice(line.start, item.startIndex);
  const after = text.slice(item.endIndex, line.end);
  if (/^\s*$/.test(before) && /^\s*,?\s*(#.*)?\r?\n?$/.test(after)) return { start: line.start, end: line.end, text: '' };
  const comma = /^\s*,\s*/.exec(text.slice(item.endIndex));
  if (comma) return { start: item.startIndex, end: item.endIndex + comma[0].length, text: '' };
  const prev = /,\s*$/.exec(text.slice(0, item.startIndex));
  return { start: item.startIndex - (prev ? prev[0].length : 0), end: item.endIndex, text: '' };
}

/** Inserts a printed item right before `item` in its sequence, in the sequence's layout. */
export function insertItemBefore(text: string, item: Node, printed: string, style: PyStyle): OffsetEdit {
  const line = lineSpan(text, item.startIndex, item.endIndex);
  if (/^\s*$/.test(text.slice(line.start, item.startIndex))) {
    return { start: line.start, end: line.start, text: `${indentAt(text, item.startIndex)}${printed},${style.eol}` };
  }
  return { start: item.startIndex, end: item.startIndex, text: `${printed}, ` };
}

/** The edit that makes `name` importable from `module`: added to an existing `from module import ...`, else a new line after the last import. */
export function importEdit(text: string, root: Node, module: string, name: string, style: PyStyle): OffsetEdit | null {
  let lastImport: Node | null = null;
  for (const stmt of named(root)) {
    if (stmt.type === 'import_from_statement' || stmt.type === 'import_statement' || stmt.type === 'future_import_statement') lastImport = stmt;
    if (stmt.type !== 'import_from_statement' || stmt.childForFieldName('module_name')?.text !== module) continue;
    const names = stmt.childrenForFieldName('name').filter((n): n is Node => n !== null);
    if (names.some((n) => n.text === name || n.childForFieldName('name')?.text === name)) return null;
    if (stmt.text.includes('*')) return null;
    const last = names[names.length - 1];
    if (!last) continue;
    const paren = stmt.text.includes('(');
    if (paren) {
      const closing = stmt.endIndex - 1;
      const between = text.slice(last.endIndex, closing);
      const multi = between.includes('\n');
      if (multi) {
        const indent = indentAt(text, last.startIndex);
        const comma = /^\s*,/.exec(between);
        const at = last.endIndex + (comma ? comma[0].length : 0);
        return { start: at, end: at, text: `${comma ? '' : ','}${style.eol}${indent}${name}${comma ? ',' : ''}` };
      }
    }
    return { start: last.endIndex, end: last.endIndex, text: `, ${name}` };
  }
  const line = `from ${module} import ${name}`;
  if (lastImport) {
    const end = lineSpan(text, lastImport.startIndex, lastImport.endIndex).end;
    return { start: end, end, text: (end === text.length && !text.endsWith('\n') ? style.eol : '') + line + style.eol };
  }
  // No imports: after a module docstring and leading comments.
  const first = named(root).find((n) => n.type !== 'comment' && !(n.type === 'expression_statement' && n.firstNamedChild?.type === 'string'));
  const at = first ? lineSpan(text, first.startIndex, first.startIndex).start : text.length;
  return { start: at, end: at, text: line + style.eol + (first ? style.eol : '') };
}

