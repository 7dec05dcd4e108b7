// The active audit sends crafted requests only to a server the user owns: one whose
// name resolves to a loopback address, or a host the user configured explicitly.
// The address is decided here, once; the sender connects to exactly that address
// (no second lookup a DNS rebinding could answer differently).
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export class TargetRefused extends Error {}

export interface ResolvedTarget {
  url: URL;
  /** The hostname as written, without IPv6 brackets. */
  host: string;
  address: string;
  family: 4 | 6;
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) return a.startsWith('127.');
  if (a === '::1') return true;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  return mapped !== null && mapped[1].startsWith('127.');
}

function sameHost(a: string, b: string): boolean {
  const norm = (h: string) => h.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  return norm(a) === norm(b);
}

/**
 * @param allowHosts hosts the user configured explicitly (any address is then accepted for them).
 * @param resolve injectable for tests; defaults to the system resolver (getaddrinfo, so /etc/hosts counts).
 */
export async function resolveTarget(
  url: URL,
  allowHosts: readonly string[] = [],
  resolve: (host: string) => Promise<Array<{ address: string; family: number }>> = (host) => lookup(host, { all: true, verbatim: true }),
): Promise<ResolvedTarget> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const explicit = allowHosts.some((h) => sameHost(h, host));
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
  else {
    try {
      addresses = await resolve(host);
    } catch (err) {
      throw new TargetRefused(`cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const chosen = explicit ? addresses[0] : addresses.find((a) => isLoopbackAddress(a.address));
  if (!chosen) {
    const seen = addresses.map((a) => a.address).join(', ') || 'nothing';
    throw new TargetRefused(
      `refusing to audit ${url.origin}: ${host} resolves to ${seen}, not a loopback address; audit only servers you run (pass --allow-host ${host} if this one is yours)`,
    );
  }
  return { url, host, address: chosen.address, family: chosen.family === 6 ? 6 : 4 };
}
