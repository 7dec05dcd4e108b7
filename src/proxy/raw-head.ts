// Reading a message head byte by byte for the raw relay (raw-method.ts), which
// forwards heads Node's parser never saw. It forwards only a head it can prove
// every reader takes the same way: anything a lenient parser could read
// differently from the record (a bare CR or LF, a folded line, a name with space
// before its colon, a control byte in a value, two Hosts, conflicting framing) is
// a problem, and the relay refuses the message instead of passing it on.
import type { HeaderList } from '../core/http/types';

export interface RawHead {
  /** The start line's three parts (a reason phrase may itself hold spaces, or be empty). */
  startLine: [string, string, string];
  headers: HeaderList;
  /** Bytes after the blank line. */
  rest: Buffer;
}

/** A head, `null` while it is incomplete, or why it cannot be passed on. */
export type HeadRead = RawHead | null | { problem: string };

export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Field values: visible characters, obs-text, space and tab only.
const BAD_VALUE_CHAR = /[\x00-\x08\x0a-\x1f\x7f]/;
const CR = 0x0d;
const LF = 0x0a;

export function readHead(buf: Buffer, maxHead: number): HeadRead {
  const end = buf.indexOf('\r\n\r\n');
  // Every CR must start a CRLF and every LF end one, in what has come of the head so far.
  const scanTo = end < 0 ? buf.length : end + 4;
  for (let i = 0; i < scanTo; i++) {
    const b = buf[i];
    if (b === LF && (i === 0 || buf[i - 1] !== CR)) return { problem: 'the head has a bare LF (a line feed without a carriage return)' };
    if (b === CR && i + 1 < buf.length && buf[i + 1] !== LF) return { problem: 'the head has a bare CR (a carriage return without a line feed)' };
  }
  if (end < 0) return buf.length > maxHead ? { problem: `the head is larger than ${maxHead} bytes` } : null;
  const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
  const first = lines[0];
  const sp1 = first.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : first.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0) return { problem: 'the start line does not have three parts' };
  const startLine: [string, string, string] = [first.slice(0, sp1), first.slice(sp1 + 1, sp2), first.slice(sp2 + 1)];
  const headers: Array<[string, string]> = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line[0] === ' ' || line[0] === '\t') return { problem: 'the head has a folded header line (obs-fold)' };
    const colon = line.indexOf(':');
    if (colon <= 0) return { problem: `the header line "${line.slice(0, 40)}" has no name and colon` };
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return { problem: `the header name "${name.slice(0, 40)}" is not a token (nothing, not even a space, may stand before the colon)` };
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (BAD_VALUE_CHAR.test(value)) return { problem: `the value of ${name} has a control character` };
    headers.push([name, value]);
  }
  return { startLine, headers, rest: buf.subarray(end + 4) };
}

function valuesOf(headers: HeaderList, lowerName: string): string[] {
  const out: string[] = [];
  for (const [n, v] of headers) if (n.length === lowerName.length && n.toLowerCase() === lowerName) out.push(v);
  return out;
}

/**
 * How a message's body is delimited, or why that is ambiguous. A request without
 * Content-Length or Transfer-Encoding has no body; a response has one until the
 * connection closes (unless its status or the request method rules a body out, which the caller decides).
 */
export function framingOf(headers: HeaderList, kind: 'request' | 'response', httpVersion: string): Framing | { problem: string } {
  const lengths = valuesOf(headers, 'content-length');
  const encodings = valuesOf(headers, 'transfer-encoding');
  if (encodings.length > 0) {
    if (lengths.length > 0) return { problem: 'it has both Content-Length and Transfer-Encoding' };
    if (kind === 'request' && httpVersion === '1.0') return { problem: 'an HTTP/1.0 request has Transfer-Encoding' };
    const codings = encodings.join(',').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
    const chunked = codings.filter((c) => c === 'chunked').length;
    if (chunked === 1 && codings[codings.length - 1] === 'chunked') return { kind: 'chunked' };
    if (kind === 'request' || chunked > 0) return { problem: `its Transfer-Encoding "${encodings.join(', ')}" does not end in one chunked` };
    return { kind: 'close' };
  }
  if (lengths.length > 0) {
    const values = lengths.join(',').split(',').map((v) => v.trim());
    if (!values.every((v) => /^\d{1,15}$/.test(v))) return { problem: `its Content-Length "${lengths.join(', ')}" is not a length` };
    if (!values.every((v) => Number(v) === Number(values[0]))) return { problem: `it has conflicting Content-Length values (${values.join(', ')})` };
    return { kind: 'length', length: Number(values[0]) };
  }
  return kind === 'request' ? { kind: 'none' } : { kind: 'close' };
}

/** A request's Host lines: exactly one for HTTP/1.1, at most one for 1.0. */
export function hostProblem(headers: HeaderList, httpVersion: string): string | null {
  const hosts = valuesOf(headers, 'host').length;
  if (hosts > 1) return `it has ${hosts} Host header lines, and a server could read either`;
  if (hosts === 0 && httpVersion !== '1.0') return 'an HTTP/1.1 request has no Host header';
  return null;
}
