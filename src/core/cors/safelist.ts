// What needs a preflight: CORS-safelisted methods and request headers, forbidden
// header names, and method normalization, as Chromium implements them
// (services/network/public/cpp/cors/cors.cc, net/http/http_util.cc).
import type { HeaderList } from '../http/types';
import { isLws, isToken, trimLws } from '../http/headers';

const NORMALIZED_METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT'];

/** Fetch's method normalization: only these six are upper-cased; `patch` stays `patch`. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED_METHODS.includes(upper) ? upper : method;
}

/** GET, HEAD and POST. Chromium compares upper-cased, but Blink already normalized them. */
export function isSafelistedMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === 'GET' || upper === 'HEAD' || upper === 'POST';
}

const FORBIDDEN_NAMES = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers',
  'access-control-request-method', 'access-control-request-private-network',
  'connection', 'content-length', 'content-transfer-encoding', 'cookie', 'cookie2',
  'date', 'dnt', 'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'via',
]);

/** Headers only the browser may set (scripts cannot), so they never trigger a preflight. */
export function isForbiddenHeaderName(name: string): boolean {
  const lower = name.toLowerCase();
  return FORBIDDEN_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/**
 * Headers the browser or its HTTP cache adds below the CORS layer (they are not on the
 * request when Chromium decides about the preflight), so on the wire they say nothing
 * about what the page asked for.
 */
const ADDED_BELOW_CORS = new Set([
  'priority', 'cache-control', 'pragma', 'if-none-match', 'if-modified-since',
  'if-match', 'if-unmodified-since', 'if-range', 'x-client-data', 'purpose',
]);

export function isAddedBelowCors(name: string): boolean {
  return ADDED_BELOW_CORS.has(name.toLowerCase());
}

/** https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte */
export function isCorsUnsafeByte(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    [0x22, 0x28, 0x29, 0x3a, 0x3c, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x7b, 0x7d, 0x7f].includes(code)
  );
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isCorsUnsafeByte(value.charCodeAt(i))) return true;
  return false;
}

const LANGUAGE_CHARS = /^[0-9A-Za-z *,\-.;=]*$/;
const SAFELISTED_MIME = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/** The MIME essence the way net::ExtractMimeTypeFromMediaType reads it, or null. */
export function mimeEssence(value: string): string | null {
  const semi = value.indexOf(';');
  const bare = value.slice(0, semi < 0 ? value.length : semi).trim();
  const parts = bare.split('/');
  if (parts.length !== 2 || !isToken(parts[0]) || !isToken(parts[1])) return null;
  return `${parts[0]}/${parts[1]}`.toLowerCase();
}

export function isSafelistedContentType(value: string): boolean {
  if (hasUnsafeByte(value)) return false;
  const essence = mimeEssence(value.toLowerCase());
  return essence !== null && SAFELISTED_MIME.includes(essence);
}

/**
 * A single, non-suffix byte range: bytes=N- or bytes=N-M (N <= M), no whitespace or
 * commas. `bytes=` is case-sensitive (measured: Chromium 156 preflights `BYTES=0-1`).
 */
export function isSimpleRange(value: string): boolean {
  for (const c of value) if (isLws(c) || c === ',') return false;
  const m = /^bytes=(\d+)-(\d*)$/.exec(value);
  if (!m) return false;
  if (m[2] === '') return true;
  return BigInt(m[1]) <= BigInt(m[2]);
}

const DOUBLE_ABNF = /^\d+(\.\d+)?$/;
const INT_ABNF = /^\d+$/;
const ECT_VALUES = ['slow-2g', '2g', '3g', '4g'];

/**
 * Chromium's IsCorsSafelistedHeader: the spec's five names plus the client hints and
 * `intervention` Chromium also safelists, each with its value rule and the 128-byte cap.
 */
export function isSafelistedHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (value.length > 128) return false;
  switch (lower) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return LANGUAGE_CHARS.test(value);
    case 'content-type':
      return isSafelistedContentType(value);
    case 'range':
      return isSimpleRange(value);
    case 'device-memory':
    case 'dpr':
    case 'downlink':
      return DOUBLE_ABNF.test(value);
    case 'width':
    case 'viewport-width':
    case 'rtt':
      return INT_ABNF.test(value);
    case 'ect':
      return ECT_VALUES.includes(value);
    case 'save-data':
      return value.toLowerCase() === 'on';
    case 'intervention':
      return true;
    default:
      return false;
  }
}

/**
 * CorsUnsafeNotForbiddenRequestHeaderNames: lower-cased names of the headers that need a
 * preflight. Safelisted values count towards a 1024-byte budget; past it, they all do.
 * Order is the request's own order (Blink keeps its header list sorted by name).
 */
export function corsUnsafeHeaderNames(headers: HeaderList): string[] {
  const unsafe: string[] = [];
  const safelisted: string[] = [];
  let budget = 0;
  for (const [rawName, rawValue] of headers) {
    if (isForbiddenHeaderName(rawName)) continue;
    const name = rawName.toLowerCase();
    const value = trimLws(rawValue);
    if (isSafelistedHeader(name, value)) {
      safelisted.push(name);
      budget += value.length;
    } else {
      unsafe.push(name);
    }
  }
  if (budget > 1024) unsafe.push(...safelisted);
  return [...new Set(unsafe)];
}
