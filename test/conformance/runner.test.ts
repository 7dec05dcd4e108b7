// Checks the oracle itself: that the runner tells passes, CORS blocks, network errors
// and timeouts apart, that the server puts header lines on the wire byte for byte,
// and that `apiBase` really sends the page's fetches through another server.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { ScenarioServer, type Scenario } from '../support/scenario-server';
import { runScenariosInChromium, type RunResult } from './run';

const ACAO = 'Access-Control-Allow-Origin';

const scenarios: Scenario[] = [
  {
    id: 'ok', group: 'self', description: 'allowed GET',
    request: { method: 'GET', headers: [], credentials: 'omit' },
    response: { status: 200, headers: [[ACAO, '${A}']] },
  },
  {
    id: 'blocked', group: 'self', description: 'GET without ACAO',
    request: { method: 'GET', headers: [], credentials: 'omit' },
    response: { status: 200, headers: [] },
  },
  {
    id: 'preflighted', group: 'self', description: 'PUT with odd header lines on the preflight',
    request: { method: 'PUT', headers: [['X-Custom', '1']], credentials: 'include', body: 'b' },
    preflight: {
      status: 204,
      headers: [[ACAO, '${A}'], ['access-control-allow-credentials', ' true'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Methods', ''], ['ACCESS-CONTROL-ALLOW-HEADERS', 'x-custom']],
    },
    response: { status: 200, headers: [[ACAO, '${A}'], ['Access-Control-Allow-Credentials', 'true']] },
  },
  {
    id: 'reset', group: 'self', description: 'connection destroyed before any response',
    request: { method: 'GET', headers: [], credentials: 'omit' },
    response: { status: 200, headers: [], misbehave: 'destroy' },
  },
  {
    id: 'garbage', group: 'self', description: 'a response that is not HTTP',
    request: { method: 'GET', headers: [], credentials: 'omit' },
    response: { status: 200, headers: [], misbehave: 'garbage' },
  },
  {
    id: 'hang', group: 'self', description: 'no answer at all',
    request: { method: 'GET', headers: [], credentials: 'omit' },
    response: { status: 200, headers: [], misbehave: 'hang' },
  },
];

/** A byte-for-byte TCP relay: the smallest "something in front of the API" for apiBase. */
async function startRelay(targetPort: number): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('conformance runner (self-check)', function () {
  let chromium: LaunchedChromium;
  let server: ScenarioServer;
  let direct: RunResult;
  let relayed: RunResult;
  let relayPort = 0;

  before(async function () {
    this.timeout(120000);
    chromium = await launchChromium();
    server = await ScenarioServer.start();
    direct = await runScenariosInChromium(scenarios, { server, chromium, timeoutMs: 2000 });
    const relay = await startRelay(server.ports.B);
    relayPort = relay.port;
    try {
      relayed = await runScenariosInChromium(scenarios, { server, chromium, timeoutMs: 2000, apiBase: `http://127.0.0.1:${relay.port}` });
    } finally {
      await relay.close();
    }
  });

  after(async function () {
    await server?.close();
    await chromium?.close();
  });

  const byId = (r: RunResult, id: string) => r.runs.find((x) => x.scenario.id === id)!;

  it('tells a pass, a CORS block, a network error and a timeout apart', function () {
    assert.equal(byId(direct, 'ok').chromium.kind, 'pass');
    assert.equal(byId(direct, 'ok').chromium.status, 200);
    assert.deepEqual(
      [byId(direct, 'blocked').chromium.kind, byId(direct, 'blocked').chromium.corsError],
      ['cors-error', 'MissingAllowOriginHeader'],
    );
    for (const id of ['reset', 'garbage']) {
      const outcome = byId(direct, id).chromium;
      assert.equal(outcome.kind, 'network-error', `${id}: ${JSON.stringify(outcome)}`);
      assert.equal(outcome.corsError, null);
      assert.match(outcome.errorText ?? '', /^net::ERR_/);
    }
    assert.equal(byId(direct, 'hang').chromium.kind, 'timeout');
  });

  it('records the preflight and the actual request, with the response lines exactly as written', function () {
    const seen = byId(direct, 'preflighted').exchanges;
    assert.deepEqual(seen.map((e) => e.exchange.request.method), ['OPTIONS', 'PUT']);
    const head = seen[0].rawResponseHead;
    assert.match(head, /\r\naccess-control-allow-credentials:  true\r\n/);
    assert.match(head, /\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Allow-Methods: \r\n/);
    assert.match(head, /\r\nACCESS-CONTROL-ALLOW-HEADERS: x-custom\r\n/);
    // The recorded header list keeps case, order and repeats; values lose only surrounding whitespace, as any parser does.
    assert.deepEqual(seen[0].exchange.response!.headers.slice(1, 5), [
      ['access-control-allow-credentials', 'true'],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Methods', ''],
      ['ACCESS-CONTROL-ALLOW-HEADERS', 'x-custom'],
    ]);
    const actualHeaders = seen[1].exchange.request.headers;
    assert.ok(actualHeaders.some(([n, v]) => n === 'Cookie' && v.includes('conformance_session=')), 'credentialed fetch carries the test cookie');
    assert.equal(byId(direct, 'preflighted').chromium.kind, 'pass');
  });

  it('sends the fetches through apiBase when given, with the same outcomes', function () {
    assert.equal(relayed.apiBase, `http://localhost:${relayPort}`);
    for (const s of scenarios) {
      const run = byId(relayed, s.id);
      assert.ok(run.url.startsWith(`http://localhost:${relayPort}/s/`), run.url);
      assert.ok(run.exchanges.length > 0, `${s.id}: nothing reached the server`);
      assert.equal(new URL(run.exchanges[0].exchange.request.url).port, String(relayPort));
      assert.deepEqual(
        { kind: run.chromium.kind, corsError: run.chromium.corsError },
        { kind: byId(direct, s.id).chromium.kind, corsError: byId(direct, s.id).chromium.corsError },
        s.id,
      );
    }
  });
});
