// Amending a CORS option written in Python (a keyword argument, or a Django setting):
// a sequence gets the missing items appended in its own layout, a single string
// becomes a list keeping its value, a comma-separated string stays one.
import { appendItems, replaceNode, type OffsetEdit } from './edit';
import type { PyValue } from './literal';
import { pyList, pyString, type PyStyle } from './style';

/** The edit that makes `v` hold every one of `wanted` (compared with `fold`), or null when it already does or cannot. */
export function extendValue(text: string, v: PyValue, wanted: string[], style: PyStyle, fold: (s: string) => string = (s) => s): OffsetEdit | null {
  if (v.kind === 'strings') {
    const missing = wanted.filter((w) => !v.values.some((x) => fold(x) === fold(w)));
    if (!missing.length) return null;
    if (!['list', 'tuple', 'set'].includes(v.node.type)) return null; // a name we cannot append to in place
    return appendItems(text, v.node, missing.map((m) => pyString(m, style)), style);
  }
  if (v.kind === 'string') {
    const have = v.value.split(',').map((s) => s.trim()).filter(Boolean);
    const missing = wanted.filter((w) => !have.some((x) => fold(x) === fold(w)));
    if (!missing.length) return null;
    return replaceNode(v.node, v.value.includes(',') ? pyString([...have, ...missing].join(', '), style) : pyList([...have, ...missing], style));
  }
  return null;
}

/** Items of `wanted` that `have` lacks (compared with `fold`), in `wanted`'s order. */
export function missingFrom(have: string[], wanted: string[], fold: (s: string) => string = (s) => s): string[] {
  return wanted.filter((w) => !have.some((h) => fold(h) === fold(w)));
}

export function upper(s: string): string {
  return s.toUpperCase();
}

export function lower(s: string): string {
  return s.toLowerCase();
}
