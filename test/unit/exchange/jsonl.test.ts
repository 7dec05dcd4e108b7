import { strict as assert } from 'node:assert';
import { parseJsonLines, toJsonLine } from '../../../src/core/exchange/jsonl';
import { JsonLineWriter } from '../../../src/core/exchange/json-line-writer';
import { RecordBuilder } from '../../../src/core/exchange/record-builder';

const builder = new RecordBuilder();
import type { HeaderList } from '../../../src/core/http/types';
import type { ExchangeRecord as ExchangeRecordFields } from '../../../src/core/exchange/types';
import { Recorder } from '../../../src/core/exchange/recorder';
import { API, APP, capture, preflight } from './make-capture';

function session() {
  const rec = new Recorder();
  rec.add(preflight('/items/1', 'PATCH', 1000, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PATCH']]));
  rec.add(
    capture({
      method: 'PATCH',
      url: `${API}/items/1`,
      headers: [['Origin', APP], ['X-Trace', 'a'], ['x-trace', 'b']],
      responseHeaders: [['Access-Control-Allow-Origin', APP], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2']],
      at: 1100,
    }),
  );
  rec.add(capture({ url: `${API}/broken`, headers: [['Origin', APP]], at: 1200 }));
  return rec.list();
}

describe('JSON Lines', () => {
  it('writes one object per line with the agreed fields, lower-case header names and repeats as arrays', () => {
    const [pf, patch, broken] = session();
    const line = toJsonLine(patch);
    assert.ok(!line.includes('\n'));
    const obj = JSON.parse(line);
    for (const key of ['id', 'type', 'pairId', 'startedAt', 'durationMs', 'request', 'response', 'error', 'cors']) assert.ok(key in obj, key);
    assert.equal(obj.type, 'request');
    assert.equal(obj.pairId, pf.pairId);
    assert.deepEqual(obj.request.headers, { origin: APP, 'x-trace': ['a', 'b'] });
    assert.deepEqual(obj.response.headers['set-cookie'], ['a=1', 'b=2']);
    assert.equal(obj.response.headers['access-control-allow-origin'], APP);
    assert.equal(obj.error, null);
    for (const key of ['verdict', 'corsError', 'failedParameter', 'message', 'explanation', 'fix']) assert.ok(key in obj.cors, `cors.${key}`);

    const b = JSON.parse(toJsonLine(broken));
    assert.equal(b.cors.verdict, 'fail');
    assert.equal(b.cors.corsError, 'MissingAllowOriginHeader');
    assert.ok(b.cors.fix.some((f: { header: string }) => f.header.toLowerCase() === 'access-control-allow-origin'));
    assert.equal(JSON.parse(toJsonLine(pf)).type, 'preflight');
  });

  it('reads its own lines back, keeping judgements and pairs', () => {
    const records = session();
    const text = records.map(toJsonLine).join('\n') + '\n';
    const back = parseJsonLines(text);
    assert.equal(back.length, 3);
    back.forEach((b, i) => {
      assert.equal(b.id, records[i].id);
      assert.equal(b.pairId, records[i].pairId);
      assert.equal(b.cors.verdict, records[i].cors.verdict);
      assert.equal(b.request.url, records[i].request.url);
    });
    assert.deepEqual(back[1].request.headers, [['origin', APP], ['x-trace', 'a'], ['x-trace', 'b']]);
  });

  it('keeps the last line of a repeated id (a corrected judgement)', () => {
    const [pf] = session();
    const first = JSON.parse(toJsonLine(pf));
    const corrected = { ...first, cors: { ...first.cors, verdict: 'fail', corsError: 'PreflightWildcardOriginNotAllowed' } };
    const back = parseJsonLines(`${JSON.stringify(first)}\n\n${JSON.stringify(corrected)}\n`);
    assert.equal(back.length, 1);
    assert.equal(back[0].cors.corsError, 'PreflightWildcardOriginNotAllowed');
  });

  it('judges hand-written lines that carry no verdict', () => {
    const text = [
      { startedAt: '2026-01-01T00:00:00.000Z', request: { method: 'GET', url: `${API}/a`, headers: { origin: APP } }, response: { status: 200, headers: {} } },
      { startedAt: '2026-01-01T00:00:01.000Z', request: { method: 'GET', url: `${API}/b`, headers: {} }, response: { status: 200, headers: {} } },
    ].map((o) => JSON.stringify(o)).join('\n');
    const back = parseJsonLines(text);
    assert.equal(back[0].cors.corsError, 'MissingAllowOriginHeader');
    assert.equal(back[1].cors.verdict, 'not-cors');
  });

  it('says which line is wrong', () => {
    assert.throws(() => parseJsonLines('{"request":{"method":"GET","url":"http://x/"}}\n{oops'), /line 2: not valid JSON/);
    assert.throws(() => parseJsonLines('{"id":1}'), /line 1: missing request.method or request.url/);
    assert.throws(() => parseJsonLines('\n\n'), /no JSON lines found/);
  });
});

describe('JsonLineWriter', () => {
  it('writes exactly what toJsonLine writes, frozen (shared) header lists or not', () => {
    const writer = new JsonLineWriter();
    const shared = Object.freeze([Object.freeze(['Access-Control-Allow-Origin', '*']), Object.freeze(['Vary', 'Origin'])]) as unknown as HeaderList;
    const records = [1, 2, 3].map((i) => {
      const r = builder.build(capture({ url: `${API}/r/${i}`, headers: [['Origin', APP]], at: 1000 + i }), String(i), 'request');
      if (i < 3) r.response!.headers = shared;
      return r;
    });
    for (const r of records) assert.equal(writer.line(r), toJsonLine(r));
    assert.deepEqual(JSON.parse(writer.line(records[1])).response.headers, { 'access-control-allow-origin': '*', vary: 'Origin' });
  });

  it('writes what toJsonLine writes for every field a record can carry, shared judgements and lists reused or not', () => {
    const writer = new JsonLineWriter();
    const frozen = Object.freeze([Object.freeze(['Access-Control-Allow-Origin', APP]), Object.freeze(['X-Note', 'quote " backslash \\ <b>é\u2028'])]) as unknown as HeaderList;
    const records = [...session(), ...session()];
    const full = builder.build(capture({ url: `${API}/full?q="x"`, headers: [['Origin', APP], ['Cookie', 'a=1']], at: 5000 }), '99', 'request');
    full.response = { ...full.response!, headers: frozen, statusText: 'Fine', informational: [{ status: 103, headers: [['Link', '</a.css>; rel=preload']] }], trailers: [['Server-Timing', 'db;dur=1']] };
    full.notices = [{ code: 'EBADREASON', message: 'reason phrase "Fine" replaced' }];
    full.preflightCached = true;
    full.timings = { waitMs: 1.5, receiveMs: 0.25 };
    full.initiator = { url: 'http://localhost:5173/app.js', line: 3, column: 7 } as ExchangeRecordFields['initiator'];
    full.taintedCanvas = { message: 'tainted' };
    full.pending = true;
    const failed = builder.build(capture({ url: `${API}/down`, headers: [['Origin', APP]], at: 6000 }), '100', 'request');
    failed.response = null;
    failed.error = { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' };
    const emptyTrailers = builder.build(capture({ url: `${API}/t`, headers: [['Origin', APP]], at: 7000 }), '101', 'request');
    emptyTrailers.response!.trailers = [];
    for (const r of [...records, full, failed, emptyTrailers, full, records[0], records[1]]) {
      assert.equal(writer.line(r), toJsonLine(r));
    }
  });

  it('reuses a repeated request or response part only while nothing in it differs', () => {
    const writer = new JsonLineWriter();
    const freeze = (lines: Array<[string, string]>) => Object.freeze(lines.map((l) => Object.freeze(l))) as unknown as HeaderList;
    const requestHeaders = freeze([['Origin', APP]]);
    const responseHeaders = freeze([['Access-Control-Allow-Origin', APP]]);
    let at = 9000;
    const next = (change: (r: ExchangeRecordFields) => void = () => undefined): ExchangeRecordFields => {
      const r = builder.build(capture({ url: `${API}/poll`, headers: [['Origin', APP]], at: at++ }), String(at), 'request');
      r.request.headers = requestHeaders;
      r.response!.headers = responseHeaders;
      change(r);
      return r;
    };
    const mutable: Array<[string, string]> = [['Origin', APP]];
    const records = [
      next(),
      next(),
      next((r) => (r.request.url = `${API}/poll?page=2`)),
      next((r) => (r.request.method = 'PUT')),
      next((r) => (r.request.body = { size: 2, preview: 'e30=', truncated: false })),
      next((r) => (r.request.body = { size: 2, preview: 'e30=', truncated: true })),
      next((r) => (r.response!.status = 201)),
      next((r) => (r.response!.statusText = 'Created')),
      next((r) => (r.response!.body = { size: 3, preview: 'WzFd', truncated: false })),
      next((r) => (r.response!.body = { size: 3, preview: 'WzJd', truncated: false })),
      next((r) => (r.response!.body = undefined)),
      next((r) => (r.response!.headers = freeze([['Access-Control-Allow-Origin', '*']]))),
      next((r) => (r.request.headers = mutable)),
      next((r) => (r.request.headers = mutable)),
      next(),
    ];
    for (const [i, r] of records.entries()) {
      // A list that is not frozen may change between lines: the next line must show it.
      if (i === 13) mutable.push(['X-Late', 'yes']);
      assert.equal(writer.line(r), toJsonLine(r), `line ${i}`);
    }
  });

  it('hands out the same text in pieces, ending with a line feed', () => {
    const writer = new JsonLineWriter();
    for (const r of [...session(), ...session()]) {
      const pieces: string[] = [];
      writer.writeLine(r, (piece) => pieces.push(piece));
      assert.equal(pieces.join(''), `${toJsonLine(r)}\n`);
    }
  });
});

