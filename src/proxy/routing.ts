// Decides where one incoming request goes — or why it goes nowhere — before any
// upstream connection is made.
import type { IncomingMessage } from 'node:http';
import {
  isAllowedForwardHost,
  isLoopbackAddress,
  isLoopbackHost,
  matchTarget,
  normalizeHost,
  type ResolvedTarget,
} from './policy';
import { rawHeaderValue } from './raw-headers';

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
      dropHeaders: ReadonlySet<string>;
      /** The client's Host value as sent, if it sent one. */
      host: string | undefined;
    }
  | { kind: 'refuse'; status: 403 | 404 | 400; code: string; message: string; url: string; via: 'reverse' | 'forward' };

const DROP_NOTHING: ReadonlySet<string> = new Set(['expect']);
// Meant for the proxy itself, never for the server behind it.
const DROP_FORWARD: ReadonlySet<string> = new Set(['expect', 'proxy-connection', 'proxy-authorization']);

/** Stands for a request with more than one Host line. */
const MANY_HOSTS = Symbol('many Host lines');

// Read from the raw lines: asking for req.headers would make Node build its merged header object for every request.
function clientHost(req: IncomingMessage): string | undefined | typeof MANY_HOSTS {
  const raw = req.rawHeaders;
  let host: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    if (name.length !== 4 || name.toLowerCase() !== 'host') continue;
    if (host !== undefined) return MANY_HOSTS;
    host = raw[i + 1];
  }
  return host;
}

// The same URL is asked for again and again (a page polling its API); the recorded
// URL string is then shared rather than built anew for every exchange.
let lastAuthority = '';
let lastPath = '';
let lastUrl = '';
function recordedUrl(authority: string, path: string): string {
  if (authority !== lastAuthority || path !== lastPath) {
    lastAuthority = authority;
    lastPath = path;
    lastUrl = `http://${authority}${path}`;
  }
  return lastUrl;
}

function reverseRoute(host: string | undefined, path: string, config: RoutingConfig): Route {
  const url = recordedUrl(host || `127.0.0.1:${config.ownPort}`, path);
  const target = matchTarget(config.targets, path);
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

function isSelf(url: URL, config: RoutingConfig): boolean {
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return port === config.ownPort && isLoopbackHost(url.hostname);
}

export function routeRequest(req: IncomingMessage, config: RoutingConfig): Route {
  const raw = req.url ?? '/';
  const host = clientHost(req);
  if (host === MANY_HOSTS) {
    // RFC 9112 §3.2: a server could read either one, and the record could name the other.
    const first = rawHeaderValue(req.rawHeaders, 'host');
    return {
      kind: 'refuse', status: 400, code: 'EAMBIGUOUS', url: raw.startsWith('/') ? `http://${first}${raw}` : raw, via: raw.startsWith('/') ? 'reverse' : 'forward',
      message: 'the request has more than one Host header line; HTTP/1.1 requires exactly one, and a server could read either, so it is refused, not forwarded',
    };
  }
  if (raw.startsWith('/') || raw === '*') return reverseRoute(host, raw, config);

  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'refuse', status: 400, code: 'EBADTARGET', url: raw, via: 'reverse', message: `the request target "${raw}" is not a valid URL` };
  }
  const originForm = `${url.pathname}${url.search}`;

  // Absolute-form addressed to this proxy is just a verbose origin-form request
  // (and must never loop back into it in forward mode).
  if (isSelf(url, config)) return reverseRoute(host, originForm, config);

  if (!config.forward) {
    // Anything else is refused rather than forced to the target: silently sending a
    // request for another host to the dev server would record a URL the server never
    // saw, and forwarding it would make the proxy an open relay.
    return {
      kind: 'refuse', status: 403, code: 'EFORBIDDEN', url: raw, via: 'reverse',
      message: `this proxy runs in reverse mode and only forwards to its configured targets; it will not forward a request for ${url.host}`,
    };
  }

  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return {
      kind: 'refuse', status: 403, code: 'EFORBIDDEN', url: raw, via: 'forward',
      message: `forward mode only serves clients on this machine (refused ${req.socket.remoteAddress ?? 'unknown client'})`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { kind: 'refuse', status: 400, code: 'EBADTARGET', url: raw, via: 'forward', message: `unsupported scheme ${url.protocol}` };
  }
  if (!isAllowedForwardHost(url.hostname, config.allowHosts)) {
    return {
      kind: 'refuse', status: 403, code: 'EFORBIDDEN', url: raw, via: 'forward',
      message: `forwarding to ${normalizeHost(url.hostname)} is not allowed: only loopback hosts and the configured allowHosts may be reached`,
    };
  }
  return { kind: 'proxy', via: 'forward', origin: url.origin, upstreamPath: originForm || '/', url: raw, dropHeaders: DROP_FORWARD, host };
}
