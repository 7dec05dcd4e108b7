import { strict as assert } from 'node:assert';
import { readJsonLine, toJsonLine } from '../../../src/core/exchange/jsonl';
import { RecordBuilder } from '../../../src/core/exchange/record-builder';

const builder = new RecordBuilder();
import { rejudge } from '../../../src/core/exchange/rejudge';
import { StreamJudge } from '../../../src/core/exchange/stream-judge';
import type { ExchangeRecord } from '../../../src/core/exchange/types';
import { API, APP, capture, preflight } from './make-capture';

/** Records as a file holds them: unjudged wire data with ids. */
function fileRecords(n: number, t0 = Date.parse('2026-01-01T00:00:00Z')): ExchangeRecord[] {
  const out: ExchangeRecord[] = [];
  for (let i = 0; i < n; i++) {
    const at = t0 + i * 10;
    if (i % 3 === 0) {
      // A preflight that forgets PUT, then nothing (the browser stops there).
      out.push(builder.build(preflight(`/items/${i}`, 'PUT', at, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'GET']]), `${i}a`, 'preflight'));
    } else {
      const allow: Array<[string, string]> = i % 3 === 1 ? [['Access-Control-Allow-Origin', '*']] : [];
      out.push(builder.build(capture({ url: `${API}/r/${i}`, headers: [['Origin', APP]], at, responseHeaders: allow }), `${i}`, 'request'));
    }
  }
  return out;
}

describe('StreamJudge', () => {
  it('judges like rejudge() does for the whole list', () => {
    const records = fileRecords(300);
    const streamed: ExchangeRecord[] = [];
    const judge = new StreamJudge((r) => streamed.push(r));
    for (const r of records) judge.add(r);
    judge.finish();
    const whole = rejudge(records);
    assert.equal(streamed.length, whole.length);
    const verdicts = (list: ExchangeRecord[]) => list.map((r) => `${r.request.method} ${r.request.url} ${r.cors.verdict} ${r.cors.corsError}`).sort();
    assert.deepEqual(verdicts(streamed), verdicts(whole));
    assert.ok(streamed.some((r) => r.cors.corsError === 'MethodDisallowedByPreflightResponse'));
    assert.ok(streamed.some((r) => r.cors.corsError === 'MissingAllowOriginHeader'));
  });

  it('hands records on as it goes, holding a bounded number however long the input', () => {
    let emitted = 0;
    const maxHeld = 50;
    const judge = new StreamJudge(() => emitted++, { maxHeld });
    const records = fileRecords(5000);
    let maxBehind = 0;
    records.forEach((r, i) => {
      judge.add(r);
      maxBehind = Math.max(maxBehind, i + 1 - emitted);
    });
    assert.ok(maxBehind <= 2 * maxHeld + 2, `held at most ${maxBehind} records`);
    judge.finish();
    assert.equal(emitted, 5000);
  });

  it('pairs a preflight with its request even when the file lists the request first', () => {
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    const pre = builder.build(preflight('/items/1', 'PUT', t0, [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Methods', 'PUT']]), 'p', 'preflight');
    const req = builder.build(capture({ method: 'PUT', url: `${API}/items/1`, headers: [['Origin', APP]], at: t0 + 5, responseHeaders: [['Access-Control-Allow-Origin', APP]] }), 'r', 'request');
    const out: ExchangeRecord[] = [];
    const judge = new StreamJudge((r) => out.push(r));
    judge.add(req);
    judge.add(pre);
    judge.finish();
    assert.deepEqual(out.map((r) => r.type), ['preflight', 'request']);
    assert.ok(out[0].pairId && out[0].pairId === out[1].pairId);
    assert.equal(out[1].cors.verdict, 'pass');
  });

  it('drops a rewritten line (same id, the wire unchanged)', () => {
    const [first] = fileRecords(2).slice(1);
    const out: ExchangeRecord[] = [];
    const judge = new StreamJudge((r) => out.push(r));
    const line = toJsonLine(first);
    judge.add(readJsonLine(line, 1)!.record);
    judge.add(readJsonLine(line, 2)!.record);
    judge.finish();
    assert.equal(out.length, 1);
  });
});

describe('readJsonLine', () => {
  it('null for a blank line, "line N: not valid JSON" for a cut one', () => {
    assert.equal(readJsonLine('   ', 3), null);
    assert.throws(() => readJsonLine('{"request":{"method":"GE', 7), /^Error: line 7: not valid JSON$/);
  });
});
