// Fluent builder chains, as Java and C# CORS APIs are written
// (`registry.addMapping("/**").allowedOrigins(…).allowCredentials(true)`,
// `policy.WithOrigins(…).AllowAnyHeader()`): the calls of a chain in order, their
// arguments, and the edits that grow a call's arguments or add a call at the end in the
// chain's own layout (one call per line, or all on one line).
import type { OffsetEdit } from './js/object-edit';
import { indentAt } from './text-lines';
import type { Node } from './tree-sitter';

/** How a language's tree spells a method call. */
export interface CallDialect {
  isCall(n: Node): boolean;
  /** The object the method is called on (null for a bare call). */
  receiver(call: Node): Node | null;
  /** The method's name node. */
  name(call: Node): Node | null;
  /** The argument expressions, in order. */
  args(call: Node): Node[];
  /** The argument list node (its closing parenthesis is where arguments go). */
  argList(call: Node): Node | null;
}

export interface ChainLink {
  name: string;
  call: Node;
  nameNode: Node;
  args: Node[];
}

export interface Chain {
  /** What the chain starts from (`policy`, `registry`). */
  root: Node;
  links: ChainLink[];
  /** The outermost call (the whole chain). */
  outer: Node;
}

/** The chain whose outermost call is `outer`, root first. */
export function chainOf(outer: Node, d: CallDialect): Chain | null {
  const links: ChainLink[] = [];
  let n: Node | null = outer;
  while (n && d.isCall(n)) {
    const name = d.name(n);
    if (!name) return null;
    links.unshift({ name: name.text, call: n, nameNode: name, args: d.args(n) });
    n = d.receiver(n);
  }
  return n ? { root: n, links, outer } : null;
}

export function link(chain: Chain, ...names: string[]): ChainLink | undefined {
  return chain.links.find((l) => names.includes(l.name));
}

/** Printed arguments added after a call's last argument. */
export function appendArgs(l: ChainLink, printed: string[], d: CallDialect): OffsetEdit {
  const last = l.args[l.args.length - 1];
  if (last) return { start: last.endIndex, end: last.endIndex, text: printed.map((p) => `, ${p}`).join('') };
  const list = d.argList(l.call)!;
  return { start: list.endIndex - 1, end: list.endIndex - 1, text: printed.join(', ') };
}

/** `.name(args)` calls added at the end of the chain: on lines of their own when its calls are one per line. */
export function appendCalls(text: string, chain: Chain, calls: string[], eol: string): OffsetEdit {
  const lastLink = chain.links[chain.links.length - 1];
  const multiline = chain.links.length > 1 && lastLink.nameNode.startPosition.row !== chain.links[0].nameNode.startPosition.row;
  const at = chain.outer.endIndex;
  if (!multiline) return { start: at, end: at, text: calls.map((c) => `.${c}`).join('') };
  const dot = text.lastIndexOf('.', lastLink.nameNode.startIndex);
  const indent = indentAt(text, dot);
  return { start: at, end: at, text: calls.map((c) => `${eol}${indent}.${c}`).join('') };
}
