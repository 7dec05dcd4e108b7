import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHar, toHar } from '../../../src/core/exchange/har';
import { Recorder } from '../../../src/core/exchange/recorder';
import type { ExchangeRecord } from '../../../src/core/exchange/types';
import { API, APP, capture, preflight } from './make-capture';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name), 'utf8');

type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The fields HAR 1.2 requires, checked field by field. */
function assertValidHar(har: Obj): void {
  assert.equal(har.log.version, '1.2');
  assert.equal(typeof har.log.creator.name, 'string');
  assert.equal(typeof har.log.creator.version, 'string');
  assert.ok(Array.isArray(har.log.entries));
  for (const e of har.log.entries as Obj[]) {
    assert.ok(!Number.isNaN(Date.parse(e.startedDateTime)), 'startedDateTime');
    assert.equal(typeof e.time, 'number');
    for (const k of ['method', 'url', 'httpVersion']) assert.equal(typeof e.request[k], 'string', `request.${k}`);
    for (const k of ['headers', 'queryString', 'cookies']) assert.ok(Array.isArray(e.request[k]), `request.${k}`);
    assert.equal(typeof e.request.headersSize, 'number');
    assert.equal(typeof e.request.bodySize, 'number');
    for (const k of ['status', 'headersSize', 'bodySize']) assert.equal(typeof e.response[k], 'number', `response.${k}`);
    for (const k of ['statusText', 'httpVersion', 'redirectURL']) assert.equal(typeof e.response[k], 'string', `response.${k}`);
    for (const k of ['headers', 'cookies']) assert.ok(Array.isArray(e.response[k]), `response.${k}`);
    assert.equal(typeof e.response.content.size, 'number');
    assert.equal(typeof e.response.content.mimeType, 'string');
    assert.equal(typeof e.cache, 'object');
    for (const k of ['send', 'wait', 'receive']) assert.equal(typeof e.timings[k], 'number', `timings.${k}`);
    for (const h of [...e.request.headers, ...e.response.headers]) {
      assert.equal(typeof h.name, 'string');
      assert.equal(typeof h.value, 'string');
    }
  }
}

function recordSession(): ExchangeRecord[] {
  const rec = new Recorder();
  rec.add(
    preflight(
      '/items/1?draft=true&tag=a%20b',
      'PUT',
      1000,
      [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'authorization, content-type']],
      [['Access-Control-Request-Headers', 'authorization,content-type']],
    ),
  );
  rec.add(
    capture({
      method: 'PUT',
      url: `${API}/items/1?draft=true&tag=a%20b`,
      headers: [['Origin', APP], ['Authorization', 'Bearer secret-token'], ['Cookie', 'sid=abc; theme=dark'], ['Content-Type', 'application/json']],
      requestBody: '{"name":"x"}',
      responseHeaders: [['Access-Control-Allow-Origin', APP], ['Set-Cookie', 'sid=new-secret; Path=/; HttpOnly; SameSite=None; Secure']],
      responseBody: Buffer.from([0, 1, 2, 250]).toString('latin1'),
      at: 1100,
    }),
  );
  rec.add(capture({ url: `${API}/orders`, headers: [['Origin', APP]], at: 1200 })); // no ACAO: fails
  rec.add(capture({ url: `${API}/down`, headers: [['Origin', APP]], status: null, at: 1300 }));
  rec.tick(Number.MAX_SAFE_INTEGER);
  return rec.list();
}

describe('HAR export', () => {
  it('writes valid HAR 1.2 with our verdict, pair and type on every entry', () => {
    const records = recordSession();
    const har = toHar(records) as Obj;
    assertValidHar(har);
    assert.equal(har.log.entries.length, records.length);
    const [pf, put, orders, down] = har.log.entries as Obj[];
    assert.equal(pf._type, 'preflight');
    assert.equal(put._type, 'request');
    assert.ok(pf._pairId && pf._pairId === put._pairId);
    assert.equal(orders._cors.verdict, 'fail');
    assert.equal(orders._cors.corsError, 'MissingAllowOriginHeader');
    assert.deepEqual(put.request.queryString, [{ name: 'draft', value: 'true' }, { name: 'tag', value: 'a b' }]);
    assert.equal(put.request.postData.text, '{"name":"x"}');
    assert.equal(put.request.postData.mimeType, 'application/json');
    assert.equal(put.response.content.encoding, 'base64', 'binary bodies are base64');
    assert.equal(down.response.status, 0);
    assert.equal(down._errorCode, 'ECONNREFUSED');
  });

  it('masks Authorization, Cookie and Set-Cookie values by default, and keeps them with maskSensitive: false', () => {
    const records = recordSession();
    const masked = JSON.stringify(toHar(records));
    for (const secret of ['secret-token', 'sid=abc', 'new-secret', 'dark']) assert.ok(!masked.includes(secret), `${secret} leaked`);
    const put = (toHar(records) as Obj).log.entries[1];
    const header = (list: Obj[], name: string) => list.find((h) => h.name === name)?.value;
    assert.equal(header(put.request.headers, 'Authorization'), 'Bearer <masked>');
    assert.equal(header(put.request.headers, 'Cookie'), 'sid=<masked>; theme=<masked>');
    assert.equal(header(put.response.headers, 'Set-Cookie'), 'sid=<masked>; Path=/; HttpOnly; SameSite=None; Secure');
    assert.deepEqual(put.request.cookies.map((c: Obj) => c.value), ['<masked>', '<masked>']);
    // The recorded data itself is untouched.
    assert.equal(records[1].request.headers[1][1], 'Bearer secret-token');

    const open = JSON.stringify(toHar(records, { maskSensitive: false }));
    for (const secret of ['secret-token', 'sid=abc; theme=dark', 'sid=new-secret']) assert.ok(open.includes(secret), `${secret} missing`);
  });

  it('round-trips: importing our own HAR gives the same exchanges, verdicts and pairs', () => {
    const records = recordSession();
    const back = fromHar(JSON.parse(JSON.stringify(toHar(records, { maskSensitive: false }))));
    assert.equal(back.length, records.length);
    records.forEach((r, i) => {
      const b = back[i];
      assert.equal(b.type, r.type);
      assert.equal(b.request.method, r.request.method);
      assert.equal(b.request.url, r.request.url);
      assert.deepEqual(b.request.headers, r.request.headers);
      assert.equal(b.response?.status, r.response?.status);
      assert.deepEqual(b.response?.headers, r.response?.headers);
      assert.equal(b.cors.verdict, r.cors.verdict, `${r.request.method} ${r.request.url}`);
      assert.equal(b.cors.corsError, r.cors.corsError);
      assert.equal(b.startedAt, r.startedAt);
      assert.equal(b.request.body?.preview, r.request.body?.preview);
      assert.equal(b.response?.body?.preview, r.response?.body?.preview);
    });
    assert.ok(back[0].pairId && back[0].pairId === back[1].pairId);
    assert.equal(back[3].error?.code, 'ECONNREFUSED');
  });
});

describe('HAR import', () => {
  it('judges a Chrome DevTools HAR: skips data: URLs, drops HTTP/2 pseudo-headers, pairs preflights listed after their request', () => {
    const records = fromHar(fixture('chrome.har'));
    const byKey = (method: string, path: string) => records.find((r) => r.request.method === method && r.request.url.endsWith(path))!;
    assert.equal(records.length, 7, 'data: entry skipped');
    assert.ok(!records.some((r) => r.request.url.startsWith('data:')));

    assert.equal(byKey('GET', '5173/').cors.verdict, 'not-cors');
    assert.notEqual(byKey('GET', '/api/users').cors.verdict, 'fail');
    const orders = byKey('GET', '/api/orders');
    assert.equal(orders.cors.corsError, 'MissingAllowOriginHeader');

    const putPreflight = byKey('OPTIONS', '/api/users/7');
    const put = byKey('PUT', '/api/users/7');
    assert.equal(putPreflight.type, 'preflight');
    assert.equal(putPreflight.cors.corsError, 'MethodDisallowedByPreflightResponse');
    assert.equal(putPreflight.cors.failedParameter, 'PUT');
    assert.ok(put.pairId && put.pairId === putPreflight.pairId, 'the unsent PUT belongs to its preflight');
    assert.equal(put.response, null);
    assert.equal(put.error?.code, 'net::ERR_FAILED');
    assert.equal(put.startedAt, '2026-11-22T15:00:01.000Z', 'original start time kept');

    const del = byKey('DELETE', '/api/users/8');
    const delPreflight = byKey('OPTIONS', '/api/users/8');
    assert.ok(!del.request.headers.some(([n]) => n.startsWith(':')));
    assert.equal(del.request.httpVersion, '2.0', 'stored like Node reports it');
    assert.ok(del.pairId && del.pairId === delPreflight.pairId);
    assert.equal(del.preflightCached, undefined);
    assert.equal(del.cors.verdict, 'pass');
  });

  it('judges a Firefox HAR with offset timestamps and missing optional fields', () => {
    const records = fromHar(fixture('firefox.har'));
    assert.equal(records.length, 4);
    const [items, me, delPf, del] = records;
    assert.equal(items.type, 'preflight');
    assert.equal(items.cors.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.equal(items.cors.failedParameter, 'x-api-key');
    assert.equal(me.cors.corsError, 'WildcardOriginNotAllowed', 'the Cookie header means credentials mode include');
    assert.equal(me.startedAt, '2026-11-22T15:10:02.000Z');
    assert.ok(delPf.pairId && delPf.pairId === del.pairId);
    assert.equal(del.cors.verdict, 'pass');
  });

  it('reads a HAR that Playwright recorded from real Chromium (status -1 and _failureText for blocked fetches)', () => {
    const records = fromHar(fixture('playwright-chromium.har'));
    assert.equal(records.length, 6);
    const orders = records.find((r) => r.request.url.endsWith('/api/orders'))!;
    assert.equal(orders.response, null, 'status -1 without headers is no response');
    assert.equal(orders.error?.code, 'net::ERR_FAILED');
    const post = records.find((r) => r.request.method === 'POST')!;
    assert.equal(post.response?.status, 201);
    assert.equal(post.preflightCached, true, 'Playwright lists no preflights');
    assert.notEqual(post.cors.verdict, 'fail');
  });

  it('rejects input that is not a HAR with a clear message', () => {
    assert.throws(() => fromHar('not json'), /not a HAR file: the text is not valid JSON/);
    assert.throws(() => fromHar({ hello: 1 }), /not a HAR file: expected a JSON object with a "log" property/);
    assert.throws(() => fromHar({ log: {} }), /"log.entries" is missing/);
    assert.throws(() => fromHar([1, 2]), /not a HAR file/);
    assert.throws(() => fromHar({ log: { entries: [{ request: {} }] } }), /HAR entry 0 has no request.method\/request.url/);
  });

  it('tolerates entries without response, headers or timings', () => {
    const records = fromHar({ log: { entries: [{ request: { method: 'GET', url: `${API}/x` } }] } });
    assert.equal(records.length, 1);
    assert.equal(records[0].response, null);
    assert.equal(records[0].cors.verdict, 'not-cors');
  });
});
