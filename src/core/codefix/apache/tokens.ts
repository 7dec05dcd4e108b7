// The tokens of Apache httpd's configuration syntax (httpd.conf, a VirtualHost file,
// .htaccess): one directive per line, a `\` at the end of a line continuing it, `#`
// starting a comment only as a line's first word, `<Section args>` and `</Section>`,
// and arguments that are words or "double"/'single' quoted strings (as ap_getword_conf
// reads them). Every character is in exactly one token, so the tokens joined give the
// text back: edits are offsets into the user's file, comments and layout kept.

export type ApacheTokenKind =
  | 'space'
  | 'newline'
  /** `\` and the line end after it: the directive goes on. */
  | 'continuation'
  | 'comment'
  /** `<Name` of a section's opening line; its `>` is a `section-end`. */
  | 'section-open'
  | 'section-end'
  /** `</Name>`. */
  | 'section-close'
  | 'word'
  | 'string';

export interface ApacheToken {
  kind: ApacheTokenKind;
  start: number;
  end: number;
  text: string;
}

/** Splits a configuration into tokens; never fails (an unclosed quote ends with its line). */
export function tokenizeApache(text: string): ApacheToken[] {
  const out: ApacheToken[] = [];
  const push = (kind: ApacheTokenKind, start: number, end: number) => out.push({ kind, start, end, text: text.slice(start, end) });
  let i = 0;
  let lineStart = true;
  /** Offset of the `>` that closes the section opened on this logical line. */
  let sectionEnd = -1;
  const newlineAt = (at: number) => (text[at] === '\n' ? 1 : text[at] === '\r' && text[at + 1] === '\n' ? 2 : 0);
  const continuationAt = (at: number) => (text[at] === '\\' ? newlineAt(at + 1) : 0);
  /** The end of the logical line starting at `from` (continuations followed). */
  const logicalEnd = (from: number) => {
    let j = from;
    while (j < text.length) {
      const c = continuationAt(j);
      if (c) j += 1 + c;
      else if (newlineAt(j)) return j;
      else j++;
    }
    return j;
  };
  while (i < text.length) {
    const start = i;
    const nl = newlineAt(i);
    const cont = continuationAt(i);
    if (nl) {
      i += nl;
      push('newline', start, i);
      lineStart = true;
      sectionEnd = -1;
    } else if (cont) {
      i += 1 + cont;
      push('continuation', start, i);
    } else if (text[i] === ' ' || text[i] === '\t') {
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      push('space', start, i);
    } else if (lineStart && text[i] === '#') {
      // A comment runs to the end of the line, continuations included (as httpd reads it).
      i = logicalEnd(i);
      push('comment', start, i);
    } else if (lineStart && text[i] === '<' && text[i + 1] === '/') {
      const close = text.indexOf('>', i);
      const end = logicalEnd(i);
      i = close !== -1 && close < end ? close + 1 : end;
      push('section-close', start, i);
      lineStart = false;
    } else if (lineStart && text[i] === '<') {
      i++;
      while (i < text.length && !/[\s>]/.test(text[i])) i++;
      push('section-open', start, i);
      const end = logicalEnd(i);
      sectionEnd = text.lastIndexOf('>', end - 1);
      if (sectionEnd < i) sectionEnd = -1;
      lineStart = false;
    } else if (i === sectionEnd) {
      push('section-end', start, ++i);
      sectionEnd = -1;
    } else if (text[i] === '"' || text[i] === "'") {
      const q = text[i++];
      while (i < text.length && text[i] !== q && !newlineAt(i)) i += text[i] === '\\' && !newlineAt(i + 1) ? 2 : 1;
      if (text[i] === q) i++;
      push('string', start, Math.min(i, text.length));
      lineStart = false;
    } else {
      while (i < text.length && !/[ \t\r\n]/.test(text[i]) && i !== sectionEnd && !continuationAt(i)) i++;
      push('word', start, i);
      lineStart = false;
    }
  }
  return out;
}

/** What an argument means to httpd: quotes removed, an escaped quote resolved. */
export function apacheValue(token: ApacheToken): string {
  if (token.kind !== 'string') return token.text;
  const q = token.text[0];
  const body = token.text.length > 1 && token.text.endsWith(q) ? token.text.slice(1, -1) : token.text.slice(1);
  // httpd resolves only an escaped quote of the same kind; other backslashes stay (regexes keep theirs).
  return body.split(`\\${q}`).join(q);
}

/** A value written as an argument: bare when it is one plain word, else double-quoted. */
export function apacheArg(value: string): string {
  if (value !== '' && !/[\s"'\\<>#]/.test(value)) return value;
  return `"${value.replace(/"/g, '\\"')}"`;
}
