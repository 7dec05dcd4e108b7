import { strict as assert } from 'node:assert';
import { judgeFlow } from '../../../src/core/cors';
import type { CorsFlow } from '../../../src/core/cors/types';
import type { HeaderList, WireExchange } from '../../../src/core/http/types';
import { JudgementCache } from '../../../src/core/exchange/judgement-cache';

const APP = 'http://localhost:5173';
const API = 'http://127.0.0.1:4000/api/widgets';

function get(responseHeaders: HeaderList, requestHeaders: HeaderList = [['Origin', APP]]): WireExchange {
  return {
    request: { method: 'GET', url: API, headers: requestHeaders, httpVersion: '1.1' },
    response: { status: 200, statusText: 'OK', headers: responseHeaders, httpVersion: '1.1' },
    error: null,
  };
}
const flow = (ex: WireExchange, complete = true): CorsFlow => ({ preflight: null, requests: [ex], complete });

describe('JudgementCache', () => {
  it('gives an identical flow the same judgement object, equal to judging afresh', () => {
    const cache = new JudgementCache();
    const a = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]])));
    const b = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]])));
    assert.equal(a, b);
    assert.deepEqual(a, judgeFlow(flow(get([['Access-Control-Allow-Origin', APP]]))));
  });

  it('judges afresh when anything the engine reads differs', () => {
    const cache = new JudgementCache();
    const allowed = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]])));
    const other = cache.judge(flow(get([['Access-Control-Allow-Origin', 'http://elsewhere.test']])));
    assert.notEqual(allowed.verdict, 'fail');
    assert.equal(other.verdict, 'fail');
    assert.equal(other.corsError, 'AllowOriginMismatch');
    // Same characters split differently between name and value must not collide.
    const x = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]], [['Origin', APP], ['X-A', 'b']])));
    const y = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]], [['Origin', APP], ['X-Ab', '']])));
    assert.notEqual(x, y);
    // Open and complete flows are judged separately.
    assert.notEqual(cache.judge(flow(get([['Access-Control-Allow-Origin', APP]]), false)), allowed);
  });

  it('tells apart flows that differ in one character', () => {
    const cache = new JudgementCache();
    const lookalike = 'http://lXcalhost:5173';
    assert.equal(lookalike.length, APP.length);
    const allowed = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]])));
    const mismatch = cache.judge(flow(get([['Access-Control-Allow-Origin', lookalike]])));
    assert.notEqual(allowed.verdict, 'fail');
    assert.equal(mismatch.corsError, 'AllowOriginMismatch');
    // Both stay cached side by side.
    assert.equal(cache.judge(flow(get([['Access-Control-Allow-Origin', APP]]))), allowed);
    assert.equal(cache.judge(flow(get([['Access-Control-Allow-Origin', lookalike]]))), mismatch);
  });

  it('keeps flows for many URLs side by side (a page polling several endpoints)', () => {
    const cache = new JudgementCache();
    const at = (i: number): CorsFlow => {
      const ex = get([['Access-Control-Allow-Origin', APP]]);
      return flow({ ...ex, request: { ...ex.request, url: `${API}/${i}` } });
    };
    const first = Array.from({ length: 50 }, (_, i) => cache.judge(at(i)));
    for (let i = 0; i < 50; i++) assert.equal(cache.judge(at(i)), first[i]);
  });

  it('stays bounded', () => {
    const cache = new JudgementCache(4);
    const first = cache.judge(flow(get([['Access-Control-Allow-Origin', APP]])));
    for (let i = 0; i < 10; i++) cache.judge(flow(get([['Access-Control-Allow-Origin', APP], ['X-N', String(i)]])));
    assert.notEqual(cache.judge(flow(get([['Access-Control-Allow-Origin', APP]]))), first);
  });
});
