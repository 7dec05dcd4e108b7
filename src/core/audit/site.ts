// Which "site" a host belongs to, close enough to decide whether an attacker can own
// a name: the registrable domain (eTLD+1), approximated without the Public Suffix
// List. Two labels (example.com), or three under the common second-level suffixes of
// country codes (example.co.uk). Loopback names and IP addresses are their own site.

const SECOND_LEVEL = new Set(['ac', 'co', 'com', 'edu', 'gov', 'net', 'org', 'ne', 'or', 'go', 'gob', 'mil', 'nic']);

export function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':');
}

export function siteOf(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (isIpAddress(h)) return h;
  const labels = h.split('.');
  if (labels.length <= 2) return h;
  const tld = labels[labels.length - 1];
  const second = labels[labels.length - 2];
  const keep = tld.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** The parent domain a sibling subdomain would live under (app.example.com → example.com), or null when the host is a site itself. */
export function parentDomain(host: string): string | null {
  if (isIpAddress(host)) return null;
  const labels = host.toLowerCase().split('.');
  if (labels.length < 2) return null;
  const parent = labels.slice(1).join('.');
  // Never climb above the site: a sibling of example.com would be any .com name.
  return parent.length >= siteOf(host).length && parent.includes('.') ? parent : null;
}

export function sameSite(a: string, b: string): boolean {
  return siteOf(a) === siteOf(b);
}
