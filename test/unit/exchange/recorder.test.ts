import { strict as assert } from 'node:assert';
import { Recorder } from '../../../src/core/exchange/recorder';
import type { ExchangeRecord } from '../../../src/core/exchange/types';
import { API, APP, capture, preflight } from './make-capture';

const ALLOW_PUT: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', APP],
  ['Access-Control-Allow-Methods', 'PUT'],
];

function events(recorder: Recorder): Array<[string, string]> {
  const seen: Array<[string, string]> = [];
  recorder.onRecord((r, change) => seen.push([r.id, change]));
  return seen;
}

describe('Recorder', () => {
  it('pairs a preflight with the actual request that follows it', () => {
    const rec = new Recorder();
    const seen = events(rec);
    const pf = rec.add(preflight('/items/1', 'PUT', 1000, ALLOW_PUT));
    assert.equal(pf.type, 'preflight');
    assert.equal(pf.pending, true, 'a preflight stays open until its request or the window ends');
    const put = rec.add(
      capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', APP]], responseHeaders: [['Access-Control-Allow-Origin', APP]], at: 1100 }),
    );
    assert.equal(put.type, 'request');
    assert.ok(put.pairId);
    assert.equal(pf.pairId, put.pairId);
    assert.equal(pf.pending, undefined);
    assert.equal(rec.pairOf(pf), put);
    assert.equal(rec.pairOf(put), pf);
    assert.equal(put.preflightCached, undefined);
    assert.equal(put.cors.verdict, 'pass');
    assert.equal(pf.cors.verdict, 'pass');
    assert.deepEqual(seen, [[pf.id, 'added'], [put.id, 'added'], [pf.id, 'updated']]);
    assert.equal(rec.failingCount, 0);
  });

  it('does not pair across origins, URLs or a method other than the requested one', () => {
    const rec = new Recorder();
    const pf = rec.add(preflight('/items/1', 'PUT', 1000, ALLOW_PUT));
    const otherOrigin = rec.add(capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', 'http://evil.test']], at: 1010 }));
    const otherUrl = rec.add(capture({ method: 'PUT', url: `${API}/items/2`, headers: [['Origin', APP]], at: 1020 }));
    const otherMethod = rec.add(capture({ method: 'DELETE', url: `${API}/items/1`, headers: [['Origin', APP]], at: 1030 }));
    for (const r of [otherOrigin, otherUrl, otherMethod]) assert.equal(r.pairId, null, r.request.url);
    assert.equal(pf.pairId, null);
    assert.equal(pf.pending, true);
  });

  it('marks an actual request that needed a preflight but had none as served from the preflight cache', () => {
    const rec = new Recorder();
    const put = rec.add(
      capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', APP]], responseHeaders: [['Access-Control-Allow-Origin', APP]], at: 1000 }),
    );
    assert.equal(put.preflightCached, true);
    assert.equal(put.pairId, null);
    // A simple GET needs no preflight, so it is never "cached".
    const get = rec.add(capture({ url: `${API}/items`, headers: [['Origin', APP]], responseHeaders: [['Access-Control-Allow-Origin', APP]], at: 1100 }));
    assert.equal(get.preflightCached, undefined);
  });

  it('does not pair a request that starts after the pairing window; it counts as cached instead', () => {
    const rec = new Recorder({ pairingWindowMs: 500 });
    const pf = rec.add(preflight('/items/1', 'PUT', 1000, ALLOW_PUT));
    const put = rec.add(capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', APP]], responseHeaders: [['Access-Control-Allow-Origin', APP]], at: 1600 }));
    assert.equal(put.pairId, null);
    assert.equal(put.preflightCached, true);
    assert.equal(pf.pending, undefined, 'the late request concluded the preflight first');
  });

  it('concludes a preflight without follower on tick and lets the engine turn its tentative pass into a failure', () => {
    const rec = new Recorder({ pairingWindowMs: 2000 });
    const seen = events(rec);
    // Passes for a request without credentials; a credentialed one would be refused.
    const pf = rec.add(preflight('/items/1', 'PUT', 1000, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]));
    assert.equal(pf.pending, true);
    assert.notEqual(pf.cors.verdict, 'fail');
    assert.equal(rec.failingCount, 0);
    rec.tick(2000); // window (ends at 1005 + 2000) not over yet
    assert.equal(pf.pending, true);
    assert.equal(seen.length, 1);
    rec.tick(3006);
    assert.equal(pf.pending, undefined);
    assert.equal(pf.cors.verdict, 'fail');
    assert.equal(pf.cors.corsError, 'PreflightWildcardOriginNotAllowed');
    assert.deepEqual(seen, [[pf.id, 'added'], [pf.id, 'updated']]);
    assert.equal(rec.failingCount, 1);
  });

  it('concludes a failing preflight at once (no browser sends the request after it)', () => {
    const rec = new Recorder();
    const pf = rec.add(preflight('/items/1', 'PUT', 1000, []));
    assert.equal(pf.pending, undefined);
    assert.equal(pf.cors.verdict, 'fail');
    assert.equal(pf.cors.corsError, 'PreflightMissingAllowOriginHeader');
    assert.equal(rec.failingCount, 1);
  });

  it('joins redirect hops to their flow by Location, including the tainted "null" origin hop', () => {
    const rec = new Recorder();
    const seen = events(rec);
    const first = rec.add(
      capture({
        url: `${API}/old`,
        headers: [['Origin', APP]],
        status: 302,
        responseHeaders: [['Location', 'http://cdn.test/new?x=1'], ['Access-Control-Allow-Origin', APP]],
        at: 1000,
      }),
    );
    assert.equal(first.pending, true, 'a CORS redirect waits for its next hop');
    const second = rec.add(
      capture({
        url: 'http://cdn.test/new?x=1',
        headers: [['Origin', 'null']],
        status: 307,
        responseHeaders: [['Location', '/final'], ['Access-Control-Allow-Origin', '*']],
        at: 1010,
      }),
    );
    const third = rec.add(capture({ url: 'http://cdn.test/final', headers: [['Origin', 'null']], responseHeaders: [['Access-Control-Allow-Origin', '*']], at: 1020 }));
    assert.ok(first.pairId);
    assert.equal(second.pairId, first.pairId);
    assert.equal(third.pairId, first.pairId);
    for (const r of [first, second, third]) assert.equal(r.pending, undefined);
    assert.equal(rec.pairOf(first), second);
    assert.ok(seen.some(([id, c]) => id === first.id && c === 'updated'));
  });

  it('puts the preflight Chromium sends after a redirect into the redirected flow', () => {
    const rec = new Recorder();
    const put = rec.add(
      capture({
        method: 'PUT',
        url: `${API}/old`,
        headers: [['Origin', APP], ['Content-Type', 'application/json']],
        status: 307,
        responseHeaders: [['Location', 'http://cdn.test/new'], ['Access-Control-Allow-Origin', APP]],
        at: 1000,
      }),
    );
    // The redirect goes to another origin, so the origin is now "null" and the new URL needs its own preflight.
    const pf = rec.add(
      capture({
        method: 'OPTIONS',
        url: 'http://cdn.test/new',
        headers: [['Origin', 'null'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'content-type']],
        status: 204,
        responseHeaders: [['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'content-type']],
        at: 1010,
      }),
    );
    assert.equal(pf.type, 'preflight');
    assert.equal(pf.pairId, put.pairId);
    assert.ok(pf.pairId);
    assert.equal(pf.pending, true, 'waits for the redirected request');
    const second = rec.add(
      capture({
        method: 'PUT',
        url: 'http://cdn.test/new',
        headers: [['Origin', 'null'], ['Content-Type', 'application/json']],
        responseHeaders: [['Access-Control-Allow-Origin', 'null']],
        at: 1020,
      }),
    );
    assert.equal(second.pairId, put.pairId);
    for (const r of [put, pf, second]) assert.equal(r.pending, undefined);
    assert.equal(second.cors.verdict, 'pass');
    assert.equal(pf.cors.verdict, 'pass');
  });

  it('a redirect whose next hop never comes is concluded on tick', () => {
    const rec = new Recorder({ pairingWindowMs: 100 });
    const r = rec.add(capture({ url: `${API}/old`, headers: [['Origin', APP]], status: 301, responseHeaders: [['Location', '/x'], ['Access-Control-Allow-Origin', APP]], at: 0 }));
    assert.equal(r.pending, true);
    rec.tick(10_000);
    assert.equal(r.pending, undefined);
  });

  it('records traffic without Origin as not-cors, unpaired', () => {
    const rec = new Recorder();
    const r = rec.add(capture({ url: `${API}/health`, at: 0 }));
    assert.equal(r.cors.verdict, 'not-cors');
    assert.equal(r.pairId, null);
    assert.equal(r.pending, undefined);
    assert.equal(rec.pairOf(r), undefined);
  });

  it('keeps headers as seen, bodies as base64 previews with sizes, and timings', () => {
    const rec = new Recorder();
    const r = rec.add(
      capture({
        method: 'POST',
        url: `${API}/echo`,
        headers: [['X-Custom-Case', 'A'], ['x-custom-case', 'B']],
        requestBody: 'hello',
        responseBody: '{"ok":true}',
        at: Date.UTC(2026, 0, 2, 3, 4, 5),
        durationMs: 12,
      }),
    );
    assert.deepEqual(r.request.headers, [['X-Custom-Case', 'A'], ['x-custom-case', 'B']]);
    assert.equal(r.request.body?.size, 5);
    assert.equal(Buffer.from(r.request.body!.preview!, 'base64').toString(), 'hello');
    assert.equal(Buffer.from(r.response!.body!.preview!, 'base64').toString(), '{"ok":true}');
    assert.equal(r.startedAt, '2026-01-02T03:04:05.000Z');
    assert.equal(r.durationMs, 12);
    assert.deepEqual(r.timings, { waitMs: 3, receiveMs: 9 });
  });

  it('records an upstream failure with its error and no response', () => {
    const rec = new Recorder();
    const r = rec.add(capture({ url: `${API}/x`, headers: [['Origin', APP]], status: null, at: 0 }));
    assert.equal(r.response, null);
    assert.equal(r.error?.code, 'ECONNREFUSED');
    assert.equal(r.cors.verdict, 'fail');
  });

  it('keeps only the last maxExchanges records and forgets failures that fell out', () => {
    const rec = new Recorder({ maxExchanges: 3 });
    const failing = rec.add(preflight('/a', 'PUT', 0, [])); // fails
    assert.equal(rec.failingCount, 1);
    const ids: string[] = [failing.id];
    for (let i = 1; i <= 4; i++) ids.push(rec.add(capture({ url: `${API}/n${i}`, at: i * 10 })).id);
    const kept = rec.list().map((r) => r.id);
    assert.deepEqual(kept, ids.slice(-3));
    assert.equal(rec.get(ids[0]), undefined);
    assert.equal(rec.get(ids[1]), undefined);
    assert.ok(rec.get(ids[4]));
    assert.equal(rec.failingCount, 0);
  });

  it('stays bounded over many exchanges, including preflights that never get a request', () => {
    const rec = new Recorder({ maxExchanges: 100, pairingWindowMs: 50 });
    for (let i = 0; i < 5_000; i++) {
      if (i % 2) rec.add(preflight(`/p${i % 7}`, 'PUT', i, ALLOW_PUT));
      else rec.add(capture({ url: `${API}/n${i}`, headers: [['Origin', APP]], at: i }));
      if (i % 100 === 0) rec.tick(i);
    }
    assert.equal(rec.list().length, 100);
    // The internal wait lists must not grow with traffic either.
    const internals = rec as unknown as { open: Map<string, unknown[]>; expiries: unknown[] };
    const waiting = [...internals.open.values()].reduce((n, l) => n + l.length, 0);
    assert.ok(waiting <= 100, `open waits: ${waiting}`);
    assert.ok(internals.expiries.length < 3000, `expiry queue: ${internals.expiries.length}`);
  });

  it('drops the oldest body previews past maxPreviewBytes, keeping sizes', () => {
    const rec = new Recorder({ maxExchanges: 100, maxPreviewBytes: 4000 });
    const big = 'x'.repeat(1500); // 2000 base64 characters
    const records = [0, 1, 2, 3].map((i) => rec.add(capture({ url: `${API}/b${i}`, responseBody: big, at: i })));
    assert.equal(records[0].response?.body?.preview, undefined, 'oldest preview dropped');
    assert.equal(records[1].response?.body?.preview, undefined);
    assert.equal(records[0].response?.body?.size, 1500);
    assert.equal(records[0].response?.body?.truncated, true);
    assert.equal(Buffer.from(records[3].response!.body!.preview!, 'base64').toString(), big);
    assert.ok(records[2].response?.body?.preview);
  });

  it("gives evicted records' preview bytes back to the budget", () => {
    // 5000 small previews pass through a ring of 10; only what is held counts against 4000.
    const rec = new Recorder({ maxExchanges: 10, maxPreviewBytes: 4000 });
    for (let i = 0; i < 5000; i++) rec.add(capture({ url: `${API}/s${i}`, responseBody: 'small', at: i }));
    const big = rec.add(capture({ url: `${API}/big`, responseBody: 'x'.repeat(1500), at: 5000 }));
    assert.ok(big.response?.body?.preview, 'a preview within budget is kept');
    const held = rec.list();
    assert.equal(held.length, 10);
    assert.ok(held.every((r) => r.response?.body?.preview), 'no held record lost its preview');
  });

  it('keeps each body preview exact when records share the text of equal ones', () => {
    const rec = new Recorder();
    const long = (last: string) => 'x'.repeat(299) + last; // past the short-body comparison
    const bodies = ['abc', 'abd', 'abd', 'abc', '', 'abc', long('1'), long('2'), long('2'), long('1'), Buffer.from([0, 255, 1]).toString('latin1')];
    const records = bodies.map((b, i) => rec.add(capture({ url: `${API}/b${i}`, responseBody: b, at: i })));
    records.forEach((r, i) => {
      const preview = r.response?.body?.preview;
      assert.equal(preview === undefined ? '' : Buffer.from(preview, 'base64').toString(), bodies[i], `record ${i}`);
    });
    // Equal neighbours share one string; unequal ones never do.
    assert.equal(records[2].response?.body?.preview, records[1].response?.body?.preview);
    assert.notEqual(records[1].response?.body?.preview, records[0].response?.body?.preview);
    assert.notEqual(records[7].response?.body?.preview, records[6].response?.body?.preview);
  });

  it('finds records by id, and never gives out an id twice (clear, import)', () => {
    const rec = new Recorder({ maxExchanges: 3 });
    const given = new Set<string>();
    const note = (r: ExchangeRecord) => {
      assert.ok(!given.has(r.id), `id ${r.id} given out again`);
      given.add(r.id);
    };
    rec.onRecord((r, change) => change === 'added' && note(r));
    const first = rec.add(capture({ url: `${API}/1`, at: 0 }));
    assert.equal(rec.get(first.id), first);
    for (let i = 2; i <= 4; i++) rec.add(capture({ url: `${API}/${i}`, at: i }));
    assert.equal(rec.get(first.id), undefined, 'evicted');
    assert.equal(rec.get('nope'), undefined);
    rec.clear();
    // A file whose ids run ahead of ours ("5" to "7"): live records added later must not reuse them.
    const source = new Recorder();
    for (let i = 0; i < 7; i++) source.add(capture({ url: `${API}/file${i}`, at: i }));
    rec.importRecords(source.list().slice(4));
    for (let i = 0; i < 2; i++) rec.add(capture({ url: `${API}/after${i}`, at: 10 + i }));
    for (const r of rec.list()) {
      assert.equal(rec.get(r.id), r);
      assert.equal(rec.get(` ${r.id}`), undefined, 'only the exact id finds it');
      assert.equal(rec.get(`${r.id}.0`), undefined);
    }
  });

  it('counts failing flows once, not per record', () => {
    const rec = new Recorder();
    // A redirect flow whose second hop fails: one failing flow with two records.
    rec.add(capture({ url: `${API}/old`, headers: [['Origin', APP]], status: 302, responseHeaders: [['Location', `${API}/new`], ['Access-Control-Allow-Origin', APP]], at: 0 }));
    const second = rec.add(capture({ url: `${API}/new`, headers: [['Origin', APP]], at: 10 }));
    assert.equal(second.cors.verdict, 'fail');
    assert.equal(rec.failingCount, 1);
    rec.add(capture({ url: `${API}/other`, headers: [['Origin', APP]], at: 20 }));
    assert.equal(rec.failingCount, 2);
  });

  it('clear() empties everything and tells listeners; unsubscribe works', () => {
    const rec = new Recorder();
    let cleared = 0;
    let added = 0;
    const off = rec.onRecord(() => added++);
    rec.onClear(() => cleared++);
    rec.add(preflight('/a', 'PUT', 0, []));
    rec.clear();
    assert.equal(cleared, 1);
    assert.deepEqual(rec.list(), []);
    assert.equal(rec.failingCount, 0);
    off();
    rec.add(capture({ url: `${API}/x`, at: 5 }));
    assert.equal(added, 1);
    assert.equal(rec.list().length, 1);
  });

  it('importRecords keeps judged records, their pairs and failing flows', () => {
    const source = new Recorder();
    source.add(preflight('/items/1', 'PUT', 1000, ALLOW_PUT));
    source.add(capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', APP]], at: 1100 }));
    const records: ExchangeRecord[] = source.list();
    assert.equal(source.failingCount, 1);
    const target = new Recorder();
    target.add(capture({ url: `${API}/live`, at: 0 })); // takes id "1", which the import also uses
    target.importRecords(records);
    const list = target.list();
    assert.equal(list.length, 3);
    assert.equal(new Set(list.map((r) => r.id)).size, 3, 'ids stay unique');
    const pf = list.find((r) => r.type === 'preflight')!;
    assert.equal(target.pairOf(pf)?.request.method, 'PUT');
    assert.equal(target.failingCount, 1);
  });

  it('importRecords twice keeps the two copies as separate pairs', () => {
    const source = new Recorder();
    source.add(preflight('/items/1', 'PUT', 1000, ALLOW_PUT));
    source.add(capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', APP]], at: 1100 }));
    const records: ExchangeRecord[] = source.list();
    const target = new Recorder();
    target.importRecords(records);
    target.importRecords(records);
    const pairs = target.list().map((r) => r.pairId);
    assert.equal(pairs.length, 4);
    assert.ok(pairs.every((p) => p !== null));
    assert.equal(new Set(pairs).size, 2, `one pair id per imported flow: ${pairs.join(',')}`);
    assert.equal(pairs[0], pairs[1]);
    assert.equal(target.failingCount, 2);
  });

  it("judges the proxy's own answer as Chromium would, without a server fix, and says the server never saw it", () => {
    const rec = new Recorder();
    const refusedCapture = capture({ url: `${API}/big`, headers: [['Origin', APP]], status: 431, responseHeaders: [['Content-Type', 'text/plain'], ['X-Cors-Inspector', 'proxy-error']], at: 1000 });
    refusedCapture.error = { code: 'EHEADTOOLARGE', message: 'the request head is larger than the limit; the proxy answered 431 and did not forward it' };
    const refused = rec.add(refusedCapture);
    assert.equal(refused.cors.verdict, 'fail');
    assert.equal(refused.cors.corsError, 'MissingAllowOriginHeader');
    assert.deepEqual(refused.cors.fix, []);
    assert.match(refused.cors.explanation, /proxy answered this request itself \(EHEADTOOLARGE: .*never reached the server/);
    // The same answer from the server keeps its fix.
    const fromServer = rec.add(capture({ url: `${API}/big`, headers: [['Origin', APP]], status: 431, responseHeaders: [['Content-Type', 'text/plain']], at: 1100 }));
    assert.equal(fromServer.cors.corsError, 'MissingAllowOriginHeader');
    assert.ok(fromServer.cors.fix.length > 0);
  });
});

