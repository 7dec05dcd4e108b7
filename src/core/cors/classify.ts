// What kind of request the wire shows: CORS or not, cross-origin or not, which
// credentials mode the page most likely used, and whether a preflight was needed.
import type { WireRequest } from '../http/types';
import { getHeader, hasHeader, splitList } from '../http/headers';
import { isSameOrigin } from '../http/origin';
import type { CredentialsMode, RequestClass } from './types';
import { corsUnsafeHeaderNames, isAddedBelowCors, isSafelistedMethod } from './safelist';

/** OPTIONS carrying Origin and Access-Control-Request-Method: the browser's preflight. */
export function isPreflightRequest(req: WireRequest): boolean {
  return (
    req.method.toUpperCase() === 'OPTIONS' &&
    hasHeader(req.headers, 'origin') &&
    hasHeader(req.headers, 'access-control-request-method')
  );
}

/** Sec-Fetch-Mode values for which the browser runs no CORS check. */
const NON_CORS_MODES = ['navigate', 'no-cors', 'same-origin', 'websocket'];

/** The header names a preflight asked about (Access-Control-Request-Headers), lower-case. */
export function requestedHeaders(preflight: WireRequest): string[] {
  const value = getHeader(preflight.headers, 'access-control-request-headers');
  return value === null ? [] : splitList(value).map((h) => h.toLowerCase());
}

export function requestedMethod(preflight: WireRequest): string | null {
  return getHeader(preflight.headers, 'access-control-request-method');
}

/**
 * Evidence on the wire that a request was sent in credentials mode "include": a Cookie,
 * or Sec-Fetch-Storage-Access, which Chromium sends on cross-site requests only when
 * their credentials mode is "include" (even when there is no cookie to send).
 */
export function carriesCredentialEvidence(req: WireRequest): boolean {
  return hasHeader(req.headers, 'cookie') || hasHeader(req.headers, 'sec-fetch-storage-access');
}

export function classifyRequest(req: WireRequest, preflight?: WireRequest | null): RequestClass {
  const origin = getHeader(req.headers, 'origin') ?? (preflight ? getHeader(preflight.headers, 'origin') : null);
  const fetchMode = getHeader(req.headers, 'sec-fetch-mode')?.toLowerCase() ?? null;
  const crossOrigin = origin !== null && !isSameOrigin(origin, req.url);
  const isCors = origin !== null && crossOrigin && !(fetchMode !== null && NON_CORS_MODES.includes(fetchMode));

  const method = (preflight && requestedMethod(preflight)) ?? req.method;
  const asked = preflight ? requestedHeaders(preflight) : null;
  const unsafeHeaders = asked
    ? [...asked].sort()
    : corsUnsafeHeaderNames(req.headers.filter(([n]) => !isAddedBelowCors(n) && n.toLowerCase() !== 'authorization')).sort();
  const unsafeMethod = isSafelistedMethod(method) ? null : method;

  // Cookies only travel on a cross-origin request in credentials mode "include"; so does
  // HTTP auth the browser supplies itself (an Authorization the page set is listed in the preflight).
  const isPreflight = isPreflightRequest(req);
  const hasCookie = !isPreflight && carriesCredentialEvidence(req);
  const browserAuth =
    !isPreflight && hasHeader(req.headers, 'authorization') && !(asked ?? []).includes('authorization');
  let credentialsMode: CredentialsMode = 'same-origin';
  let credentialsInferred = false;
  if (isCors && (hasCookie || browserAuth)) {
    credentialsMode = 'include';
    credentialsInferred = true;
  }

  return {
    isCors,
    origin,
    crossOrigin,
    credentialsMode,
    credentialsInferred,
    preflightRequired: isCors && (preflight != null || unsafeMethod !== null || unsafeHeaders.length > 0),
    unsafeMethod,
    unsafeHeaders,
  };
}
