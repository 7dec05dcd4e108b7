// Redirects of a CORS request (Fetch "HTTP-redirect fetch"; Chromium's
// CorsURLLoader::OnReceiveRedirect): after the redirect response passed the access
// check, the Location must carry no userinfo and must stay on http(s).
import type { WireResponse } from '../http/types';
import { getHeader } from '../http/headers';
import { isHttpScheme, isSameOrigin, parseUrl, sameOriginUrls } from '../http/origin';
import type { CheckFailure } from './access-check';
import { isRedirect } from './preflight-check';

/** The absolute URL a redirect response points to, or null when it is not a (valid) redirect. */
export function redirectTarget(requestUrl: string, response: WireResponse): URL | null {
  if (!isRedirect(response)) return null;
  return parseUrl(getHeader(response.headers, 'location') ?? '', requestUrl);
}

/** Schemes Chromium's network stack has handlers for but never redirects to. */
const UNSAFE_REDIRECT_SCHEMES = ['data:', 'file:', 'blob:', 'about:', 'chrome:', 'chrome-extension:', 'chrome-untrusted:', 'filesystem:'];

/**
 * Redirects the network stack itself refuses (after the CORS check of the redirect
 * response): the browser reports a network error, not a CORS error. Returns the
 * net error name, or null. Measured against Chromium 156: data:/file:/blob:/about:/chrome:
 * give ERR_UNSAFE_REDIRECT, ws:/wss: ERR_UNKNOWN_URL_SCHEME; other schemes reach the
 * CORS layer and give CorsDisabledScheme.
 */
export function redirectNetworkError(target: URL): string | null {
  if (UNSAFE_REDIRECT_SCHEMES.includes(target.protocol)) return 'net::ERR_UNSAFE_REDIRECT';
  if (target.protocol === 'ws:' || target.protocol === 'wss:') return 'net::ERR_UNKNOWN_URL_SCHEME';
  return null;
}

/** Checks the Location of a redirect the CORS request would follow. */
export function checkRedirectLocation(target: URL): CheckFailure | null {
  // The CORS flag is always set here, so userinfo is refused whatever the origins.
  if (target.username !== '' || target.password !== '') {
    return { error: 'RedirectContainsCredentials', failedParameter: '', header: 'location' };
  }
  if (!isHttpScheme(target) && redirectNetworkError(target) === null) return { error: 'CorsDisabledScheme', failedParameter: '', header: 'location' };
  return null;
}

/**
 * Chromium's CheckTainted: a redirect to another origin, away from a URL that was
 * already cross-origin to the page, makes the request's origin opaque ("null").
 */
export function taintsOrigin(pageOrigin: string, currentUrl: string, nextUrl: string): boolean {
  return !sameOriginUrls(currentUrl, nextUrl) && !isSameOrigin(pageOrigin, currentUrl);
}
