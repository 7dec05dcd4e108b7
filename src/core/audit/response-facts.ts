// What a response grants, read the way a browser reads it (Chromium's normalized
// header values), plus the subset of headers worth showing as evidence.
import { getHeader, headerValues, splitList } from '../http/headers';
import type { HeaderList } from '../http/types';

export function allowOrigin(headers: HeaderList): string | null {
  return getHeader(headers, 'access-control-allow-origin');
}

/** The browser lets `origin` read this response (ignoring credentials). */
export function allowsOrigin(headers: HeaderList, origin: string): boolean {
  const value = allowOrigin(headers);
  return value === '*' || value === origin;
}

/** The response names `origin` itself (not `*`): the server decided to trust it. */
export function namesOrigin(headers: HeaderList, origin: string): boolean {
  return allowOrigin(headers) === origin;
}

/** Access-Control-Allow-Credentials: true, exactly as the browser requires it. */
export function grantsCredentials(headers: HeaderList): boolean {
  return getHeader(headers, 'access-control-allow-credentials') === 'true';
}

/** A credentialed fetch from `origin` may read this response. */
export function allowsCredentialedRead(headers: HeaderList, origin: string): boolean {
  return namesOrigin(headers, origin) && grantsCredentials(headers);
}

export function variesOnOrigin(headers: HeaderList): boolean {
  return headerValues(headers, 'vary').some((v) => splitList(v).some((t) => t === '*' || t.toLowerCase() === 'origin'));
}

export function setsCookie(headers: HeaderList): boolean {
  return headerValues(headers, 'set-cookie').length > 0;
}

export function allowsPrivateNetwork(headers: HeaderList): boolean {
  return getHeader(headers, 'access-control-allow-private-network') === 'true';
}

export function allowedMethods(headers: HeaderList): string[] {
  const v = getHeader(headers, 'access-control-allow-methods');
  return v === null ? [] : splitList(v);
}

export function allowedHeaders(headers: HeaderList): string[] {
  const v = getHeader(headers, 'access-control-allow-headers');
  return v === null ? [] : splitList(v).map((h) => h.toLowerCase());
}

const EVIDENCE_HEADERS = /^(access-control-|vary$|set-cookie$)/i;

/** The response headers a finding turns on; cookie values are cut to their names. */
export function evidenceHeaders(headers: HeaderList): HeaderList {
  return headers
    .filter(([n]) => EVIDENCE_HEADERS.test(n))
    .map(([n, v]) => (n.toLowerCase() === 'set-cookie' ? [n, cookieName(v)] : [n, v]));
}

function cookieName(value: string): string {
  const eq = value.indexOf('=');
  return eq < 0 ? '…' : `${value.slice(0, eq).trim()}=…`;
}
