// Go values as written: string literals (interpreted and raw), `[]string{...}` slices,
// booleans, integers and `10 * time.Minute` durations, followed through package-level
// `var`/`const` names. Anything else is "computed": the fix will not guess what it
// evaluates to.
import { named, type Node } from '../tree-sitter';

export type GoValue =
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'strings'; values: string[]; node: Node }
  | { kind: 'boolean'; value: boolean; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'computed'; node: Node };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'" };

/** A string literal's value, or null for anything else. */
export function goStringValue(node: Node): string | null {
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  if (node.type !== 'interpreted_string_literal') return null;
  let out = '';
  for (const c of named(node)) {
    if (c.type === 'interpreted_string_literal_content') out += c.text;
    else if (c.type === 'escape_sequence') out += ESCAPES[c.text.slice(1)] ?? c.text;
  }
  return out;
}

/** Seconds in the `time` package's units. */
const DURATIONS: Record<string, number> = { Second: 1, Minute: 60, Hour: 3600 };

function unwrap(node: Node): Node {
  return node.type === 'literal_element' || node.type === 'parenthesized_expression' ? unwrap(node.firstNamedChild ?? node) : node;
}

/** Package-level `var name = value` / `const name = value`: name → value node. */
export function packageValues(root: Node): Map<string, Node> {
  const out = new Map<string, Node>();
  for (const decl of named(root)) {
    if (decl.type !== 'var_declaration' && decl.type !== 'const_declaration') continue;
    const specs = named(decl).flatMap((s) => (s.type === 'var_spec_list' ? named(s) : [s]));
    for (const spec of specs) {
      const name = spec.childForFieldName('name');
      const value = named(spec.childForFieldName('value'))[0];
      if (name && value) out.set(name.text, value);
    }
  }
  return out;
}

/** What a value node holds; `durationSeconds` reads `10 * time.Minute` as 600. */
export function readGoValue(node: Node | null | undefined, root: Node, depth = 0): GoValue | null {
  if (!node) return null;
  const n = unwrap(node);
  const s = goStringValue(n);
  if (s !== null) return { kind: 'string', value: s, node: n };
  switch (n.type) {
    case 'true':
    case 'false':
      return { kind: 'boolean', value: n.type === 'true', node: n };
    case 'int_literal':
      return { kind: 'number', value: Number(n.text.replace(/_/g, '')), node: n };
    case 'selector_expression': {
      const unit = DURATIONS[n.childForFieldName('field')?.text ?? ''];
      return unit && n.childForFieldName('operand')?.text === 'time' ? { kind: 'number', value: unit, node: n } : { kind: 'computed', node: n };
    }
    case 'binary_expression': {
      const left = readGoValue(n.childForFieldName('left'), root, depth);
      const right = readGoValue(n.childForFieldName('right'), root, depth);
      const op = n.childForFieldName('operator')?.text ?? n.text.slice((n.childForFieldName('left')?.endIndex ?? 0) - n.startIndex).trim()[0];
      if (op === '*' && left?.kind === 'number' && right?.kind === 'number') return { kind: 'number', value: left.value * right.value, node: n };
      return { kind: 'computed', node: n };
    }
    case 'composite_literal': {
      const type = n.childForFieldName('type');
      if (type?.type !== 'slice_type' || type.childForFieldName('element')?.text !== 'string') return { kind: 'computed', node: n };
      const values: string[] = [];
      for (const el of named(n.childForFieldName('body'))) {
        if (el.type === 'comment') continue;
        const v = readGoValue(el, root, depth);
        if (v?.kind !== 'string') return { kind: 'computed', node: n };
        values.push(v.value);
      }
      return { kind: 'strings', values, node: n };
    }
    case 'identifier': {
      if (depth >= 3) return { kind: 'computed', node: n };
      const v = packageValues(root).get(n.text);
      return v ? readGoValue(v, root, depth + 1) ?? { kind: 'computed', node: n } : { kind: 'computed', node: n };
    }
    default:
      return { kind: 'computed', node: n };
  }
}

/** A value as a list of strings (a comma-separated string is split), or null. */
export function goList(v: GoValue | null): string[] | null {
  if (!v) return null;
  if (v.kind === 'strings') return v.values;
  if (v.kind === 'string') return v.value.split(',').map((x) => x.trim()).filter(Boolean);
  return null;
}
