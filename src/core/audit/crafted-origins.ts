// The origins the active audit sends instead of the app's real one. Each kind
// catches one way servers get origin matching wrong: reflecting whatever comes,
// trusting `null`, prefix/suffix/substring checks, regexes with an unescaped dot,
// scheme-blind comparisons, and wildcard subdomains.
import { isIpAddress, parentDomain } from './site';

export type OriginKind =
  | 'real'
  | 'arbitrary'
  | 'null'
  | 'prefix'
  | 'suffix-domain'
  | 'suffix-host'
  | 'dot-replaced'
  | 'insecure-scheme'
  | 'subdomain'
  | 'sibling-subdomain';

export interface CraftedOrigin {
  kind: OriginKind;
  origin: string;
  /** What a server that accepts it gets wrong, in a few words. */
  catches: string;
}

/** A domain under the reserved .example TLD: nobody can own it, so no probe names a real third party. */
export const ATTACKER_DOMAIN = 'evil.example';

export function parseOrigin(origin: string): URL | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.origin === origin.replace(/\/$/, '') ? url : null;
}

function make(scheme: string, host: string, port: string): string | null {
  const text = `${scheme}//${host}${port ? `:${port}` : ''}`;
  try {
    return new URL(text).origin === text ? text : null;
  } catch {
    return null;
  }
}

/** Every crafted origin for `real` (a serialized http(s) origin), the real one first; duplicates and invalid ones dropped. */
export function craftedOrigins(real: string): CraftedOrigin[] {
  const url = parseOrigin(real);
  if (!url) throw new Error(`not an http(s) origin: ${real}`);
  const scheme = url.protocol;
  const host = url.hostname;
  const port = url.port;
  const out: CraftedOrigin[] = [{ kind: 'real', origin: url.origin, catches: '' }];
  const add = (kind: OriginKind, origin: string | null, catches: string) => {
    if (origin && !out.some((o) => o.origin === origin)) out.push({ kind, origin, catches });
  };
  add('arbitrary', make('https:', ATTACKER_DOMAIN, ''), 'reflects any Origin');
  add('null', 'null', 'trusts the opaque origin "null" (sandboxed iframes, file: pages, redirects)');
  if (!host.startsWith('[')) add('prefix', make(scheme, `${host}.${ATTACKER_DOMAIN}`, port), 'matches the origin as a prefix (startsWith, or a regex without $)');
  if (!isIpAddress(host)) {
    const parent = parentDomain(host);
    if (parent) add('suffix-domain', make(scheme, `evil${parent}`, port), `matches "${parent}" as a plain suffix (endsWith without the dot)`);
    add('suffix-host', make(scheme, `evil${host}`, port), `matches "${host}" as a plain suffix (endsWith, or a regex without ^)`);
    // Every dot but the last one (a replaced last dot only gives unregistrable names).
    const dots = [...host].map((c, i) => (c === '.' ? i : -1)).filter((i) => i >= 0);
    for (const i of dots.slice(0, -1)) {
      add('dot-replaced', make(scheme, `${host.slice(0, i)}x${host.slice(i + 1)}`, port), 'uses a regex whose "." is not escaped');
    }
  }
  if (scheme === 'https:') add('insecure-scheme', make('http:', host, port), 'ignores the scheme, so a page on plain http (open to anyone on the network path) is trusted');
  if (!isIpAddress(host)) {
    add('subdomain', make(scheme, `evil.${host}`, port), `trusts every subdomain of ${host}`);
    const parent = parentDomain(host);
    if (parent) add('sibling-subdomain', make(scheme, `evil.${parent}`, port), `trusts every subdomain of ${parent}`);
  }
  return out;
}
