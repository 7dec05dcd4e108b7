// Python values as written: strings, sequences of strings (list, tuple, set, with
// `*default_headers`-style splats of known names), booleans and integers, followed
// through module-level names (`CORS_ORIGINS = [...]` then `origins=CORS_ORIGINS`).
// Anything else is "computed": the fix will not guess what it evaluates to.
import { moduleAssignments, named, type Node } from './tree';

export type PyValue =
  | { kind: 'string'; value: string; node: Node }
  | {
      kind: 'strings';
      values: string[];
      /** The list/tuple/set node whose elements these are. */
      node: Node;
      /** The string elements, in order (splats excluded). */
      elements: Node[];
      /** Names spread into it (`*default_headers`), already counted in `values` when known. */
      splats: string[];
    }
  | { kind: 'boolean'; value: boolean; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'none'; node: Node }
  | { kind: 'computed'; node: Node };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };

/** A plain string literal's value (no f-string interpolation, no bytes). */
export function stringValue(node: Node): string | null {
  if (node.type === 'concatenated_string') {
    const parts = named(node).map(stringValue);
    return parts.every((p) => p !== null) ? parts.join('') : null;
  }
  if (node.type !== 'string') return null;
  const start = node.firstChild;
  const prefix = (start?.text ?? '').replace(/['"]+$/, '').toLowerCase();
  if (prefix.includes('f') || prefix.includes('b')) return null;
  let out = '';
  for (const c of named(node)) {
    if (c.type === 'string_content') out += c.text;
    else if (c.type === 'escape_sequence') out += prefix.includes('r') ? c.text : ESCAPES[c.text.slice(1)] ?? c.text;
    else if (c.type === 'interpolation') return null;
  }
  // A raw string keeps its backslashes, which string_content already holds.
  return out;
}

export interface ReadContext {
  /** The module the value is written in (to follow names to their assignment). */
  root: Node;
  /** Sequences known by name (`default_headers` from corsheaders.defaults). */
  known?: Record<string, readonly string[]>;
}

export function readValue(node: Node | null | undefined, ctx: ReadContext, depth = 0): PyValue | null {
  if (!node) return null;
  switch (node.type) {
    case 'string':
    case 'concatenated_string': {
      const v = stringValue(node);
      return v === null ? { kind: 'computed', node } : { kind: 'string', value: v, node };
    }
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', node };
    case 'none':
      return { kind: 'none', node };
    case 'integer':
      return { kind: 'number', value: Number(node.text.replace(/_/g, '')), node };
    case 'parenthesized_expression':
      return readValue(node.firstNamedChild, ctx, depth);
    case 'list':
    case 'tuple':
    case 'set': {
      const values: string[] = [];
      const elements: Node[] = [];
      const splats: string[] = [];
      for (const el of named(node)) {
        if (el.type === 'comment') continue;
        if (el.type === 'list_splat') {
          const inner = el.firstNamedChild;
          const name = inner?.text ?? '';
          const known = ctx.known?.[name];
          const followed = known ? null : inner?.type === 'identifier' && depth < 3 ? readValue(inner, ctx, depth + 1) : null;
          if (known) values.push(...known);
          else if (followed?.kind === 'strings') values.push(...followed.values);
          else return { kind: 'computed', node };
          splats.push(name);
          continue;
        }
        const v = stringValue(el);
        if (v === null) return { kind: 'computed', node };
        values.push(v);
        elements.push(el);
      }
      return { kind: 'strings', values, node, elements, splats };
    }
    case 'identifier': {
      const known = ctx.known?.[node.text];
      if (known) return { kind: 'strings', values: [...known], node, elements: [], splats: [node.text] };
      if (depth >= 3) return { kind: 'computed', node };
      const assigned = moduleAssignments(ctx.root).get(node.text);
      const right = assigned?.childForFieldName('right');
      return right ? readValue(right, ctx, depth + 1) ?? { kind: 'computed', node } : { kind: 'computed', node };
    }
    default:
      return { kind: 'computed', node };
  }
}

/** A string value split on commas ("GET, POST" → ["GET", "POST"]), or the strings of a sequence. */
export function valueList(v: PyValue | null): string[] | null {
  if (!v) return null;
  if (v.kind === 'string') return v.value.split(',').map((s) => s.trim()).filter(Boolean);
  if (v.kind === 'strings') return v.values;
  return null;
}
