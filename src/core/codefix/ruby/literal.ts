// Ruby values as written in a rack-cors configuration: strings without interpolation,
// symbols, arrays of them (`[...]`, `%w[...]`, `%i[...]`), booleans and integers. Anything
// else (a regexp, ENV.fetch, a lambda) is "computed": the fix will not guess its value.
import { named, type Node } from '../tree-sitter';

export type RubyValue =
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'symbol'; value: string; node: Node }
  | { kind: 'list'; values: string[]; symbols: boolean; node: Node }
  | { kind: 'boolean'; value: boolean; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'nil'; node: Node }
  | { kind: 'computed'; node: Node };

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', '\\': '\\', '"': '"', "'": "'" };

export function stringValue(node: Node): string | null {
  if (node.type !== 'string' && node.type !== 'bare_string') return null;
  let out = '';
  for (const c of named(node)) {
    if (c.type === 'string_content') out += c.text;
    else if (c.type === 'escape_sequence') out += ESCAPES[c.text.slice(1)] ?? c.text;
    else return null;
  }
  return out;
}

function symbolValue(node: Node): string | null {
  if (node.type === 'simple_symbol') return node.text.slice(1);
  if (node.type === 'bare_symbol') return node.text;
  if (node.type === 'delimited_symbol') {
    const inner = named(node);
    return inner.every((c) => c.type === 'string_content') ? inner.map((c) => c.text).join('') : null;
  }
  return null;
}

export function readRuby(node: Node | null | undefined): RubyValue | null {
  if (!node) return null;
  switch (node.type) {
    case 'string': {
      const v = stringValue(node);
      return v === null ? { kind: 'computed', node } : { kind: 'string', value: v, node };
    }
    case 'simple_symbol':
    case 'delimited_symbol': {
      const v = symbolValue(node);
      return v === null ? { kind: 'computed', node } : { kind: 'symbol', value: v, node };
    }
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', node };
    case 'nil':
      return { kind: 'nil', node };
    case 'integer':
      return { kind: 'number', value: Number(node.text.replace(/_/g, '')), node };
    case 'array':
    case 'string_array':
    case 'symbol_array': {
      const values: string[] = [];
      let symbols = node.type === 'symbol_array';
      for (const el of named(node).filter((c) => c.type !== 'comment')) {
        const v = symbolValue(el) ?? stringValue(el);
        if (v === null) return { kind: 'computed', node };
        if (el.type === 'simple_symbol') symbols = true;
        values.push(v);
      }
      return { kind: 'list', values, symbols, node };
    }
    default:
      return { kind: 'computed', node };
  }
}

/** The strings of a string, a symbol or a list; null for anything else. */
export function valuesOf(v: RubyValue | null): string[] | null {
  if (!v) return null;
  if (v.kind === 'string' || v.kind === 'symbol') return [v.value];
  if (v.kind === 'list') return v.values;
  return null;
}
