// The servers the benchmark measures, each run in its own child process so the
// load generator never shares an event loop with what it measures.
import * as http from 'node:http';
import httpProxy from 'http-proxy';
import { startInspector } from '../src/proxy/index';
import { startProxy } from '../src/proxy/server';

export type Role = 'upstream' | 'bare' | 'proxy-only' | 'inspector';

export interface RoleReady {
  type: 'ready';
  port: number;
}
export interface RoleStats {
  type: 'stats';
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** CPU time this process has used so far (user + system), microseconds. */
  cpuMicros: number;
  records: number;
  captures: number;
  /** Records whose final CORS judgement was read, as the CLI reads them. */
  judged: number;
  /** Of those, how many the engine judged as cross-origin (all of them, in this bench). */
  crossOrigin: number;
}

const BODY = JSON.stringify({ id: 42, name: 'widget', tags: ['a', 'b', 'c'], price: 9.99, ok: true });

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
}

/** A small JSON API that answers CORS requests the way a typical dev server would. */
async function upstream(): Promise<number> {
  const server = http.createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(BODY),
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      Vary: 'Origin',
    });
    res.end(BODY);
  });
  server.keepAliveTimeout = 60_000;
  return listen(server);
}

/** http-proxy with nothing else: the reference our overhead is measured against. */
async function bare(target: string): Promise<number> {
  const proxy = httpProxy.createProxyServer({ target, agent: new http.Agent({ keepAlive: true }) });
  proxy.on('error', (_err, _req, res) => {
    if (res instanceof http.ServerResponse && !res.headersSent) res.writeHead(502).end();
  });
  const server = http.createServer((req, res) => proxy.web(req, res));
  server.keepAliveTimeout = 60_000;
  return listen(server);
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

let stats: () => RoleStats = () => {
  const m = process.memoryUsage();
  return { type: 'stats', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, cpuMicros: cpu(), records: 0, captures: 0, judged: 0, crossOrigin: 0 };
};

/** Our proxy with a sink that only counts: separates the proxy's cost from the recorder's. */
async function proxyOnly(target: string): Promise<number> {
  let captures = 0;
  const proxy = await startProxy({ targets: [{ prefix: '/', target }] }, () => {
    captures++;
  });
  stats = () => {
    const m = process.memoryUsage();
    return { type: 'stats', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, cpuMicros: cpu(), records: 0, captures, judged: 0, crossOrigin: 0 };
  };
  return proxy.port;
}

/** The full inspector: proxy + recorder judging and pairing every exchange. */
async function inspector(target: string): Promise<number> {
  const inspectorInstance = await startInspector({ targets: [{ prefix: '/', target }] });
  let captures = 0;
  let judged = 0;
  let crossOrigin = 0;
  // Like the CLI: read each record's judgement once it is final. (The recorder
  // judges every flow as it changes; this is the consumer's share of the work.)
  const seen = inspectorInstance.recorder.notes<true>();
  inspectorInstance.recorder.onRecord((record, change) => {
    if (change === 'added') captures++;
    if (record.pending || seen.get(record)) return;
    seen.set(record, true);
    judged++;
    if (record.cors.verdict !== 'not-cors') crossOrigin++;
  });
  stats = () => {
    const m = process.memoryUsage();
    return { type: 'stats', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, cpuMicros: cpu(), records: inspectorInstance.recorder.list().length, captures, judged, crossOrigin };
  };
  return inspectorInstance.port;
}

export async function runRole(role: Role, target: string | undefined): Promise<void> {
  const port =
    role === 'upstream' ? await upstream() : role === 'bare' ? await bare(target!) : role === 'proxy-only' ? await proxyOnly(target!) : await inspector(target!);
  process.on('message', (msg: { type: string; gc?: boolean }) => {
    if (msg.type === 'stats') {
      if (msg.gc) (globalThis as { gc?: () => void }).gc?.();
      process.send!(stats());
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send!({ type: 'ready', port } satisfies RoleReady);
}
