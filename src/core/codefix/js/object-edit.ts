// Minimal edits to object and array literals: set a property, append list items,
// written in the literal's own layout (one line, or one item per line with the
// indentation and trailing commas it already has).
import type * as t from '@babel/types';
import { indentAt } from './ast';
import type { JsStyle } from './style';

export interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

function multiline(text: string, node: t.Node): boolean {
  return text.slice(node.start!, node.end!).includes('\n');
}

/** Inserts `items` (already printed) after the last of `existing` inside the literal `node` (`{...}` or `[...]`). */
function appendItems(text: string, node: t.Node, existing: t.Node[], items: string[], style: JsStyle): OffsetEdit {
  const close = node.end! - 1;
  if (existing.length === 0) {
    const open = node.start! + 1;
    const pad = node.type === 'ObjectExpression' ? ' ' : '';
    return { start: open, end: close, text: `${pad}${items.join(', ')}${pad}` };
  }
  const last = existing[existing.length - 1];
  const after = text.slice(last.end!, close);
  const comma = /^\s*,/.exec(after);
  if (multiline(text, node)) {
    const indent = indentAt(text, last.start!);
    const lines = items.map((i) => `${style.eol}${indent}${i}`);
    if (comma) return { start: last.end! + comma[0].length, end: last.end! + comma[0].length, text: lines.map((l) => `${l},`).join('') };
    return { start: last.end!, end: last.end!, text: ',' + lines.join(',') + (style.trailingComma ? ',' : '') };
  }
  if (comma) return { start: last.end! + comma[0].length, end: last.end! + comma[0].length, text: ` ${items.join(', ')},` };
  return { start: last.end!, end: last.end!, text: `, ${items.join(', ')}` };
}

export function propertyName(p: t.Node): string | null {
  if (p.type !== 'ObjectProperty' && p.type !== 'ObjectMethod') return null;
  if (p.computed) return null;
  if (p.key.type === 'Identifier') return p.key.name;
  if (p.key.type === 'StringLiteral') return p.key.value;
  return null;
}

export function findProperty(obj: t.ObjectExpression, name: string): t.ObjectProperty | undefined {
  return obj.properties.find((p): p is t.ObjectProperty => p.type === 'ObjectProperty' && propertyName(p) === name);
}

/** Adds printed `name: value` entries after the object's last property (the caller checked they are absent). */
export function addProperties(text: string, obj: t.ObjectExpression, entries: string[], style: JsStyle): OffsetEdit {
  return appendItems(text, obj, obj.properties, entries, style);
}

/** Appends printed elements to an array literal. */
export function appendElements(text: string, arr: t.ArrayExpression, items: string[], style: JsStyle): OffsetEdit {
  return appendItems(text, arr, arr.elements.filter((e): e is NonNullable<typeof e> => e !== null), items, style);
}

/** `edits` (offsets in the whole file) applied to the slice of it that starts at `base`. */
export function applyOffsetEdits(slice: string, base: number, edits: OffsetEdit[]): string {
  let out = slice;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start - base) + e.text + out.slice(e.end - base);
  return out;
}

export function replaceNode(node: t.Node, text: string): OffsetEdit {
  return { start: node.start!, end: node.end!, text };
}

/**
 * A one-line object printed again with one property per line (as prettier lays out an
 * object that no longer fits), `value` printed in place of `target`'s value.
 * `value(inner)` prints the new value for the indentation of its property line.
 */
export function relayoutWithValue(text: string, obj: t.ObjectExpression, target: t.ObjectProperty, value: (inner: string) => string, style: JsStyle): OffsetEdit {
  const outer = indentAt(text, obj.start!);
  const inner = outer + style.indent;
  const lines = obj.properties.map((p) => (p === target ? `${text.slice(p.start!, target.value.start!)}${value(inner)}` : text.slice(p.start!, p.end!)));
  const body = lines.map((l) => `${style.eol}${inner}${l}`).join(',');
  return { start: obj.start!, end: obj.end!, text: `{${body}${style.trailingComma ? ',' : ''}${style.eol}${outer}}` };
}

/** Insertions at one offset joined into one edit, in order (applyEdits would keep them apart otherwise). */
export function mergeInsertions(edits: OffsetEdit[]): OffsetEdit[] {
  const out: OffsetEdit[] = [];
  for (const e of edits) {
    const same = out.find((o) => o.start === o.end && e.start === e.end && o.start === e.start);
    if (same) same.text += e.text;
    else out.push({ ...e });
  }
  return out;
}
