// Header access with the semantics of Chromium's net stack: names compare
// case-insensitively, each line's value loses leading/trailing whitespace, and
// repeated lines read as one value joined with ", " (HttpResponseHeaders::GetNormalizedHeader).
import type { HeaderList } from './types';

/** HTTP linear whitespace as net::HttpUtil::IsLWS sees it. */
export function isLws(c: string): boolean {
  return c === ' ' || c === '\t';
}

export function trimLws(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isLws(value[start])) start++;
  while (end > start && isLws(value[end - 1])) end--;
  return value.slice(start, end);
}

/** Every (trimmed) value of the named header, in wire order. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  // Indexed loops here and below: the recorder calls these for every exchange, and
  // destructuring each line goes through the iterator protocol unless optimised.
  for (let i = 0; i < headers.length; i++) {
    const line = headers[i];
    if (line[0].toLowerCase() === lower) out.push(trimLws(line[1]));
  }
  return out;
}

/** The combined value ("a, b" for two lines) or null when the header is absent. */
export function getHeader(headers: HeaderList, name: string): string | null {
  const values = headerValues(headers, name);
  return values.length === 0 ? null : values.join(', ');
}

export function hasHeader(headers: HeaderList, name: string): boolean {
  const lower = name.toLowerCase();
  for (let i = 0; i < headers.length; i++) if (headers[i][0].toLowerCase() === lower) return true;
  return false;
}

/** A copy without any line of `name`. */
export function removeHeader(headers: HeaderList, name: string): HeaderList {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() !== lower);
}

/** A copy where `name` is exactly one line holding `value`. */
export function setHeader(headers: HeaderList, name: string, value: string): HeaderList {
  return [...removeHeader(headers, name), [name, value]];
}

/** Splits a comma-separated list the way net::HttpUtil::ValuesIterator does (trimmed, empty items dropped). */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map(trimLws)
    .filter((v) => v.length > 0);
}

const TOKEN_CHARS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** RFC 9110 token (net::HttpUtil::IsToken). */
export function isToken(value: string): boolean {
  return TOKEN_CHARS.test(value);
}

/**
 * Header values arrive as latin1 strings (one char per byte). Chromium keeps the bytes
 * and reads them as UTF-8 where text is needed (URL parsing, DevTools): this returns that
 * UTF-8 reading, or null when the bytes are not valid UTF-8.
 */
export function utf8FromLatin1(value: string): string | null {
  if (!/[^\x00-\x7f]/.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code > 0xff) return value; // already decoded text, not bytes
    bytes[i] = code;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
