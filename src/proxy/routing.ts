// Decides where one incoming request goes — or why it goes nowhere — before any
// upstream connection is made.
import {
  isAllowedForwardHost,
  isLoopbackAddress,
  isLoopbackHost,
  matchTarget,
  normalizeHost,
  type ResolvedTarget,
} from './policy';
import { headerNames, rawHeaderValue, type HeaderNames } from './raw-headers';

export interface RoutingConfig {
  targets: ResolvedTarget[];
  forward: boolean;
  allowHosts: string[];
  /** The proxy's own port, to recognise absolute-form requests addressed to itself. */
  ownPort: number;
}

export type Route =
  | {
      kind: 'proxy';
      via: 'reverse' | 'forward';
      /** scheme://host:port of the upstream. */
      origin: string;
      /** Request-target sent upstream (origin-form). */
      upstreamPath: string;
      /** Absolute URL the client asked for, as recorded. */
      url: string;
      /** Hop-by-hop request headers that must not travel on (lower-case). */
      dropHeaders: HeaderNames;
      /** The client's Host value as sent, if it sent one. */
      host: string | undefined;
    }
  | { kind: 'refuse'; status: 403 | 404 | 400; code: string; message: string; url: string; via: 'reverse' | 'forward' };

const DROP_NOTHING = headerNames('expect');
// Meant for the proxy itself, never for the server behind it.
const DROP_FORWARD = headerNames('expect', 'proxy-connection', 'proxy-authorization');

/** Stands for a request with more than one Host line. */
const MANY_HOSTS = Symbol('many Host lines');

function clientHost(raw: readonly string[]): string | undefined | typeof MANY_HOSTS {
  let host: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (name.length !== 4 || name.toLowerCase() !== 'host') continue;
    if (host !== undefined) return MANY_HOSTS;
    host = raw[i + 1];
  }
  return host;
}

function isSelf(url: URL, config: RoutingConfig): boolean {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return port === config.ownPort && isLoopbackHost(url.hostname);
}

/** Where a request's client connected from; a net.Socket is one (its address is read only in forward mode). */
export interface ClientPeer {
  readonly remoteAddress?: string;
}

/**
 * Routes one proxy's requests. It owns the last recorded URL: the same URL is asked
 * for again and again (a page polling its API), and the recorded string is then
 * shared rather than built anew for every exchange.
 */
export class Router {
  private lastAuthority = '';
  private lastPath = '';
  private lastUrl = '';

  constructor(readonly config: RoutingConfig) {}

  /**
   * Where a request goes, from its request-target as sent, its raw header lines
   * (only Host is read, from the lines: asking Node for req.headers would make it
   * build its merged header object for every request) and the peer it came from.
   */
  route(target: string, rawHeaders: readonly string[], peer: ClientPeer): Route {
    const config = this.config;
    const host = clientHost(rawHeaders);
    if (host === MANY_HOSTS) {
      // RFC 9112 §3.2: a server could read either one, and the record could name the other.
      const first = rawHeaderValue(rawHeaders, 'host');
      return {
        kind: 'refuse', status: 400, code: 'EAMBIGUOUS', url: target.startsWith('/') ? `http://${first}${target}` : target, via: target.startsWith('/') ? 'reverse' : 'forward',
        message: 'the request has more than one Host header line; HTTP/1.1 requires exactly one, and a server could read either, so it is refused, not forwarded',
      };
    }
    if (target.startsWith('/') || target === '*') return this.reverseRoute(host, target);

    let url: URL;
    try {
      url = new URL(target);
    } catch {
      return { kind: 'refuse', status: 400, code: 'EBADTARGET', url: target, via: 'reverse', message: `the request target "${target}" is not a valid URL` };
    }
    const originForm = `${url.pathname}${url.search}`;

    // Absolute-form addressed to this proxy is just a verbose origin-form request
    // (and must never loop back into it in forward mode).
    if (isSelf(url, config)) return this.reverseRoute(host, originForm);

    if (!config.forward) {
      // Anything else is refused rather than forced to the target: silently sending a
      // request for another host to the dev server would record a URL the server never
      // saw, and forwarding it would make the proxy an open relay.
      return {
        kind: 'refuse', status: 403, code: 'EFORBIDDEN', url: target, via: 'reverse',
        message: `this proxy runs in reverse mode and only forwards to its configured targets; it will not forward a request for ${url.host}`,
      };
    }

    const address = peer.remoteAddress;
    if (!isLoopbackAddress(address)) {
      return {
        kind: 'refuse', status: 403, code: 'EFORBIDDEN', url: target, via: 'forward',
        message: `forward mode only serves clients on this machine (refused ${address ?? 'unknown client'})`,
      };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { kind: 'refuse', status: 400, code: 'EBADTARGET', url: target, via: 'forward', message: `unsupported scheme ${url.protocol}` };
    }
    if (!isAllowedForwardHost(url.hostname, config.allowHosts)) {
      return {
        kind: 'refuse', status: 403, code: 'EFORBIDDEN', url: target, via: 'forward',
        message: `forwarding to ${normalizeHost(url.hostname)} is not allowed: only loopback hosts and the configured allowHosts may be reached`,
      };
    }
    return { kind: 'proxy', via: 'forward', origin: url.origin, upstreamPath: originForm || '/', url: target, dropHeaders: DROP_FORWARD, host };
  }

  private reverseRoute(host: string | undefined, path: string): Route {
    const url = this.recordedUrl(host || `127.0.0.1:${this.config.ownPort}`, path);
    const target = matchTarget(this.config.targets, path);
    if (!target) {
      return {
        kind: 'refuse', status: 404, code: 'ENOTARGET', url, via: 'reverse',
        message: `no proxy target is configured for the path ${path.split('?', 1)[0]}`,
      };
    }
    // The path is passed on unchanged, below the target URL's own path if it has one.
    const upstreamPath = target.basePath + (path.startsWith('/') ? path : `/${path}`);
    return { kind: 'proxy', via: 'reverse', origin: target.origin, upstreamPath, url, dropHeaders: DROP_NOTHING, host };
  }

  private recordedUrl(authority: string, path: string): string {
    if (authority !== this.lastAuthority || path !== this.lastPath) {
      this.lastAuthority = authority;
      this.lastPath = path;
      this.lastUrl = `http://${authority}${path}`;
    }
    return this.lastUrl;
  }
}
