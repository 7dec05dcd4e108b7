// PHP values as written: string literals (single-quoted, or double-quoted without
// interpolation), arrays of them (`[...]` and `array(...)`, followed through a variable
// or constant assigned once at the top of the file), booleans and integers. Anything
// else is "computed": the fix will not guess what it evaluates to.
import { named, walk, type Node } from '../tree-sitter';

export type PhpValue =
  | { kind: 'string'; value: string; node: Node }
  | { kind: 'strings'; values: string[]; node: Node }
  | { kind: 'boolean'; value: boolean; node: Node }
  | { kind: 'number'; value: number; node: Node }
  | { kind: 'computed'; node: Node };

const DOUBLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"', '0': '\0' };

/** A string literal's value; null for interpolation, heredocs and anything not a literal. */
export function stringValue(node: Node): string | null {
  if (node.type === 'string') {
    // Single quotes: only \' and \\ are escapes.
    let out = '';
    for (const c of named(node)) {
      if (c.type === 'string_content' || c.type === 'string_value') out += c.text;
      else if (c.type === 'escape_sequence') out += c.text === "\\'" ? "'" : c.text === '\\\\' ? '\\' : c.text;
      else return null;
    }
    return out;
  }
  if (node.type === 'encapsed_string') {
    let out = '';
    for (const c of named(node)) {
      if (c.type === 'string_content' || c.type === 'string_value') out += c.text;
      else if (c.type === 'escape_sequence') out += DOUBLE_ESCAPES[c.text.slice(1)] ?? c.text;
      else return null;
    }
    return out;
  }
  return null;
}

/** `$name = value;` and `const NAME = value;` at the top of the file: the last one wins. */
function topAssignment(root: Node, name: string): Node | null {
  let found: Node | null = null;
  for (const stmt of named(root)) {
    if (stmt.type === 'expression_statement') {
      const a = stmt.firstNamedChild;
      if (a?.type === 'assignment_expression' && a.childForFieldName('left')?.text === name) found = a.childForFieldName('right');
    } else if (stmt.type === 'const_declaration') {
      for (const el of named(stmt)) {
        if (el.type === 'const_element' && el.firstNamedChild?.text === name) found = el.lastNamedChild;
      }
    }
  }
  return found;
}

/** Whether `$name` is assigned anywhere but at the top (then its top value is not the one checked). */
function reassigned(root: Node, name: string): boolean {
  let count = 0;
  walk(root, (n) => {
    if (n.type === 'assignment_expression' && n.childForFieldName('left')?.text === name) count++;
  });
  return count > 1;
}

export function readValue(node: Node | null | undefined, root: Node, depth = 0): PhpValue | null {
  if (!node) return null;
  switch (node.type) {
    case 'string':
    case 'encapsed_string': {
      const v = stringValue(node);
      return v === null ? { kind: 'computed', node } : { kind: 'string', value: v, node };
    }
    case 'boolean':
      return { kind: 'boolean', value: node.text.toLowerCase() === 'true', node };
    case 'integer':
      return { kind: 'number', value: Number(node.text.replace(/_/g, '')), node };
    case 'parenthesized_expression':
      return readValue(node.firstNamedChild, root, depth);
    case 'array_creation_expression': {
      const values: string[] = [];
      for (const el of named(node)) {
        if (el.type === 'comment') continue;
        // A keyed element (`'a' => 'b'`) is not a list of origins.
        if (el.type !== 'array_element_initializer' || named(el).length !== 1) return { kind: 'computed', node };
        const v = stringValue(el.firstNamedChild!);
        if (v === null) return { kind: 'computed', node };
        values.push(v);
      }
      return { kind: 'strings', values, node };
    }
    case 'variable_name':
    case 'name': {
      if (depth >= 3 || (node.type === 'variable_name' && reassigned(root, node.text))) return { kind: 'computed', node };
      const right = topAssignment(root, node.text);
      return right ? readValue(right, root, depth + 1) ?? { kind: 'computed', node } : { kind: 'computed', node };
    }
    default:
      return { kind: 'computed', node };
  }
}
