// Where forward mode connects, decided on addresses rather than names. Routing
// (policy.ts) lets through only loopback names and literals and the configured
// allowHosts; this lookup is then the only name resolution on the way, and the
// address it answers is the one the connection is made to (it is handed to
// net.connect as its `lookup`, so there is no second lookup DNS could answer
// differently):
// - `localhost`, `*.localhost` (with or without a trailing dot) are pinned to
//   127.0.0.1 and ::1 without asking anyone, as Chromium does: what DNS or a hosts
//   file says about them cannot send a connection off this machine;
// - an allowHosts name is resolved once, and each address it resolves to is checked
//   before it is used (one a connection cannot sensibly go to, unspecified,
//   multicast or broadcast, is refused);
// - any other name is refused without a lookup (routing has already refused it;
//   this is the second line).
import { lookup as systemLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { normalizeHost } from './policy';

/** Resolves a name to its addresses (all of them); the system resolver unless a test injects one. */
export type Resolver = (host: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (host) =>
  new Promise((resolve, reject) => systemLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

const LOOPBACK: readonly LookupAddress[] = Object.freeze([Object.freeze({ address: '127.0.0.1', family: 4 }), Object.freeze({ address: '::1', family: 6 })]);

/** `localhost` and its subdomains, the names pinned to loopback (normalized: lower case, no trailing dot). */
export function isLocalhostName(normalized: string): boolean {
  return normalized === 'localhost' || normalized.endsWith('.localhost');
}

/** Why a resolved address may not be connected to, or null when it may. */
export function unusableAddress(address: string): string | null {
  const a = address.toLowerCase();
  const v4 = a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a;
  if (isIP(v4) === 4) {
    const first = Number(v4.split('.', 1)[0]);
    if (first === 0) return 'an unspecified ("this network") address';
    if (first >= 224 && first <= 239) return 'a multicast address';
    if (v4 === '255.255.255.255') return 'the broadcast address';
    return null;
  }
  if (a === '::' || a === '0:0:0:0:0:0:0:0') return 'the unspecified address';
  if (a.startsWith('ff')) return 'a multicast address';
  return null;
}

function forbidden(message: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(message);
  err.code = 'EFORBIDDEN';
  return err;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function answer(addresses: readonly LookupAddress[], options: LookupOptions, callback: LookupCallback): void {
  const family = options.family === 4 || options.family === 6 ? options.family : 0;
  const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
  if (usable.length === 0) {
    callback(Object.assign(new Error(`no IPv${family} address`), { code: 'ENOTFOUND' }), '', 0);
    return;
  }
  if (options.all) callback(null, usable.map((a) => ({ address: a.address, family: a.family })));
  else callback(null, usable[0].address, usable[0].family);
}

/** The `lookup` forward-mode connections use (see above). */
export function forwardLookup(allowHosts: readonly string[], resolve: Resolver = systemResolver): LookupFunction {
  const allowed = new Set(allowHosts.map(normalizeHost));
  const lookup = (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const host = normalizeHost(hostname);
    if (isLocalhostName(host)) {
      // Asynchronous like any lookup, so net sees the answer after it has set the socket up.
      process.nextTick(answer, LOOPBACK, options, callback);
      return;
    }
    const family = isIP(host);
    if (family !== 0) {
      process.nextTick(answer, [{ address: host, family }], options, callback);
      return;
    }
    if (!allowed.has(host)) {
      process.nextTick(callback, forbidden(`forwarding to ${host} is not allowed: only loopback hosts and the configured allowHosts may be reached`), '', 0);
      return;
    }
    resolve(hostname).then(
      (addresses) => {
        for (const { address } of addresses) {
          const why = unusableAddress(address);
          if (why !== null) {
            callback(forbidden(`${host} resolves to ${address}, ${why}; the proxy does not connect there`), '', 0);
            return;
          }
        }
        answer(addresses, options, callback);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };
  return lookup as unknown as LookupFunction;
}
