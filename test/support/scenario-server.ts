// A loopback HTTP/1.1 server for the Chromium conformance suite. It listens on three
// ports — origin A (the front-end page), B (the API) and C (a third origin that
// cross-origin redirects land on) — and answers every /s/<run>/<id> request from a
// scenario table. Responses are written as raw bytes on the socket so header lines
// reach the browser exactly as the table says: repeats, odd case, stray whitespace
// and empty values included (Node's ServerResponse would add or normalise lines).
// Every request received and the exact answer sent are recorded as WireExchanges.
import * as net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { HeaderList, WireExchange } from '../../src/core/http/types';

export type OriginRole = 'A' | 'B' | 'C';

/** How the server answers one request. Header values may hold placeholders, see `expand`. */
export interface ResponseSpec {
  status: number;
  /** Written in order as `name: value` lines, byte for byte (after placeholder expansion). */
  headers: HeaderList;
  body?: string;
  /** Misbehave instead of answering, to exercise the runner's non-CORS failure paths. */
  misbehave?: 'destroy' | 'hang' | 'garbage';
}

export interface ScenarioRequest {
  /** Passed to fetch() as is (so 'patch' stays lower-case, as fetch keeps it). */
  method: string;
  headers: HeaderList;
  credentials: 'omit' | 'same-origin' | 'include';
  body?: string;
  /** Issue the fetch from a sandbox="allow-scripts" iframe, so the Origin is opaque ('null'). */
  opaqueOrigin?: boolean;
  /** 'page-origin': fetch the scenario from origin A itself (same-origin, unless a redirect leaves it). Default: the API. */
  target?: 'api' | 'page-origin';
  /** Fetch the same URL this many times in a row (default 1); the last fetch is the one judged (e.g. a preflight-cache hit). */
  repeat?: number;
  /**
   * What makes the request (default fetch()): XMLHttpRequest (withCredentials for 'include'),
   * or an element: <img>, <script>, <link rel=stylesheet> with crossorigin "anonymous"
   * ('same-origin') or "use-credentials" ('include'), no attribute for 'no-cors-img';
   * 'font': an @font-face rule (fonts have no credentials switch: always 'same-origin').
   */
  initiator?: 'fetch' | 'xhr' | 'img' | 'no-cors-img' | 'script' | 'style' | 'font';
}

export interface Scenario {
  id: string;
  group: string;
  description: string;
  request: ScenarioRequest;
  /** Answer to a CORS preflight at the scenario path; omitted = a permissive echo. */
  preflight?: ResponseSpec;
  /** Answer to the actual request at the scenario path. */
  response: ResponseSpec;
  /** Answers at `${PATH}/r`, where a redirecting response may send the browser. */
  redirectHop?: { response: ResponseSpec; preflight?: ResponseSpec };
  /** Answers at `${PATH}/r2`, for a second redirect. */
  secondHop?: { response: ResponseSpec; preflight?: ResponseSpec };
}

/** A preflight answer that allows whatever was asked: used when a scenario doesn't specify one. */
export const PERMISSIVE_PREFLIGHT: ResponseSpec = {
  status: 204,
  headers: [
    ['Access-Control-Allow-Origin', '${ORIGIN}'],
    ['Access-Control-Allow-Credentials', 'true'],
    ['Access-Control-Allow-Methods', '${ACRM}'],
    ['Access-Control-Allow-Headers', '${ACRH}'],
  ],
};

export interface RecordedExchange {
  /** Which listener received it. */
  role: OriginRole;
  runId: string | null;
  scenarioId: string | null;
  /** True when the request was at `${PATH}/r` or `${PATH}/r2` (a redirect hop). */
  hop: boolean;
  /** Arrival order across the whole server (0, 1, 2...). */
  seq: number;
  receivedAt: number;
  exchange: WireExchange;
  /** The exact response head bytes as written (latin1), for disagreement reports. */
  rawResponseHead: string;
}

interface ParsedRequest {
  method: string;
  target: string;
  httpVersion: string;
  headers: HeaderList;
  body: Buffer;
}

const REASONS: Record<number, string> = {
  200: 'OK', 204: 'No Content', 299: 'Whatever', 301: 'Moved Permanently', 302: 'Found',
  303: 'See Other', 307: 'Temporary Redirect', 308: 'Permanent Redirect', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error',
};

const MAX_HEAD_BYTES = 64 * 1024;

export class ScenarioServer {
  readonly origins: Record<OriginRole, string> = { A: '', B: '', C: '' };
  readonly ports: Record<OriginRole, number> = { A: 0, B: 0, C: 0 };
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private readonly runs = new Map<string, Map<string, Scenario>>();
  /** Per run: the base URL the page fetches the API through (B itself, or a proxy in front of it). */
  private readonly apiBases = new Map<string, string>();
  private readonly log: RecordedExchange[] = [];
  /** Extra pages origin A serves (path → answer), e.g. a page that runs the scenarios by itself. */
  readonly pages = new Map<string, ResponseSpec>();

  /** The seq the next recorded exchange will get: everything recorded later has seq >= this. */
  get nextSeq(): number {
    return this.log.length;
  }

  /** Binds the three listeners on 127.0.0.1 (free ports); origins are spelled with `localhost`. */
  static async start(): Promise<ScenarioServer> {
    const server = new ScenarioServer();
    for (const role of ['A', 'B', 'C'] as OriginRole[]) {
      const listener = net.createServer((socket) => server.serveConnection(socket, role));
      await new Promise<void>((resolve, reject) => {
        listener.once('error', reject);
        listener.listen(0, '127.0.0.1', () => resolve());
      });
      server.servers.push(listener);
      const port = (listener.address() as net.AddressInfo).port;
      server.ports[role] = port;
      server.origins[role] = `http://localhost:${port}`;
    }
    return server;
  }

  /** Registers a scenario table under a fresh run id, so URLs never repeat across runs (no preflight-cache reuse). */
  beginRun(scenarios: Scenario[], apiBase?: string): string {
    const runId = randomBytes(4).toString('hex');
    this.apiBases.set(runId, (apiBase ?? this.origins.B).replace(/\/+$/, ''));
    const table = new Map<string, Scenario>();
    for (const s of scenarios) {
      if (!/^[A-Za-z0-9._-]+$/.test(s.id)) throw new Error(`scenario id not path-safe: ${s.id}`);
      if (table.has(s.id)) throw new Error(`duplicate scenario id: ${s.id}`);
      table.set(s.id, s);
    }
    this.runs.set(runId, table);
    return runId;
  }

  pathOf(runId: string, scenarioId: string): string {
    return `/s/${runId}/${scenarioId}`;
  }

  /** Everything received so far for one scenario of one run, in arrival order. */
  exchangesFor(runId: string, scenarioId: string): RecordedExchange[] {
    return this.log.filter((r) => r.runId === runId && r.scenarioId === scenarioId);
  }

  allExchanges(): RecordedExchange[] {
    return [...this.log];
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private serveConnection(socket: net.Socket, role: OriginRole): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Keep-alive: answer every complete request in the buffer, in order.
      for (;;) {
        const parsed = parseRequest(buffered);
        if (parsed === 'incomplete') {
          if (buffered.length > MAX_HEAD_BYTES * 4) socket.destroy();
          return;
        }
        if (parsed === 'invalid') {
          socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          return;
        }
        buffered = buffered.subarray(parsed.consumed);
        const close = this.answer(socket, role, parsed.request);
        if (close) {
          socket.end();
          return;
        }
      }
    });
  }

  /** Writes the answer; returns true when the connection must close afterwards. */
  private answer(socket: net.Socket, role: OriginRole, req: ParsedRequest): boolean {
    const host = headerValue(req.headers, 'host') ?? `localhost:${this.ports[role]}`;
    const url = `http://${host}${req.target}`;
    const path = req.target.split('?')[0];
    const match = /^\/s\/([0-9a-f]+)\/([A-Za-z0-9._-]+)(\/r2?)?$/.exec(path);
    const runId = match ? match[1] : null;
    const scenarioId = match ? match[2] : null;
    const hop = Boolean(match && match[3]);
    const scenario = runId && scenarioId ? this.runs.get(runId)?.get(scenarioId) : undefined;
    const isPreflight =
      req.method === 'OPTIONS' &&
      headerValue(req.headers, 'origin') !== undefined &&
      headerValue(req.headers, 'access-control-request-method') !== undefined;

    let spec: ResponseSpec;
    if (role === 'A' && !match) {
      spec = this.pages.get(path) ?? frontEndPage(path);
    } else if (!scenario) {
      spec = { status: 404, headers: [['Content-Type', 'text/plain']], body: 'no such scenario' };
    } else if (hop) {
      const hopSpec = (match![3] === '/r2' ? scenario.secondHop : scenario.redirectHop) ?? { response: { status: 404, headers: [] } };
      spec = isPreflight ? hopSpec.preflight ?? PERMISSIVE_PREFLIGHT : hopSpec.response;
    } else {
      spec = isPreflight ? scenario.preflight ?? PERMISSIVE_PREFLIGHT : scenario.response;
    }

    if (spec.misbehave) return this.misbehave(socket, role, req, url, runId, scenarioId, hop, spec.misbehave);

    const vars = this.placeholders(req, runId, scenarioId);
    const lines: Array<[string, string]> = [];
    for (const [name, template] of spec.headers) {
      // A line whose whole value echoes a request header that wasn't sent is left out.
      if (/^\$\{(ACRM|ACRH|ACRH_UPPER|ACRH_SPACED|ORIGIN)\}$/.test(template) && vars[template.slice(2, -1)] === undefined) continue;
      lines.push([name, expand(template, vars)]);
    }
    const payload = Buffer.from(spec.body ?? (spec.status === 204 ? '' : `scenario ${scenarioId ?? path}\n`), 'utf8');
    // HEAD announces the length of the body it does not send.
    const body = req.method === 'HEAD' ? Buffer.alloc(0) : payload;
    const framing: Array<[string, string]> = [];
    if (spec.status !== 204 && !spec.headers.some(([n]) => n.toLowerCase() === 'content-type')) {
      framing.push(['Content-Type', 'text/plain; charset=utf-8']);
    }
    if (spec.status !== 204) framing.push(['Content-Length', String(payload.length)]);
    const wantsClose = (headerValue(req.headers, 'connection') ?? '').toLowerCase() === 'close';
    if (wantsClose) framing.push(['Connection', 'close']);

    const reason = REASONS[spec.status] ?? 'Status';
    const sent = [...lines, ...framing];
    const head =
      `HTTP/1.1 ${spec.status} ${reason}\r\n` + sent.map(([n, v]) => `${n}: ${v}\r\n`).join('') + '\r\n';
    socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));

    this.log.push({
      role,
      runId,
      scenarioId,
      hop,
      seq: this.log.length,
      receivedAt: Date.now(),
      rawResponseHead: head,
      exchange: {
        request: { method: req.method, url, headers: req.headers, httpVersion: req.httpVersion },
        // Header values as any HTTP parser (Chromium's, Node's) delivers them: surrounding
        // spaces/tabs are not part of a field value.
        response: {
          status: spec.status,
          statusText: reason,
          headers: sent.map(([n, v]) => [n, trimOws(v)] as [string, string]),
          httpVersion: '1.1',
        },
        error: null,
      },
    });
    return wantsClose;
  }

  private misbehave(
    socket: net.Socket,
    role: OriginRole,
    req: ParsedRequest,
    url: string,
    runId: string | null,
    scenarioId: string | null,
    hop: boolean,
    how: 'destroy' | 'hang' | 'garbage',
  ): boolean {
    // Conflicting Content-Length lines: a response Chromium must refuse outright
    // (plain non-HTTP bytes would be read as an HTTP/0.9 body instead).
    const rawResponseHead = how === 'garbage' ? 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n' : '';
    this.log.push({
      role, runId, scenarioId, hop, seq: this.log.length, receivedAt: Date.now(), rawResponseHead,
      exchange: {
        request: { method: req.method, url, headers: req.headers, httpVersion: req.httpVersion },
        response: null,
        error: { code: how.toUpperCase(), message: `scenario server misbehaved on purpose: ${how}` },
      },
    });
    if (how === 'destroy') socket.destroy();
    if (how === 'garbage') socket.end(rawResponseHead + 'x');
    // 'hang': leave the socket open and silent; close() destroys it.
    return how !== 'hang';
  }

  private placeholders(req: ParsedRequest, runId: string | null, scenarioId: string | null): Record<string, string | undefined> {
    const a = this.origins.A;
    const acrh = headerValue(req.headers, 'access-control-request-headers');
    return {
      A: a,
      A_UPPER: a.toUpperCase(),
      A_HOST_UPPER: a.replace('localhost', 'LOCALHOST'),
      A_OTHER_PORT: `http://localhost:${this.ports.A === 65535 ? 65534 : this.ports.A + 1}`,
      A_HTTPS: a.replace('http:', 'https:'),
      A_IP: a.replace('localhost', '127.0.0.1'),
      B: this.origins.B,
      /** Where the page reaches the API in this run (origin B, or the proxy in front of it). */
      API: (runId && this.apiBases.get(runId)) || this.origins.B,
      C: this.origins.C,
      C_HOST: `localhost:${this.ports.C}`,
      PATH: runId && scenarioId ? this.pathOf(runId, scenarioId) : '',
      /** host[:port] the request was addressed to (the proxy's, when one is in front). */
      SELF_HOST: headerValue(req.headers, 'host') ?? '',
      ORIGIN: headerValue(req.headers, 'origin'),
      ACRM: headerValue(req.headers, 'access-control-request-method'),
      ACRH: acrh,
      ACRH_UPPER: acrh?.toUpperCase(),
      ACRH_SPACED: acrh?.split(',').join(' ,  '),
    };
  }
}

/** Replaces ${NAME} with its value; an unknown name is an error in the table, not a silent blank. */
export function expand(template: string, vars: Record<string, string | undefined>): string {
  return template.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => {
    if (!(name in vars)) throw new Error(`unknown placeholder \${${name}} in "${template}"`);
    return vars[name] ?? '';
  });
}

function trimOws(value: string): string {
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

function headerValue(headers: HeaderList, lowerName: string): string | undefined {
  const found = headers.filter(([n]) => n.toLowerCase() === lowerName);
  return found.length ? found.map(([, v]) => v).join(', ') : undefined;
}

/** Origin A's pages: the runner's page, and the sandboxed frame used for opaque-origin fetches. */
function frontEndPage(path: string): ResponseSpec {
  const html = (body: string): ResponseSpec => ({
    status: 200,
    headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']],
    body: `<!doctype html><html><head><meta charset="utf-8"><title>cors conformance</title></head><body>${body}</body></html>`,
  });
  if (path === '/') return html('<p>runner</p><iframe id="opaque" sandbox="allow-scripts" src="/frame"></iframe>');
  if (path === '/frame') return html('<p>opaque-origin frame</p>');
  if (path === '/favicon.ico') return { status: 404, headers: [] };
  return { status: 404, headers: [] };
}

type ParseResult = { request: ParsedRequest; consumed: number } | 'incomplete' | 'invalid';

/** Minimal HTTP/1.1 request parser: request line, header lines, Content-Length or chunked body. */
function parseRequest(buf: Buffer): ParseResult {
  const headEnd = buf.indexOf('\r\n\r\n');
  if (headEnd < 0) return buf.length > MAX_HEAD_BYTES ? 'invalid' : 'incomplete';
  const lines = buf.subarray(0, headEnd).toString('latin1').split('\r\n');
  const requestLine = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(\d\.\d)$/.exec(lines[0]);
  if (!requestLine) return 'invalid';
  const headers: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'invalid';
    headers.push([line.slice(0, colon), trimOws(line.slice(colon + 1))]);
  }
  let offset = headEnd + 4;
  let body: Buffer = Buffer.alloc(0);
  const te = headerValue(headers, 'transfer-encoding');
  const cl = headerValue(headers, 'content-length');
  if (te && /chunked/i.test(te)) {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', offset);
      if (lineEnd < 0) return 'incomplete';
      const size = parseInt(buf.subarray(offset, lineEnd).toString('latin1'), 16);
      if (Number.isNaN(size)) return 'invalid';
      const dataStart = lineEnd + 2;
      if (size === 0) {
        // Skip (empty) trailers up to the final CRLF.
        const end = buf.indexOf('\r\n\r\n', lineEnd);
        if (end < 0) return 'incomplete';
        offset = end + 4;
        break;
      }
      if (buf.length < dataStart + size + 2) return 'incomplete';
      parts.push(buf.subarray(dataStart, dataStart + size));
      offset = dataStart + size + 2;
    }
    body = Buffer.concat(parts);
  } else if (cl) {
    const length = Number(cl);
    if (!Number.isInteger(length) || length < 0) return 'invalid';
    if (buf.length < offset + length) return 'incomplete';
    body = buf.subarray(offset, offset + length);
    offset += length;
  }
  return {
    request: { method: requestLine[1], target: requestLine[2], httpVersion: requestLine[3], headers, body },
    consumed: offset,
  };
}
