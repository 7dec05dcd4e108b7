// Reads whatever can be read of a request head a server gave up on: cut short, too
// large, or not valid HTTP. Nothing here is used to forward anything; it only says
// in the record what the client sent. It never throws, and its work and its output
// are bounded whatever the bytes.
import type { HeaderList } from './types';

export interface PartialRequestHead {
  /** The first token of the request line as sent ('' when there is none or it is not a token). */
  method: string;
  /** The request-target as sent ('' when none came or it does not look like one). */
  target: string;
  /** "1.1" from "HTTP/1.1" ('' when none came or it is not one). */
  httpVersion: string;
  /** Each complete header line that has a name and a colon, as sent (an incomplete last line is left out). */
  headers: HeaderList;
  /** True when the head's blank line was among the bytes. */
  complete: boolean;
}

export interface PartialHeadLimits {
  /** Bytes read at most, from the head's start. */
  maxBytes: number;
  maxHeaders: number;
  /** Characters kept of a request-target, a header name or value (the rest is cut off). */
  maxField: number;
}

export const PARTIAL_HEAD_LIMITS: PartialHeadLimits = Object.freeze({ maxBytes: 64 * 1024, maxHeaders: 256, maxField: 8192 });

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const VERSION = /^HTTP\/(\d(?:\.\d)?)$/;
// origin-form, absolute-form, asterisk-form, authority-form (CONNECT host:port).
const TARGET = /^(?:\/|\*$|[A-Za-z][A-Za-z0-9+.-]*:\/\/|[^\s/?#]+:\d+$)/;
const MAX_METHOD = 64;

function nothing(): PartialRequestHead {
  return { method: '', target: '', httpVersion: '', headers: [], complete: false };
}

/**
 * Where the head holding byte `offset` starts: after the last blank line before it
 * (pipelined requests share a packet). A blank line ending at the offset is the
 * head's own (Node reports framing errors there), so it does not count.
 */
function headStart(text: string, offset: number): number {
  if (offset < 5) return 0;
  const crlf = text.lastIndexOf('\r\n\r\n', offset - 5);
  const lf = text.lastIndexOf('\n\n', offset - 3);
  const start = Math.max(crlf < 0 ? 0 : crlf + 4, lf < 0 ? 0 : lf + 2);
  return start <= offset ? start : 0;
}

/**
 * The request head in `bytes` as far as it goes. `errorOffset` (Node's bytesParsed)
 * says which head of several in the bytes is meant: the one it falls in.
 */
export function readPartialRequestHead(bytes: Uint8Array | undefined | null, errorOffset?: number, limits: PartialHeadLimits = PARTIAL_HEAD_LIMITS): PartialRequestHead {
  try {
    return read(bytes, errorOffset, limits);
  } catch {
    // Defensive only: a record of "nothing readable" beats an exception in a socket handler.
    return nothing();
  }
}

function read(bytes: Uint8Array | undefined | null, errorOffset: number | undefined, limits: PartialHeadLimits): PartialRequestHead {
  if (!bytes || bytes.length === 0) return nothing();
  const whole = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const offset = typeof errorOffset === 'number' && Number.isInteger(errorOffset) && errorOffset > 0 ? Math.min(errorOffset, whole.length) : 0;
  // Only the part around the error is looked at: the head it falls in cannot start more than maxBytes before it.
  const from = Math.max(0, offset - limits.maxBytes);
  const window = whole.subarray(from, Math.min(whole.length, from + 2 * limits.maxBytes)).toString('latin1');
  let start = offset > 0 ? headStart(window, offset - from) : 0;
  // Blank lines before a request line are allowed (RFC 9112 §2.2) and skipped.
  while (start < window.length && (window[start] === '\r' || window[start] === '\n')) start++;
  const text = window.slice(start, start + limits.maxBytes);
  const out = nothing();
  if (text.length === 0) return out;

  const firstEnd = text.indexOf('\n');
  const firstLine = (firstEnd < 0 ? text : text.slice(0, firstEnd)).replace(/\r$/, '');
  const parts = firstLine.split(' ');
  const method = parts[0] ?? '';
  if (method.length <= MAX_METHOD && TOKEN.test(method)) out.method = method;
  const target = parts[1] ?? '';
  if (out.method !== '' && TARGET.test(target)) out.target = target.slice(0, limits.maxField);
  const version = VERSION.exec(parts[2] ?? '');
  if (out.target !== '' && version) out.httpVersion = version[1];
  if (firstEnd < 0 || out.method === '') return out;

  const headers: Array<[string, string]> = [];
  out.headers = headers;
  let pos = firstEnd + 1;
  while (pos < text.length) {
    const end = text.indexOf('\n', pos);
    if (end < 0) break; // the last line did not arrive whole
    const line = text.slice(pos, end).replace(/\r$/, '');
    pos = end + 1;
    if (line === '') {
      out.complete = true;
      break;
    }
    if (headers.length >= limits.maxHeaders) continue;
    // A folded continuation or a line without a name and colon says nothing a record can hold.
    if (line[0] === ' ' || line[0] === '\t') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, Math.min(colon, limits.maxField));
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '').slice(0, limits.maxField);
    headers.push([name, value]);
  }
  return out;
}
