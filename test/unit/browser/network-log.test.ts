// The browser's DevTools events → records: the event shapes are Chromium 156's
// (as cors-inspector browse receives them over the pipe; the conformance suite runs
// the real thing over the whole scenario set).
import { strict as assert } from 'node:assert';
import * as esbuild from 'esbuild';
import { BrowserNetworkLog, firstPageFrame, headLines, initiatorLocation, type CdpMessage } from '../../../src/core/browser/network-log';
import { inlineSourceMap, SourceMap, sourceMappingUrl } from '../../../src/core/browser/source-map';

const PAGE = 'http://localhost:5173';
const API = 'http://localhost:4000/api/orders';
const S = 'session-1';

function ev(method: string, params: Record<string, unknown>): CdpMessage {
  return { method, params, sessionId: S };
}

const stack = { type: 'script', stack: { callFrames: [{ functionName: 'loadOrders', scriptId: '3', url: `${PAGE}/src/api.js`, lineNumber: 11, columnNumber: 24 }] } };

function failedPreflightFlow(): CdpMessage[] {
  return [
    ev('Network.requestWillBeSent', { requestId: '7.1', documentURL: `${PAGE}/`, type: 'Fetch', initiator: stack, wallTime: 1700000000, timestamp: 10, request: { url: API, method: 'PUT', headers: { 'X-Api-Key': 'k', 'X-Trace': '1' } } }),
    ev('Network.requestWillBeSent', { requestId: 'PF1', documentURL: API, type: 'Other', initiator: { type: 'preflight', url: API, requestId: '7.1' }, wallTime: 1700000000, timestamp: 10.001, request: { url: API, method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'PUT' } } }),
    ev('Network.requestWillBeSentExtraInfo', { requestId: 'PF1', headers: { Host: 'localhost:4000', Origin: PAGE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-api-key,x-trace', 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty', 'User-Agent': 'Mozilla/5.0 Chrome/156' } }),
    ev('Network.responseReceivedExtraInfo', { requestId: 'PF1', statusCode: 204, headers: { 'Access-Control-Allow-Methods': 'PUT\nGET', 'Access-Control-Allow-Origin': PAGE }, headersText: `HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: ${PAGE}\r\nAccess-Control-Allow-Methods: PUT\r\nAccess-Control-Allow-Methods: GET\r\n\r\n` }),
    ev('Network.responseReceived', { requestId: 'PF1', type: 'Preflight', timestamp: 10.01, response: { status: 204, statusText: 'No Content', headers: {}, protocol: 'http/1.1' } }),
    ev('Network.loadingFinished', { requestId: 'PF1', timestamp: 10.01 }),
    ev('Log.entryAdded', { entry: { source: 'javascript', level: 'error', text: `Access to fetch at '${API}' from origin '${PAGE}' has been blocked by CORS policy: Request header field x-trace is not allowed by Access-Control-Allow-Headers in preflight response.` } }),
    ev('Network.loadingFailed', { requestId: '7.1', type: 'Fetch', timestamp: 10.02, errorText: 'net::ERR_FAILED', corsErrorStatus: { corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'x-trace' } }),
  ];
}

describe('browser network events → records', () => {
  it('records a refused preflight with raw headers, the browser\'s verdict, the engine\'s, the console line and the initiator', () => {
    const log = new BrowserNetworkLog({ settleMs: 100 });
    for (const e of failedPreflightFlow()) log.handle(e, 1000);
    assert.deepEqual(log.take(1050), [], 'not settled yet');
    const [flow] = log.take(1200);
    assert.equal(flow.records.length, 1, 'the PUT itself was never sent');
    const [pf] = flow.records;
    assert.equal(pf.type, 'preflight');
    // Exact lines from headersText: order, case and the repeated line kept.
    assert.deepEqual(pf.response?.headers, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Methods', 'GET']]);
    assert.deepEqual(pf.request.headers.find(([n]) => n === 'Access-Control-Request-Headers'), ['Access-Control-Request-Headers', 'x-api-key,x-trace']);
    assert.equal(pf.browser?.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.deepEqual([pf.cors.verdict, pf.cors.corsError, pf.cors.failedParameter], ['fail', 'HeaderDisallowedByPreflightResponse', 'x-trace']);
    assert.equal(pf.engine?.agrees, true);
    assert.match(pf.cors.message, /^Access to fetch at .* Request header field x-trace is not allowed/);
    assert.deepEqual(pf.initiator, { url: `${PAGE}/src/api.js`, line: 12, column: 25, functionName: 'loadOrders' });
    assert.equal(flow.engineBug, undefined);
  });

  it('gives each of two fetches redirected to the same URL its own console line (the one naming where it started)', () => {
    const log = new BrowserNetworkLog({ settleMs: 0 });
    const target = 'mailto:a@b.example';
    const start = (id: string, url: string) => [
      ev('Network.requestWillBeSent', { requestId: id, documentURL: `${PAGE}/`, type: 'Fetch', initiator: stack, request: { url, method: 'GET', headers: {} } }),
      ev('Network.requestWillBeSentExtraInfo', { requestId: id, headers: { Origin: PAGE, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' } }),
      ev('Network.requestWillBeSent', {
        requestId: id, documentURL: `${PAGE}/`, type: 'Fetch', initiator: stack, request: { url: target, method: 'GET', headers: {} },
        redirectResponse: { status: 302, statusText: 'Found', headers: { Location: target, 'Access-Control-Allow-Origin': PAGE }, protocol: 'http/1.1' },
      }),
    ];
    const line = (from: string) => ev('Log.entryAdded', { entry: { source: 'javascript', level: 'error', text: `Access to fetch at '${target}' (redirected from '${from}') from origin '${PAGE}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: http, https.` } });
    const failed = (id: string) => ev('Network.loadingFailed', { requestId: id, type: 'Fetch', errorText: 'net::ERR_FAILED', corsErrorStatus: { corsError: 'CorsDisabledScheme', failedParameter: '' } });
    const a = `${API}/a`;
    const b = `${API}/b`;
    // The console lines come in the other order than the failures.
    for (const e of [...start('1.1', a), ...start('2.1', b), line(b), line(a), failed('1.1'), failed('2.1')]) log.handle(e, 0);
    const flows = log.take(10);
    assert.equal(flows.length, 2);
    for (const flow of flows) {
      const first = flow.records[0].request.url;
      const failing = flow.records.find((r) => r.cors.verdict === 'fail');
      assert.ok(failing, JSON.stringify(flow.records.map((r) => [r.request.url, r.cors.verdict])));
      assert.ok(failing.cors.message.includes(`(redirected from '${first}')`), `${first}: ${failing.cors.message}`);
    }
  });

  it('takes a blocked response from its ExtraInfo (no responseReceived comes), and logs an engine disagreement', () => {
    const log = new BrowserNetworkLog({ settleMs: 0 });
    const events = [
      ev('Network.requestWillBeSent', { requestId: '8.1', documentURL: `${PAGE}/`, type: 'XHR', initiator: stack, request: { url: API, method: 'GET', headers: {} } }),
      ev('Network.requestWillBeSentExtraInfo', { requestId: '8.1', headers: { Origin: PAGE, 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' } }),
      // The server sent a correct Allow-Origin; a browser verdict the wire does not explain is an engine bug.
      ev('Network.responseReceivedExtraInfo', { requestId: '8.1', statusCode: 200, headers: { 'Access-Control-Allow-Origin': PAGE }, headersText: `HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: ${PAGE}\r\n\r\n` }),
      ev('Network.loadingFailed', { requestId: '8.1', errorText: 'net::ERR_FAILED', corsErrorStatus: { corsError: 'MissingAllowOriginHeader', failedParameter: '' } }),
    ];
    for (const e of events) log.handle(e, 0);
    const [flow] = log.take(10);
    const [rec] = flow.records;
    assert.equal(rec.response?.status, 200);
    assert.equal(rec.cors.corsError, 'MissingAllowOriginHeader', '`cors` holds the browser\'s verdict');
    assert.equal(rec.engine?.agrees, false);
    assert.match(flow.engineBug?.difference ?? '', /the browser blocked it \(MissingAllowOriginHeader\) but the engine says pass/);
    assert.ok(rec.cors.message.startsWith(`Access to XMLHttpRequest at '${API}'`));
  });

  it('falls back to the parsed headers when headersText lost a line (bytes that are not UTF-8)', () => {
    const lossy = headLines(`HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: ${PAGE}Access-Control-Allow-Credentials: true\r\n\r\n`);
    assert.equal(lossy.lines.length, 1);
    const log = new BrowserNetworkLog({ settleMs: 0 });
    log.handle(ev('Network.requestWillBeSent', { requestId: '9', documentURL: `${PAGE}/`, type: 'Fetch', initiator: stack, request: { url: API, method: 'GET', headers: {} } }), 0);
    log.handle(ev('Network.responseReceivedExtraInfo', { requestId: '9', statusCode: 200, headers: { 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Origin': `${PAGE}\u00e9` }, headersText: `HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: ${PAGE}Access-Control-Allow-Credentials: true\r\n\r\n` }), 0);
    log.handle(ev('Network.loadingFinished', { requestId: '9' }), 0);
    const [flow] = log.take(1);
    assert.deepEqual(flow.records[0].response?.headers.map(([n]) => n).sort(), ['Access-Control-Allow-Credentials', 'Access-Control-Allow-Origin']);
  });

  it('records only cross-origin exchanges, and an element\'s initiator from where script set its src', () => {
    const log = new BrowserNetworkLog({ settleMs: 0 });
    log.handle(ev('Network.requestWillBeSent', { requestId: '10', documentURL: `${PAGE}/`, type: 'Script', initiator: stack, request: { url: `${PAGE}/src/main.js`, method: 'GET', headers: {} } }), 0);
    log.handle(ev('Network.loadingFinished', { requestId: '10' }), 0);
    log.noteElementSource(`${API}.png`, { url: `${PAGE}/src/gallery.js`, line: 3, column: 11, functionName: 'show' });
    log.handle(ev('Network.requestWillBeSent', { requestId: '11', documentURL: `${PAGE}/`, type: 'Image', initiator: { type: 'other' }, request: { url: `${API}.png`, method: 'GET', headers: {} } }), 0);
    log.handle(ev('Network.loadingFinished', { requestId: '11' }), 0);
    const flows = log.take(1);
    assert.deepEqual(flows.map((f) => f.records[0].request.url), [`${API}.png`]);
    assert.deepEqual(flows[0].records[0].initiator, { url: `${PAGE}/src/gallery.js`, line: 3, column: 11, functionName: 'show' });
  });

  it('reads stack frames from CDP initiators and V8 stacks, 1-based', () => {
    assert.deepEqual(initiatorLocation({ type: 'parser', url: `${PAGE}/`, lineNumber: 4, columnNumber: 0 }), { url: `${PAGE}/`, line: 5, column: 1, functionName: '' });
    assert.deepEqual(initiatorLocation({ type: 'script', stack: { callFrames: [], parent: stack.stack } }), { url: `${PAGE}/src/api.js`, line: 12, column: 25, functionName: 'loadOrders' });
    const v8 = `Error\n    at HTMLImageElement.set [as src] (<anonymous>:9:50)\n    at show (${PAGE}/src/gallery.js:3:11)\n    at ${PAGE}/src/main.js:1:1`;
    assert.deepEqual(firstPageFrame(v8), { url: `${PAGE}/src/gallery.js`, line: 3, column: 11, functionName: 'show' });
  });
});

describe('source maps', () => {
  it('maps a generated position back to the original file and line (a map esbuild wrote)', () => {
    const source = ['// header', 'export async function load(api: string): Promise<unknown> {', '  const r = await fetch(api);', '  return r.json();', '}', ''].join('\n');
    const out = esbuild.transformSync(source, { loader: 'ts', sourcemap: 'inline', sourcefile: 'src/load.ts', format: 'iife', banner: '/* a banner line */\n/* and another */' });
    const mapUrl = sourceMappingUrl(out.code, `${PAGE}/assets/load.js`);
    assert.ok(mapUrl?.startsWith('data:application/json'));
    const map = new SourceMap(inlineSourceMap(mapUrl!)!, `${PAGE}/assets/load.js`);
    const lines = out.code.split('\n');
    const line = lines.findIndex((l) => l.includes('fetch(api)')) + 1;
    const column = lines[line - 1].indexOf('fetch') + 1;
    assert.deepEqual(map.originalPositionFor(line, column), { source: `${PAGE}/assets/src/load.ts`, line: 3, column: 19, name: undefined });
    assert.equal(map.originalPositionFor(1, 1), null, 'the banner maps nowhere');
  });

  it('reads index maps (sections)', () => {
    const inner = new SourceMap({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA;AACA' }, `${PAGE}/x.js.map`);
    assert.equal(inner.originalPositionFor(2, 1)?.line, 2);
    const indexed = new SourceMap({ version: 3, sections: [{ offset: { line: 10, column: 0 }, map: { version: 3, sources: ['b.ts'], names: [], mappings: 'AAAA;AACA' } }] }, `${PAGE}/x.js.map`);
    assert.deepEqual(indexed.originalPositionFor(12, 1), { source: `${PAGE}/b.ts`, line: 2, column: 1, name: undefined });
    assert.equal(indexed.originalPositionFor(3, 1), null);
  });
});
