// Apache directives from the tokens: `Name arg…` lines and `<Section args> … </Section>`
// blocks, nested, with the offsets of each part so a fix edits around them.
import { apacheValue, tokenizeApache, type ApacheToken } from './tokens';

export interface ApacheDirective {
  name: string;
  args: ApacheToken[];
  /** Offset of the name (`<Name` for a section); end of its last token on the line (for a section: after `</Name>`). */
  start: number;
  end: number;
  section: ApacheSection | null;
  parent: ApacheDirective | null;
}

export interface ApacheSection {
  /** End of the opening line's `>`; start of `</Name>`. */
  headerEnd: number;
  closeStart: number;
  children: ApacheDirective[];
}

export interface ApacheConfig {
  text: string;
  tokens: ApacheToken[];
  directives: ApacheDirective[];
  errors: string[];
}

export function parseApache(text: string): ApacheConfig {
  const tokens = tokenizeApache(text);
  const errors: string[] = [];
  const root: ApacheDirective[] = [];
  const stack: ApacheDirective[] = [];
  let current: ApacheDirective | null = null;
  const list = () => (stack.length ? stack[stack.length - 1].section!.children : root);
  for (const t of tokens) {
    if (t.kind === 'space' || t.kind === 'continuation' || t.kind === 'comment') continue;
    if (t.kind === 'newline') {
      if (current?.section && current.section.headerEnd === -1) errors.push(`<${current.name}> is not closed by ">" on its line`);
      current = null;
      continue;
    }
    if (t.kind === 'section-close') {
      const name = t.text.slice(2, -1).trim().toLowerCase();
      const open = stack[stack.length - 1];
      if (!open || open.name.toLowerCase() !== name) {
        errors.push(`${t.text} at offset ${t.start} closes ${open ? `<${open.name}>` : 'nothing'}`);
        continue;
      }
      stack.pop();
      open.section!.closeStart = t.start;
      open.end = t.end;
      current = null;
      continue;
    }
    if (t.kind === 'section-open') {
      const d: ApacheDirective = { name: t.text.slice(1), args: [], start: t.start, end: t.end, section: { headerEnd: -1, closeStart: -1, children: [] }, parent: stack[stack.length - 1] ?? null };
      list().push(d);
      stack.push(d);
      current = d;
      continue;
    }
    if (t.kind === 'section-end') {
      if (current?.section) current.section.headerEnd = t.end;
      continue;
    }
    if (current) {
      current.args.push(t);
      if (!current.section) current.end = t.end;
    } else {
      current = { name: t.text, args: [], start: t.start, end: t.end, section: null, parent: stack[stack.length - 1] ?? null };
      list().push(current);
    }
  }
  for (const open of stack) {
    errors.push(`<${open.name}> is not closed`);
    open.section!.closeStart = text.length;
    open.end = text.length;
  }
  return { text, tokens, directives: root, errors };
}

export function apacheArgs(d: ApacheDirective): string[] {
  return d.args.map(apacheValue);
}

export function allApacheDirectives(list: ApacheDirective[]): ApacheDirective[] {
  const out: ApacheDirective[] = [];
  const visit = (ds: ApacheDirective[]) => {
    for (const d of ds) {
      out.push(d);
      if (d.section) visit(d.section.children);
    }
  };
  visit(list);
  return out;
}

/** Directive names compare case-insensitively in httpd. */
export function isDirective(d: ApacheDirective, name: string): boolean {
  return d.name.toLowerCase() === name.toLowerCase();
}
