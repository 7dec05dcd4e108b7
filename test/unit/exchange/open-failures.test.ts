import { strict as assert } from 'node:assert';
import { Recorder } from '../../../src/core/exchange/recorder';
import { openFailures } from '../../../src/core/exchange/open-failures';
import { PROXY_ANSWER_HEADER, PROXY_ANSWER_VALUE } from '../../../src/core/exchange/proxy-answer';
import { API, APP, capture, preflight } from './make-capture';

const ALLOW_APP: Array<[string, string]> = [['Access-Control-Allow-Origin', APP]];
const OTHER = 'http://other.test:3000';

function get(path: string, at: number, responseHeaders: Array<[string, string]>, origin = APP) {
  return capture({ url: API + path, headers: [['Origin', origin]], responseHeaders, at });
}

function keys(rec: Recorder): string[] {
  return openFailures(rec.list()).map((f) => `${f.method} ${f.path} ${f.corsError} x${f.recordIds.length}`);
}

describe('openFailures', () => {
  it('is one entry per endpoint and reason, counting repeats, without the query', () => {
    const rec = new Recorder();
    rec.add(get('/api/orders?page=1', 1000, []));
    rec.add(get('/api/orders?page=2', 1100, []));
    rec.add(get('/api/orders', 1200, [['Access-Control-Allow-Origin', OTHER]]));
    assert.deepEqual(keys(rec), ['GET /api/orders MissingAllowOriginHeader x2', 'GET /api/orders AllowOriginMismatch x1']);
  });

  it('closes every failure of an endpoint when a later request to it passes', () => {
    const rec = new Recorder();
    rec.add(get('/api/orders', 1000, []));
    rec.add(get('/api/orders', 1100, [['Access-Control-Allow-Origin', OTHER]]));
    rec.add(get('/api/profile', 1200, []));
    rec.add(get('/api/orders', 1300, ALLOW_APP));
    assert.deepEqual(keys(rec), ['GET /api/profile MissingAllowOriginHeader x1']);
    // A failure after the pass is open again (the code regressed).
    rec.add(get('/api/orders', 1400, []));
    assert.deepEqual(keys(rec), ['GET /api/profile MissingAllowOriginHeader x1', 'GET /api/orders MissingAllowOriginHeader x1']);
  });

  it('keeps a failure open when only another origin, method or path passes', () => {
    const rec = new Recorder();
    rec.add(get('/api/orders', 1000, []));
    rec.add(get('/api/orders', 1100, [['Access-Control-Allow-Origin', OTHER]], OTHER));
    rec.add(get('/api/orders/7', 1200, ALLOW_APP));
    rec.add(capture({ method: 'POST', url: `${API}/api/orders`, headers: [['Origin', APP]], responseHeaders: ALLOW_APP, at: 1300 }));
    assert.deepEqual(keys(rec), ['GET /api/orders MissingAllowOriginHeader x1']);
  });

  it('names a failed preflight by the method the page asked for, and closes it with a passing preflight+request', () => {
    const rec = new Recorder();
    rec.add(preflight('/api/todos', 'POST', 1000, ALLOW_APP, [['Access-Control-Request-Headers', 'content-type']]));
    const [open] = openFailures(rec.list());
    assert.equal(open.method, 'POST');
    assert.equal(open.stage, 'preflight');
    assert.equal(open.corsError, 'HeaderDisallowedByPreflightResponse');
    const fixed: Array<[string, string]> = [...ALLOW_APP, ['Access-Control-Allow-Headers', 'content-type']];
    rec.add(preflight('/api/todos', 'POST', 20_000, fixed, [['Access-Control-Request-Headers', 'content-type']]));
    // The passing preflight waits for its request: not yet proof the fetch passes.
    assert.deepEqual(keys(rec), ['POST /api/todos HeaderDisallowedByPreflightResponse x1']);
    rec.add(capture({ method: 'POST', url: `${API}/api/todos`, headers: [['Origin', APP], ['Content-Type', 'application/json']], responseHeaders: ALLOW_APP, at: 20_100 }));
    assert.deepEqual(keys(rec), []);
  });

  it('a passing preflight whose request then fails closes the preflight failure and opens the request one', () => {
    const rec = new Recorder();
    rec.add(preflight('/api/items/1', 'PUT', 1000, []));
    const allowPut: Array<[string, string]> = [...ALLOW_APP, ['Access-Control-Allow-Methods', 'PUT']];
    // Seconds later, after the fix (outside the pairing window of the failed one).
    rec.add(preflight('/api/items/1', 'PUT', 20_000, allowPut));
    rec.add(capture({ method: 'PUT', url: `${API}/api/items/1`, headers: [['Origin', APP]], responseHeaders: [], at: 20_100 }));
    assert.deepEqual(keys(rec), ['PUT /api/items/1 MissingAllowOriginHeader x1']);
  });

  it('a passing preflight does not close a failure of the actual request: the same failure again counts twice', () => {
    const rec = new Recorder();
    const allowPut: Array<[string, string]> = [...ALLOW_APP, ['Access-Control-Allow-Methods', 'PUT']];
    for (const at of [1000, 20_000]) {
      rec.add(preflight('/api/items/1', 'PUT', at, allowPut));
      rec.add(capture({ method: 'PUT', url: `${API}/api/items/1`, headers: [['Origin', APP]], responseHeaders: [], at: at + 100 }));
    }
    assert.deepEqual(keys(rec), ['PUT /api/items/1 MissingAllowOriginHeader x2']);
  });

  it('ignores exchanges that never got an answer and those that are not CORS', () => {
    const rec = new Recorder();
    rec.add(get('/api/orders', 1000, []));
    rec.add(capture({ url: API + '/api/orders', headers: [['Origin', APP]], status: null, at: 1100 }));
    rec.add(capture({ url: API + '/api/orders', headers: [], responseHeaders: [], at: 1200 }));
    assert.deepEqual(keys(rec), ['GET /api/orders MissingAllowOriginHeader x1']);
  });

  it("leaves out the proxy's own answers: they neither open a failure nor close one", () => {
    const rec = new Recorder();
    const refused = (at: number, responseHeaders: Array<[string, string]>) => ({
      ...capture({ url: API + '/api/orders', headers: [['Origin', APP]], status: 431, responseHeaders, at }),
      error: { code: 'EHEADTOOLARGE', message: 'the request head is larger than the limit' },
    });
    const marker: Array<[string, string]> = [['Content-Type', 'text/plain; charset=utf-8'], [PROXY_ANSWER_HEADER, PROXY_ANSWER_VALUE]];
    // The browser blocks the proxy's 431 (no Access-Control-Allow-Origin), but the server never saw it.
    rec.add(refused(1000, marker));
    assert.equal(rec.list()[0].cors.corsError, 'MissingAllowOriginHeader');
    assert.deepEqual(keys(rec), []);
    // Nor does such an answer close a failure the server's own answer opened.
    rec.add(get('/api/orders', 1100, []));
    rec.add(refused(1200, [...marker, ['Access-Control-Allow-Origin', APP]]));
    assert.deepEqual(keys(rec), ['GET /api/orders MissingAllowOriginHeader x1']);
    // The server's own 431 (no marker) is a failure like any other.
    rec.add(capture({ url: API + '/api/orders', headers: [['Origin', APP]], status: 431, responseHeaders: [['Content-Type', 'text/plain; charset=utf-8']], at: 1300 }));
    assert.deepEqual(keys(rec), ['GET /api/orders MissingAllowOriginHeader x2']);
  });
});
