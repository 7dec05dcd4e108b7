// Who may use the proxy and where it may send traffic. Kept free of I/O so the
// rules can be tested directly: the proxy must never become an open relay.
import { isIP } from 'node:net';

export interface ProxyTarget {
  prefix: string;
  target: string;
}

/** A configured target, parsed once at start-up. */
export interface ResolvedTarget {
  prefix: string;
  /** scheme://host:port, no trailing slash. */
  origin: string;
  /** The target URL's path without a trailing slash ('' for the root). */
  basePath: string;
  url: URL;
}

export function resolveTargets(targets: ProxyTarget[]): ResolvedTarget[] {
  const resolved = targets.map(({ prefix, target }) => {
    let url: URL;
    try {
      url = new URL(target);
    } catch {
      throw new Error(`Invalid proxy target "${target}": expected an absolute http:// URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`Invalid proxy target "${target}": only http:// and https:// are supported`);
    }
    const normalizedPrefix = prefix.startsWith('/') ? prefix : `/${prefix}`;
    const basePath = url.pathname.replace(/\/+$/, '');
    return { prefix: normalizedPrefix, origin: url.origin, basePath, url };
  });
  // Longest prefix first so the first match is the most specific one.
  return resolved.sort((a, b) => b.prefix.length - a.prefix.length);
}

/** Longest matching path prefix wins; a prefix matches whole path segments only ('/api' does not match '/apiary'). */
export function matchTarget(targets: ResolvedTarget[], path: string): ResolvedTarget | undefined {
  // The common case, one catch-all target, costs nothing.
  if (targets.length === 1 && targets[0].prefix === '/') return targets[0];
  const q = path.indexOf('?');
  const pathOnly = q < 0 ? path : path.slice(0, q);
  for (const t of targets) {
    if (t.prefix === '/' || pathOnly === t.prefix) return t;
    const base = t.prefix.endsWith('/') ? t.prefix : `${t.prefix}/`;
    if (pathOnly.startsWith(base)) return t;
  }
  return undefined;
}

/** Socket peer addresses that are this machine (IPv4 127/8, ::1, and IPv4-mapped forms). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.toLowerCase();
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  const v4 = a.startsWith('::ffff:') ? a.slice(7) : a;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** Strips brackets from IPv6 literals and a trailing dot; lower-cases. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

/**
 * Host names that reach this machine without asking DNS: loopback literals,
 * 'localhost' and '*.localhost' (which Chromium also pins to loopback).
 */
export function isLoopbackHost(host: string): boolean {
  const h = normalizeHost(host);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  return isLoopbackAddress(h);
}

/** Forward mode: may a request be sent to `host`? Decided from the name alone, before any connection. */
export function isAllowedForwardHost(host: string, allowHosts: readonly string[] = []): boolean {
  if (isLoopbackHost(host)) return true;
  const h = normalizeHost(host);
  return allowHosts.some((allowed) => normalizeHost(allowed) === h);
}

/** Splits an authority ("host:port", "[::1]:8080") into host and port. */
export function parseAuthority(authority: string, defaultPort: number): { host: string; port: number } | null {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\[\]\s\/]+)(?::(\d{1,5}))?$/.exec(authority.trim());
  if (!m) return null;
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: normalizeHost(m[1]), port };
}
