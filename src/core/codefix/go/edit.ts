// Minimal edits to Go source that leave it as gofmt would print it: items appended to a
// slice literal in its layout, fields of a struct literal set, added or removed with the
// value column of each run of one-line fields realigned (gofmt aligns values after the
// longest key of consecutive one-line `Key: value` lines), an import added in sorted
// place within its group.
import type { OffsetEdit } from '../js/object-edit';

export { mergeInsertions } from '../js/object-edit';
import { named, type Node } from '../tree-sitter';
import { goString, indentAt, lineSpan, type GoStyle } from './style';
import { importsOf, keyOf, valueOf } from './tree';

export type { OffsetEdit };

function elements(body: Node): Node[] {
  return named(body).filter((n) => n.type !== 'comment');
}

function isMultiline(text: string, node: Node): boolean {
  return text.slice(node.startIndex, node.endIndex).includes('\n');
}

/** Appends printed items to a literal's body `{...}` in its layout (one line, or one item per line with gofmt's trailing comma). */
export function appendElements(text: string, body: Node, printed: string[], style: GoStyle): OffsetEdit {
  const existing = elements(body);
  const close = body.endIndex - 1;
  if (!existing.length) return { start: body.startIndex + 1, end: close, text: printed.join(', ') };
  const last = existing[existing.length - 1];
  const after = text.slice(last.endIndex, close);
  if (isMultiline(text, body) && after.includes('\n')) {
    const comma = /^\s*,/.exec(after);
    const at = last.endIndex + (comma ? comma[0].length : 0);
    const indent = indentAt(text, last.startIndex);
    return { start: at, end: at, text: `${comma ? '' : ','}${printed.map((p) => `${style.eol}${indent}${p},`).join('')}` };
  }
  return { start: last.endIndex, end: last.endIndex, text: `, ${printed.join(', ')}` };
}

/** What to do with a struct literal's fields. */
export interface FieldChanges {
  /** Existing fields whose value is replaced (key → printed value). */
  set?: Map<string, string>;
  /** New fields, appended in order. */
  add?: Array<{ key: string; value: string }>;
  remove?: Set<string>;
  /** Existing fields replaced in place by another field (key → the new key and printed value). */
  replace?: Map<string, { key: string; value: string }>;
}

interface Row {
  key: string;
  /** Offsets of the existing element; null for an added one. */
  element: Node | null;
  oneLine: boolean;
  /** The next row follows on the very next line. */
  adjacentToNext: boolean;
}

/** The edits that apply `changes` to a struct literal's body, in gofmt's layout. */
export function editFields(text: string, body: Node, changes: FieldChanges, style: GoStyle): OffsetEdit[] {
  const edits: OffsetEdit[] = [];
  const all = elements(body);
  const keyed = all.filter((e) => e.type === 'keyed_element');
  const remove = changes.remove ?? new Set<string>();
  const replace = changes.replace ?? new Map<string, { key: string; value: string }>();
  const add = (changes.add ?? []).filter((a) => !keyed.some((e) => keyOf(e) === a.key));
  for (const [key, value] of changes.set ?? []) {
    const el = keyed.find((e) => keyOf(e) === key);
    const v = el ? el.childForFieldName('value') : null;
    if (v) edits.push({ start: v.startIndex, end: v.endIndex, text: value });
  }
  if (!isMultiline(text, body)) {
    // One line (`cors.Options{}` or `{AllowedOrigins: ...}`): items joined with ", ".
    const kept = keyed.filter((e) => !remove.has(keyOf(e)));
    for (const e of kept) {
      const replaced = replace.get(keyOf(e));
      if (replaced) edits.push({ start: e.startIndex, end: e.endIndex, text: `${replaced.key}: ${replaced.value}` });
    }
    for (const e of keyed.filter((k) => remove.has(keyOf(k)))) {
      const next = /^\s*,\s*/.exec(text.slice(e.endIndex));
      edits.push({ start: e.startIndex, end: e.endIndex + (next && kept.length ? next[0].length : 0), text: '' });
    }
    if (add.length) {
      const printed = add.map((a) => `${a.key}: ${a.value}`);
      if (!all.length) {
        // An empty literal becomes one field per line.
        const indent = indentAt(text, body.startIndex);
        edits.push({ start: body.startIndex + 1, end: body.endIndex - 1, text: `${printed.map((p) => `${style.eol}${indent}\t${p},`).join('')}${style.eol}${indent}` });
      } else edits.push(appendElements(text, body, printed, style));
    }
    return edits;
  }
  for (const e of keyed.filter((k) => remove.has(keyOf(k)))) {
    const span = lineSpan(text, e.startIndex, e.endIndex);
    edits.push({ start: span.start, end: span.end, text: '' });
  }
  // The rows as they will be, to align each run of one-line fields as gofmt does.
  const rows: Row[] = [];
  const removedRows = new Set<number>();
  for (const e of keyed.filter((k) => remove.has(keyOf(k)))) for (let r = e.startPosition.row; r <= e.endPosition.row; r++) removedRows.add(r);
  const kept = all.filter((e) => !(e.type === 'keyed_element' && remove.has(keyOf(e))));
  for (let i = 0; i < kept.length; i++) {
    const e = kept[i];
    const next = kept[i + 1];
    let adjacent = false;
    if (next) {
      // Only lines of removed fields in between: they are gone.
      adjacent = true;
      for (let row = e.endPosition.row + 1; row < next.startPosition.row; row++) if (!removedRows.has(row)) adjacent = false;
    } else adjacent = add.length > 0;
    const key = e.type === 'keyed_element' ? keyOf(e) : '';
    rows.push({ key: replace.get(key)?.key ?? key, element: e, oneLine: e.type === 'keyed_element' && !isMultiline(text, e), adjacentToNext: adjacent });
  }
  for (const a of add) rows.push({ key: a.key, element: null, oneLine: !a.value.includes('\n'), adjacentToNext: true });
  const column = new Map<Row, number>();
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (rows[j].oneLine && j + 1 < rows.length && rows[j].adjacentToNext && rows[j + 1].oneLine) j++;
    const run = rows.slice(i, j + 1).filter((r) => r.oneLine);
    const width = Math.max(0, ...run.map((r) => r.key.length + 1));
    for (const r of run) column.set(r, width + 1);
    i = j + 1;
  }
  for (const r of rows) {
    if (!r.element || !column.has(r)) continue;
    const key = r.element.childForFieldName('key')!;
    const value = r.element.childForFieldName('value')!;
    const colon = text.indexOf(':', key.endIndex) + 1;
    const pad = ' '.repeat(column.get(r)! - (r.key.length + 1));
    const replaced = replace.get(keyOf(r.element));
    if (replaced) edits.push({ start: key.startIndex, end: value.endIndex, text: `${replaced.key}:${pad}${replaced.value}` });
    else if (text.slice(colon, value.startIndex) !== pad) edits.push({ start: colon, end: value.startIndex, text: pad });
  }
  if (add.length) {
    const last = all[all.length - 1];
    const after = last ? text.slice(last.endIndex, body.endIndex - 1) : '';
    const comma = last ? /^\s*,/.exec(after) : null;
    const at = last ? last.endIndex + (comma ? comma[0].length : 0) : body.startIndex + 1;
    const indent = last ? indentAt(text, last.startIndex) : `${indentAt(text, body.startIndex)}\t`;
    const lines = rows.filter((r) => !r.element).map((r) => {
      const width = column.get(r) ?? r.key.length + 2;
      return `${style.eol}${indent}${r.key}:${' '.repeat(width - r.key.length - 1)}${add.find((a) => a.key === r.key)!.value},`;
    });
    edits.push({ start: at, end: at, text: `${last && !comma ? ',' : ''}${lines.join('')}` });
  }
  return edits;
}

/** The value node of a field in a struct literal's body, or null. */
export function fieldValue(body: Node, key: string): Node | null {
  const el = elements(body).find((e) => e.type === 'keyed_element' && keyOf(e) === key);
  return el ? valueOf(el) : null;
}

function isStdlib(path: string): boolean {
  return !path.split('/')[0].includes('.');
}

/** The edit that imports `path`, or null when the file already does. In sorted place in its group (standard library, or the others). */
export function goImportEdit(text: string, root: Node, path: string, style: GoStyle): OffsetEdit | null {
  if (importsOf(root).has(path)) return null;
  const decls = named(root).filter((n) => n.type === 'import_declaration');
  const spec = goString(path);
  const list = decls.map((d) => named(d).find((n) => n.type === 'import_spec_list')).find(Boolean);
  if (list) {
    const specs = named(list).filter((n) => n.type === 'import_spec');
    // Groups: runs of specs on consecutive lines.
    const groups: Node[][] = [];
    for (const s of specs) {
      const prev = groups[groups.length - 1]?.slice(-1)[0];
      if (prev && s.startPosition.row === prev.endPosition.row + 1) groups[groups.length - 1].push(s);
      else groups.push([s]);
    }
    const pathOf = (s: Node) => s.childForFieldName('path')?.text.slice(1, -1) ?? '';
    const std = isStdlib(path);
    const group = std ? groups.find((g) => g.every((s) => isStdlib(pathOf(s)))) : [...groups].reverse().find((g) => g.every((s) => !isStdlib(pathOf(s))));
    const indent = specs[0] ? indentAt(text, specs[0].startIndex) : '\t';
    if (group) {
      const before = group.find((s) => pathOf(s) > path);
      if (before) {
        const at = lineSpan(text, before.startIndex, before.startIndex).start;
        return { start: at, end: at, text: `${indent}${spec}${style.eol}` };
      }
      const at = lineSpan(text, group[group.length - 1].startIndex, group[group.length - 1].endIndex).end;
      return { start: at, end: at, text: `${indent}${spec}${style.eol}` };
    }
    if (std) {
      const at = specs[0] ? lineSpan(text, specs[0].startIndex, specs[0].startIndex).start : list.startIndex + 1;
      return { start: at, end: at, text: `${indent}${spec}${style.eol}${style.eol}` };
    }
    const last = specs[specs.length - 1];
    const at = lineSpan(text, last.startIndex, last.endIndex).end;
    return { start: at, end: at, text: `${style.eol}${indent}${spec}${style.eol}` };
  }
  const single = decls[0];
  if (single) return groupedImports(single, [path], style);
  const pkg = named(root).find((n) => n.type === 'package_clause')!;
  return { start: pkg.endIndex, end: pkg.endIndex, text: `${style.eol}${style.eol}import ${spec}` };
}

/** A one-spec `import "x"` rewritten as a group with `paths` added: the standard library first, a blank line, the others. */
function groupedImports(decl: Node, paths: string[], style: GoStyle): OffsetEdit {
  const old = named(decl).find((n) => n.type === 'import_spec')!;
  const specs = [{ path: old.childForFieldName('path')?.text.slice(1, -1) ?? '', text: old.text }, ...paths.map((p) => ({ path: p, text: goString(p) }))];
  const group = (std: boolean) => specs.filter((s) => isStdlib(s.path) === std).sort((a, b) => (a.path < b.path ? -1 : 1)).map((s) => `\t${s.text}${style.eol}`).join('');
  const parts = [group(true), group(false)].filter(Boolean);
  return { start: decl.startIndex, end: decl.endIndex, text: `import (${style.eol}${parts.join(style.eol)})` };
}

/** The edits that import every one of `paths` the file lacks (one edit per import; a one-spec import becomes a group once). */
export function goImportEdits(text: string, root: Node, paths: string[], style: GoStyle): OffsetEdit[] {
  const missing = [...new Set(paths)].filter((p) => !importsOf(root).has(p)).sort();
  if (!missing.length) return [];
  const decls = named(root).filter((n) => n.type === 'import_declaration');
  const hasList = decls.some((d) => named(d).some((n) => n.type === 'import_spec_list'));
  if (!hasList && decls[0]) return [groupedImports(decls[0], missing, style)];
  if (!hasList) {
    const pkg = named(root).find((n) => n.type === 'package_clause')!;
    const lines = missing.map((p) => `\t${goString(p)}${style.eol}`).join('');
    return [{ start: pkg.endIndex, end: pkg.endIndex, text: missing.length === 1 ? `${style.eol}${style.eol}import ${goString(missing[0])}` : `${style.eol}${style.eol}import (${style.eol}${lines})` }];
  }
  return missing.map((p) => goImportEdit(text, root, p, style)).filter((e): e is OffsetEdit => e !== null);
}

/**
 * Moves a statement's lines (with `inside` edits applied to them) to the start of the
 * line of `target`; edits elsewhere stay as they are.
 */
export function moveLinesBefore(text: string, statement: Node, target: Node, edits: OffsetEdit[]): OffsetEdit[] {
  const span = lineSpan(text, statement.startIndex, statement.endIndex);
  const inside = edits.filter((e) => e.start >= span.start && e.end <= span.end);
  const block = textWithin(text, span.start, span.end, inside);
  const at = lineSpan(text, target.startIndex, target.startIndex).start;
  return [{ start: span.start, end: span.end, text: '' }, { start: at, end: at, text: block }, ...edits.filter((e) => !inside.includes(e))];
}

/** The text of [start, end) with the edits that fall inside it applied. */
export function textWithin(text: string, start: number, end: number, edits: OffsetEdit[]): string {
  let out = text.slice(start, end);
  for (const e of edits.filter((x) => x.start >= start && x.end <= end).sort((a, b) => b.start - a.start)) {
    out = out.slice(0, e.start - start) + e.text + out.slice(e.end - start);
  }
  return out;
}
