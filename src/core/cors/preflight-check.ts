// Judging a preflight response in Chromium's order (PreflightController):
// redirect, access check, ok status, Private Network Access, then the parsed
// Access-Control-Allow-Methods/-Headers against what the actual request needs.
import type { WireResponse } from '../http/types';
import { getHeader, isToken, splitList } from '../http/headers';
import type { CredentialsMode } from './types';
import { asPreflightError, checkAccess, type CheckFailure } from './access-check';
import { isSafelistedMethod } from './safelist';
import { chromiumHeaderOrder } from './header-order';

export const ACAM = 'access-control-allow-methods';
export const ACAH = 'access-control-allow-headers';
export const ACAPN = 'access-control-allow-private-network';

export interface PreflightContext {
  /** The serialized origin the preflight carried. */
  origin: string;
  /** Credentials mode of the actual request (the preflight itself never has credentials). */
  credentials: CredentialsMode;
  /** The actual request's method as the browser sent it (Access-Control-Request-Method). */
  method: string;
  /** Lower-case names that need permission (as the preflight lists them: sorted). */
  unsafeHeaders: string[];
  /** The same names in the order Chromium checks them (see header-order.ts); default: Chromium's order for fetch(). */
  checkOrder?: string[];
  /** The preflight carried Access-Control-Request-Private-Network: true. */
  privateNetwork: boolean;
}

export const REDIRECT_STATUSES = [301, 302, 303, 307, 308];

/** Whether net would treat the response as a redirect (redirect status and a non-empty Location). */
export function isRedirect(response: WireResponse): boolean {
  if (!REDIRECT_STATUSES.includes(response.status)) return false;
  const location = getHeader(response.headers, 'location');
  return location !== null && location !== '';
}

/** Parses an Access-Control-Allow-* list; null when an item is not a token. */
export function parseAllowList(value: string | null): string[] | null {
  if (value === null) return [];
  const items = splitList(value);
  return items.every(isToken) ? items : null;
}

export function checkPreflight(response: WireResponse, ctx: PreflightContext): CheckFailure | null {
  if (isRedirect(response)) return { error: 'PreflightDisallowedRedirect', failedParameter: '', header: 'location' };

  const access = checkAccess(response.headers, ctx.credentials, ctx.origin);
  if (access) return asPreflightError(access);
  if (response.status < 200 || response.status > 299) return { error: 'PreflightInvalidStatus', failedParameter: '' };

  if (ctx.privateNetwork) {
    const allowPrivate = getHeader(response.headers, ACAPN);
    if (allowPrivate === null) return { error: 'PreflightMissingAllowPrivateNetwork', failedParameter: '', header: ACAPN };
    if (allowPrivate !== 'true') return { error: 'PreflightInvalidAllowPrivateNetwork', failedParameter: allowPrivate, header: ACAPN };
  }

  const methods = parseAllowList(getHeader(response.headers, ACAM));
  if (methods === null) return { error: 'InvalidAllowMethodsPreflightResponse', failedParameter: '', header: ACAM };
  const headerList = parseAllowList(getHeader(response.headers, ACAH));
  if (headerList === null) return { error: 'InvalidAllowHeadersPreflightResponse', failedParameter: '', header: ACAH };
  const allowedHeaders = new Set(headerList.map((h) => h.toLowerCase()));
  const include = ctx.credentials === 'include';

  // Methods compare case-sensitively against the method as sent; `*` is a wildcard only without credentials.
  const methodAllowed =
    methods.includes(ctx.method) || isSafelistedMethod(ctx.method) || (!include && methods.includes('*'));
  if (!methodAllowed) return { error: 'MethodDisallowedByPreflightResponse', failedParameter: ctx.method, header: ACAM };

  // Chromium 156 lets `*` cover every name without credentials, Authorization included
  // (the spec and other browsers exclude it; see authorizationCoveredByWildcard).
  if (!include && allowedHeaders.has('*')) return null;
  // The first refused name in Chromium's order is the one it reports; refusedHeaders() lists them all.
  for (const name of ctx.checkOrder ?? chromiumHeaderOrder(ctx.unsafeHeaders, { clientHints: true })) {
    if (!allowedHeaders.has(name)) return { error: 'HeaderDisallowedByPreflightResponse', failedParameter: name, header: ACAH };
  }
  return null;
}

/** Every requested name the preflight response does not allow (sorted), for explanations and fixes. */
export function refusedHeaders(response: WireResponse, ctx: PreflightContext): string[] {
  const list = parseAllowList(getHeader(response.headers, ACAH));
  if (list === null) return [...ctx.unsafeHeaders];
  const allowed = new Set(list.map((h) => h.toLowerCase()));
  if (ctx.credentials !== 'include' && allowed.has('*')) return [];
  return ctx.unsafeHeaders.filter((n) => !allowed.has(n)).sort();
}

/**
 * True when the preflight let Authorization through only by `*` — Chromium accepts it,
 * but the Fetch standard, Firefox and Safari do not.
 */
export function authorizationCoveredByWildcard(response: WireResponse, ctx: PreflightContext): boolean {
  if (ctx.credentials === 'include' || !ctx.unsafeHeaders.includes('authorization')) return false;
  const list = parseAllowList(getHeader(response.headers, ACAH));
  if (list === null) return false;
  const lower = list.map((h) => h.toLowerCase());
  return lower.includes('*') && !lower.includes('authorization');
}
