// Plain-words root causes, including what the browser console hides: what the server
// was actually asked in the preflight and why its CORS middleware likely said nothing.
import type { WireResponse } from '../http/types';
import { getHeader } from '../http/headers';
import type { CorsErrorName, CredentialsMode } from './types';

export interface ExplainContext {
  stage: 'preflight' | 'request' | 'redirect';
  origin: string;
  method: string;
  unsafeHeaders: string[];
  credentials: CredentialsMode;
  credentialsInferred: boolean;
  response: WireResponse;
  url: string;
  /** Every requested header the preflight refuses (Chromium reports only one). */
  refusedHeaders?: string[];
  /** Explaining a variant the wire did not show (a warn): don't claim how the request was sent. */
  hypothetical?: boolean;
}

export function hasAnyCorsHeader(response: WireResponse): boolean {
  return response.headers.some(([n]) => n.toLowerCase().startsWith('access-control-'));
}

function askedFor(ctx: ExplainContext): string {
  const headers = ctx.unsafeHeaders.length ? `, headers [${ctx.unsafeHeaders.join(', ')}]` : ', no extra headers';
  return `The preflight asked the server for method ${ctx.method}${headers}, from origin ${ctx.origin}.`;
}

/** Why a preflight came back without any Access-Control-* header, judged by its status. */
function silentPreflightCause(ctx: ExplainContext): string {
  const status = ctx.response.status;
  if (status === 404) return 'The server answered 404: nothing handles OPTIONS for this path — the CORS middleware is not installed for it, or it runs after routing that only knows the other methods.';
  if (status === 405 || status === 501) return `The server answered ${status}: the framework routed the OPTIONS request to a handler that only accepts other methods; CORS middleware never ran (or is registered after the router).`;
  if (status === 401 || status === 403) return `The server answered ${status}: an authentication/authorization layer rejected the preflight before the CORS middleware ran. Preflights never carry cookies or Authorization; let OPTIONS through (register CORS before auth).`;
  if (status >= 500) return `The server answered ${status}: handling OPTIONS crashed or the upstream was unreachable, before any CORS header was added.`;
  if (status >= 200 && status < 300) {
    const asked = [`method ${ctx.method} is not among its allowed methods`];
    if (ctx.unsafeHeaders.length) asked.push(`a header (${ctx.unsafeHeaders.join(', ')}) is not among its allowed headers`);
    return `The server answered ${status} but added no CORS headers: typical of CORS middleware that refuses silently — the origin ${ctx.origin} is not in its allow-list, or ${asked.join(', or ')}.`;
  }
  return `The server answered ${status} with no CORS headers.`;
}

function credentialsNote(ctx: ExplainContext): string {
  if (ctx.credentials !== 'include' || ctx.hypothetical) return '';
  return ctx.credentialsInferred
    ? ' The request carried cookies or HTTP authentication, so it was sent with credentials mode "include".'
    : ' The request was sent with credentials mode "include".';
}

/** Chromium names only the first refused header (in its own order); say which others are refused too. */
function refusedNote(ctx: ExplainContext): string {
  const refused = ctx.refusedHeaders ?? [];
  if (refused.length < 2) return '';
  return ` Chromium names only the first one it checks; refused are all of: ${refused.join(', ')} — allow every one of them.`;
}

export function explain(error: CorsErrorName, failedParameter: string, ctx: ExplainContext): string {
  const onWhat = ctx.stage === 'preflight' ? 'The preflight (OPTIONS) response' : ctx.stage === 'redirect' ? 'The redirect response' : 'The response';
  const silent = ctx.stage === 'preflight' && !hasAnyCorsHeader(ctx.response);
  const acao = getHeader(ctx.response.headers, 'access-control-allow-origin');
  switch (error) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      if (silent) return `${onWhat} has no CORS headers at all. ${askedFor(ctx)} ${silentPreflightCause(ctx)}`;
      return `${onWhat} has no Access-Control-Allow-Origin header, so the browser refuses to hand it to ${ctx.origin}.${ctx.stage === 'request' ? ' The server did answer (status ' + ctx.response.status + '), the browser just hides it: add the header on this route, including on error responses.' : ''}`;
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return `${onWhat} allows every origin with "*", but a request with credentials needs the exact origin ${ctx.origin} echoed back (plus Access-Control-Allow-Credentials: true).${credentialsNote(ctx)}`;
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `${onWhat} lists several origins (${failedParameter}); the header takes exactly one. The server (or two layers of it, e.g. a proxy and the app both adding the header) must echo only the caller's origin.`;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `${onWhat} has Access-Control-Allow-Origin "${failedParameter}", which is not an origin (expected scheme://host[:port], e.g. ${ctx.origin}).`;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `${onWhat} allows origin "${failedParameter}", but the request came from ${ctx.origin}. The comparison is exact: scheme, host and port must match, with no trailing slash.${ctx.origin === 'null' ? ' The request origin is "null" because a redirect to another origin tainted it.' : ''}`;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return `${onWhat} allows origin ${acao ?? '(none)'}, but for a request with credentials it must also send Access-Control-Allow-Credentials: true (exactly, lower-case); it sent ${failedParameter === '' ? 'none' : `"${failedParameter}"`}.${credentialsNote(ctx)}`;
    case 'PreflightInvalidStatus':
      return `${onWhat} passed the origin check but has status ${ctx.response.status}; a preflight needs a 2xx status. ${askedFor(ctx)} Make the server answer OPTIONS for this path with 204 (e.g. let the CORS middleware end the preflight instead of passing it to a route that does not exist).`;
    case 'PreflightDisallowedRedirect':
      return `${onWhat} is a ${ctx.response.status} redirect to ${getHeader(ctx.response.headers, 'location') ?? ''}; browsers never follow redirects for preflights. Call the final URL directly (often a trailing-slash or http→https redirect), or answer OPTIONS before redirecting.`;
    case 'PreflightMissingAllowPrivateNetwork':
    case 'PreflightInvalidAllowPrivateNetwork':
      return `The page asked to reach a more private network (Access-Control-Request-Private-Network: true); the preflight must answer Access-Control-Allow-Private-Network: true.`;
    case 'InvalidAllowMethodsPreflightResponse':
      return `Access-Control-Allow-Methods "${getHeader(ctx.response.headers, 'access-control-allow-methods') ?? ''}" is not a comma-separated list of method tokens, so the browser discards the preflight.`;
    case 'InvalidAllowHeadersPreflightResponse':
      return `Access-Control-Allow-Headers "${getHeader(ctx.response.headers, 'access-control-allow-headers') ?? ''}" is not a comma-separated list of header names, so the browser discards the preflight.`;
    case 'MethodDisallowedByPreflightResponse':
      return `The preflight allows methods "${getHeader(ctx.response.headers, 'access-control-allow-methods') ?? ''}" but the request uses ${failedParameter}. Method names compare case-sensitively${failedParameter !== failedParameter.toUpperCase() ? ` — fetch only upper-cases DELETE/GET/HEAD/OPTIONS/POST/PUT, so "${failedParameter}" stays lower-case; use "${failedParameter.toUpperCase()}" in the page` : ''}${ctx.credentials === 'include' ? '; "*" does not count for requests with credentials' : ''}.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `The request sends header "${failedParameter}", which the preflight's Access-Control-Allow-Headers ("${getHeader(ctx.response.headers, 'access-control-allow-headers') ?? ''}") does not allow.${refusedNote(ctx)}${failedParameter === 'authorization' ? ' "*" never covers Authorization; it must be listed by name.' : ''}${ctx.credentials === 'include' ? ' "*" does not count for requests with credentials.' : ''} ${askedFor(ctx)}`;
    case 'RedirectContainsCredentials':
      return `The redirect points to a URL with a username/password (${getHeader(ctx.response.headers, 'location') ?? ''}); cross-origin requests may not follow such redirects.`;
    case 'CorsDisabledScheme':
      return `The redirect points to ${getHeader(ctx.response.headers, 'location') ?? ''}, which is not http(s); CORS requests can only go to http and https URLs.`;
    default:
      return `${onWhat} failed the CORS check (${error}).`;
  }
}
