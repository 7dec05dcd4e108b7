// Origins and URLs with the WHATWG URL parser (available in Node and browsers alike).

/** Parses an absolute URL, or returns null. */
export function parseUrl(url: string, base?: string): URL | null {
  try {
    return base === undefined ? new URL(url) : new URL(url, base);
  } catch {
    return null;
  }
}

/** The serialized origin of a URL ("null" for opaque origins or unparsable URLs). */
export function originOf(url: string): string {
  const parsed = parseUrl(url);
  return parsed ? parsed.origin : 'null';
}

/** Same-origin comparison of a serialized origin with a URL; "null" is never same-origin. */
export function isSameOrigin(origin: string, url: string): boolean {
  if (origin === 'null') return false;
  const urlOrigin = originOf(url);
  return urlOrigin !== 'null' && urlOrigin === origin;
}

export function sameOriginUrls(a: string, b: string): boolean {
  const oa = originOf(a);
  return oa !== 'null' && oa === originOf(b);
}

/** The canonical spelling of a URL as Chromium prints it in console messages. */
export function canonicalUrl(url: string): string {
  const parsed = parseUrl(url);
  return parsed ? parsed.href : url;
}

/**
 * Whether Chromium's GURL would accept the string as a valid URL. Chromium only uses
 * this to choose between InvalidAllowOriginValue and AllowOriginMismatch; the WHATWG
 * parser agrees on the cases that matter (no scheme, empty host, bad port).
 */
export function isValidUrl(value: string): boolean {
  if (parseUrl(value) !== null) return true;
  // GURL keeps an escaped space (%20) in a host as valid; the WHATWG parser refuses it.
  return /%20/i.test(value) && parseUrl(value.replace(/%20/gi, 'x')) !== null;
}

export function isHttpScheme(url: URL): boolean {
  return url.protocol === 'http:' || url.protocol === 'https:';
}
