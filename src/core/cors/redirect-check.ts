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

/** Checks the Location of a redirect the CORS request would follow. */
export function checkRedirectLocation(target: URL): CheckFailure | null {
  // The CORS flag is always set here, so userinfo is refused whatever the origins.
  if (target.username !== '' || target.password !== '') {
    return { error: 'RedirectContainsCredentials', failedParameter: '', header: 'location' };
  }
  if (!isHttpScheme(target)) return { error: 'CorsDisabledScheme', failedParameter: '', header: 'location' };
  return null;
}

/**
 * Chromium's CheckTainted: a redirect to another origin, away from a URL that was
 * already cross-origin to the page, makes the request's origin opaque ("null").
 */
export function taintsOrigin(pageOrigin: string, currentUrl: string, nextUrl: string): boolean {
  return !sameOriginUrls(currentUrl, nextUrl) && !isSameOrigin(pageOrigin, currentUrl);
}
