// The tokens of nginx's configuration syntax, as nginx's own reader splits them
// (ngx_conf_read_token): words, quoted strings, `{`, `}`, `;`, comments from `#` to the
// end of the line, and the whitespace between them. Every character of the text is in
// exactly one token, so joining the tokens gives the text back: edits are offsets into
// the user's file and its comments and layout stay as they were.

export type NginxTokenKind = 'space' | 'comment' | 'word' | 'string' | 'open' | 'close' | 'semi';

export interface NginxToken {
  kind: NginxTokenKind;
  /** Offsets into the text: [start, end). */
  start: number;
  end: number;
  text: string;
}

const SPACE = /[ \t\r\n]/;

function isSpace(ch: string): boolean {
  return SPACE.test(ch);
}

/** Splits a configuration into tokens; never fails (an unclosed quote runs to the end of the text). */
export function tokenizeNginx(text: string): NginxToken[] {
  const out: NginxToken[] = [];
  const push = (kind: NginxTokenKind, start: number, end: number) => out.push({ kind, start, end, text: text.slice(start, end) });
  let i = 0;
  while (i < text.length) {
    const start = i;
    const ch = text[i];
    if (isSpace(ch)) {
      while (i < text.length && isSpace(text[i])) i++;
      push('space', start, i);
    } else if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      push('comment', start, i);
    } else if (ch === '{' || ch === '}' || ch === ';') {
      push(ch === '{' ? 'open' : ch === '}' ? 'close' : 'semi', start, ++i);
    } else if (ch === '"' || ch === "'") {
      i++;
      while (i < text.length && text[i] !== ch) i += text[i] === '\\' ? 2 : 1;
      i = Math.min(text.length, i + 1);
      push('string', start, i);
    } else {
      // A word ends at whitespace, `;`, `{` or `}`; `${name}` is a variable, not a block.
      while (i < text.length) {
        const c = text[i];
        if (c === '\\') i += 2;
        else if (c === '$' && text[i + 1] === '{') {
          const close = text.indexOf('}', i);
          i = close === -1 ? text.length : close + 1;
        } else if (isSpace(c) || c === ';' || c === '{' || c === '}') break;
        else i++;
      }
      i = Math.min(i, text.length);
      push('word', start, i);
    }
  }
  return out;
}

/** What a word or a quoted string means to nginx: quotes removed, its backslash escapes resolved. */
export function tokenValue(token: NginxToken): string {
  const body = token.kind === 'string' ? token.text.slice(1, token.text.length > 1 && token.text.endsWith(token.text[0]) ? -1 : undefined) : token.text;
  // As ngx_conf_read_token: \" \' \\ lose their backslash, \t \r \n become the character, any other (a regex's \.) stays.
  return body.replace(/\\(.)/g, (whole, c: string) => (c === 't' ? '\t' : c === 'r' ? '\r' : c === 'n' ? '\n' : c === '"' || c === "'" || c === '\\' ? c : whole));
}

/** A value written as nginx needs it: bare when it is one plain word, else double-quoted. */
export function nginxValue(value: string): string {
  if (value !== '' && !/[\s;{}"'\\#]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
