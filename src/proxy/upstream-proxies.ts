// The proxy's way to its upstreams: keep-alive agents (forward mode's resolve names
// through its own lookup, forward-lookup.ts) and one http-proxy server per origin.
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import type { Duplex } from 'node:stream';
import { parse as parseLegacyUrl } from 'node:url';
import httpProxy from 'http-proxy';
import { isLoopbackHost } from './policy';
import type { Route } from './routing';

/** The listeners every http-proxy server gets (the proxy's, shared by all origins). */
export interface UpstreamListeners {
  proxyRes(proxyRes: http.IncomingMessage, req: http.IncomingMessage, res: http.ServerResponse): void;
  proxyReqWs(proxyReq: http.ClientRequest, req: http.IncomingMessage, socket: Duplex): void;
  error(err: Error): void;
}

interface Agents {
  http: http.Agent;
  https: https.Agent;
}

// Forward mode meets arbitrary origins; the number of servers kept is bounded.
const MAX_ORIGINS = 1000;

export class UpstreamProxies {
  private readonly agents: Agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  private readonly forwardAgents: (Agents & { wsHttp: http.Agent; wsHttps: https.Agent }) | undefined;
  // One http-proxy server per upstream origin, its options fixed when it is made:
  // http-proxy copies the options into a new object for every request that brings
  // its own (and given a string, would parse the target URL every time), which
  // costs more than the rest of its work.
  // Forward-mode origins have their own (their agents resolve names their own way).
  private readonly reverseProxies = new Map<string, httpProxy>();
  private readonly forwardProxies = new Map<string, httpProxy>();

  /** `lookup` is forward mode's (forward-lookup.ts); without it forward origins use the reverse agents. */
  constructor(lookup: net.LookupFunction | undefined, private readonly listeners: UpstreamListeners) {
    this.forwardAgents = lookup
      ? {
          http: new http.Agent({ keepAlive: true, lookup }),
          https: new https.Agent({ keepAlive: true, lookup }),
          // Upgraded connections leave their agent; these only make them.
          wsHttp: new http.Agent({ lookup }),
          wsHttps: new https.Agent({ lookup }),
        }
      : undefined;
  }

  proxyFor(origin: string, forward: boolean): httpProxy {
    const proxies = forward ? this.forwardProxies : this.reverseProxies;
    let proxy = proxies.get(origin);
    if (!proxy) {
      const tls = origin.startsWith('https:');
      const agents = forward && this.forwardAgents ? this.forwardAgents : this.agents;
      proxy = httpProxy.createProxyServer({
        target: parseLegacyUrl(origin) as httpProxy.ServerOptions['target'],
        agent: tls ? agents.https : agents.http,
        // Loopback dev servers commonly use self-signed certificates, so TLS is not verified for them.
        ...(tls ? { secure: !isLoopbackHost(new URL(origin).hostname) } : {}),
        // Our own responses (writeHead with raw lists), so http-proxy must not write them.
        selfHandleResponse: true,
        // ProxiedRequest.pipe sets the path; these keep http-proxy from parsing and
        // re-joining one per request only for it to be replaced.
        toProxy: true,
        ignorePath: true,
        prependPath: false,
      });
      proxy.on('proxyRes', this.listeners.proxyRes);
      proxy.on('proxyReqWs', this.listeners.proxyReqWs);
      proxy.on('error', this.listeners.error);
      if (proxies.size > MAX_ORIGINS) proxies.clear();
      proxies.set(origin, proxy);
    }
    return proxy;
  }

  /** The agent a WebSocket upgrade connects with: forward mode's lookup, or none (http-proxy's default). */
  webSocketAgent(route: Extract<Route, { kind: 'proxy' }>): http.Agent | false {
    const agents = this.forwardAgents;
    if (route.via !== 'forward' || !agents) return false;
    return route.origin.startsWith('https:') ? agents.wsHttps : agents.wsHttp;
  }

  destroy(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
    if (this.forwardAgents) for (const agent of Object.values(this.forwardAgents)) agent.destroy();
  }
}
