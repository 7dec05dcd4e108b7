// nginx directives from the tokens: `name arg… ;` or `name arg… { … }`, nested, with
// the offsets of each part so a fix edits the text around them and nothing else.
import { tokenizeNginx, tokenValue, type NginxToken } from './tokens';

export interface NginxDirective {
  name: string;
  /** The argument tokens, in order (their meaning: `tokenValue`). */
  args: NginxToken[];
  /** Offset of the name; offset just after the `;` or the block's `}`. */
  start: number;
  end: number;
  block: NginxBlock | null;
  parent: NginxDirective | null;
}

export interface NginxBlock {
  /** Offsets of `{` and `}`. */
  open: number;
  close: number;
  children: NginxDirective[];
}

export interface NginxConfig {
  text: string;
  tokens: NginxToken[];
  directives: NginxDirective[];
  /** What kept the text from being a well-formed configuration (an unclosed block, a stray `}`). */
  errors: string[];
}

export function parseNginx(text: string): NginxConfig {
  const tokens = tokenizeNginx(text);
  const errors: string[] = [];
  const significant = tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment');
  let i = 0;
  const parseList = (parent: NginxDirective | null): NginxDirective[] => {
    const list: NginxDirective[] = [];
    while (i < significant.length) {
      const t = significant[i];
      if (t.kind === 'close') return list;
      if (t.kind === 'semi' || t.kind === 'open') {
        errors.push(`unexpected "${t.text}" at offset ${t.start}`);
        i++;
        continue;
      }
      const d: NginxDirective = { name: tokenValue(t), args: [], start: t.start, end: t.end, block: null, parent };
      i++;
      while (i < significant.length && (significant[i].kind === 'word' || significant[i].kind === 'string')) d.args.push(significant[i++]);
      const end = significant[i];
      if (!end) {
        errors.push(`"${d.name}" is not terminated by ";" or "{"`);
        d.end = d.args.length ? d.args[d.args.length - 1].end : d.end;
      } else if (end.kind === 'semi') {
        d.end = end.end;
        i++;
      } else if (end.kind === 'open') {
        i++;
        const children = parseList(d);
        const close = significant[i];
        if (close?.kind === 'close') {
          d.block = { open: end.start, close: close.start, children };
          d.end = close.end;
          i++;
        } else {
          errors.push(`the block of "${d.name}" is not closed`);
          d.block = { open: end.start, close: text.length, children };
          d.end = text.length;
        }
      } else {
        // A `}` right after the arguments: the directive lacks its `;`.
        errors.push(`"${d.name}" is not terminated by ";"`);
        d.end = d.args.length ? d.args[d.args.length - 1].end : d.end;
      }
      list.push(d);
    }
    return list;
  };
  const directives: NginxDirective[] = [];
  for (;;) {
    directives.push(...parseList(null));
    if (i >= significant.length) break;
    errors.push(`unexpected "}" at offset ${significant[i].start}`);
    i++;
  }
  return { text, tokens, directives, errors };
}

export function argValues(d: NginxDirective): string[] {
  return d.args.map(tokenValue);
}

/** Every directive of the list and, depth-first, of the blocks inside it. */
export function allDirectives(list: NginxDirective[]): NginxDirective[] {
  const out: NginxDirective[] = [];
  const visit = (ds: NginxDirective[]) => {
    for (const d of ds) {
      out.push(d);
      if (d.block) visit(d.block.children);
    }
  };
  visit(list);
  return out;
}

export function childrenNamed(d: NginxDirective | null, name: string): NginxDirective[] {
  return (d?.block?.children ?? []).filter((c) => c.name === name);
}
