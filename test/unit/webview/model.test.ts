import { strict as assert } from 'assert';
import type { ExchangeRecord } from '../../../src/core/exchange/types';
import type { CorsJudgement } from '../../../src/core/cors/types';
import { PairRowModel, buildPairRow, decisiveRecord, formatFix } from '../../../media/webview/rows';
import { RowStore, visibleRange, moveSelection, matchesFilter } from '../../../media/webview/list';
import { parseFromWebview } from '../../../media/webview/protocol';

function judgement(verdict: CorsJudgement['verdict'], corsError: CorsJudgement['corsError'] = null): CorsJudgement {
  return { verdict, corsError, failedParameter: '', message: '', explanation: '', fix: [], warnings: [] };
}

function record(id: string, type: 'preflight' | 'request', over: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    id,
    type,
    pairId: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 5,
    request: {
      method: type === 'preflight' ? 'OPTIONS' : 'PUT',
      url: 'http://127.0.0.1:4711/api/items/1?x=1',
      headers: [['Origin', 'http://localhost:5173'], ...(type === 'preflight' ? [['Access-Control-Request-Method', 'PUT'] as [string, string]] : [])],
    },
    response: { status: 204, headers: [] },
    error: null,
    cors: judgement('pass'),
    ...over,
  };
}

describe('pair rows', () => {
  it('makes one row of a preflight and its request, decided by the failing preflight', () => {
    const pre = record('1', 'preflight', { pairId: 'p', cors: judgement('fail', 'PreflightMissingAllowOriginHeader') });
    const req = record('2', 'request', { pairId: 'p', response: null, error: null, cors: judgement('pass') });
    const row = buildPairRow('p', 0, pre, req);
    assert.equal(row.method, 'PUT');
    assert.equal(row.verdict, 'fail');
    assert.equal(row.stage, 'preflight');
    assert.equal(row.corsError, 'PreflightMissingAllowOriginHeader');
    assert.equal(row.path, '/api/items/1?x=1');
    assert.equal(row.origin, 'http://localhost:5173');
    assert.equal(row.durationMs, 10);
  });

  it('names the method the preflight asked for when the request never came', () => {
    const row = buildPairRow('1', 0, record('1', 'preflight', { cors: judgement('fail', 'PreflightInvalidStatus') }), null);
    assert.equal(row.method, 'PUT');
    assert.equal(row.requestId, null);
  });

  it('moves a record into its pair row when the recorder pairs it late and removes the old row', () => {
    const store = new Map<string, ExchangeRecord>();
    const model = new PairRowModel((id) => store.get(id));
    const pre = record('1', 'preflight');
    store.set('1', pre);
    const first = model.apply(pre);
    assert.deepEqual(first.rows.map((r) => r.key), ['1']);
    const paired = { ...pre, pairId: 'pair-1' };
    store.set('1', paired);
    const second = model.apply(paired);
    assert.deepEqual(second.removed, ['1']);
    const req = record('2', 'request', { pairId: 'pair-1', cors: judgement('fail', 'AllowOriginMismatch') });
    store.set('2', req);
    const third = model.apply(req);
    assert.equal(third.rows.length, 1);
    assert.equal(third.rows[0].verdict, 'fail');
    assert.equal(third.rows[0].stage, 'request');
    assert.equal(model.rows().length, 1);
  });

  it('keeps redirect hops in order in one row, decided by the first failing hop', () => {
    const store = new Map<string, ExchangeRecord>();
    const model = new PairRowModel((id) => store.get(id));
    const hop1 = record('1', 'request', { pairId: 'r', response: { status: 302, headers: [['Location', '/b']] } });
    const hop2 = record('2', 'request', {
      pairId: 'r',
      request: { method: 'PUT', url: 'http://127.0.0.1:4711/b', headers: [] },
      cors: judgement('fail', 'MissingAllowOriginHeader'),
    });
    for (const r of [hop1, hop2]) {
      store.set(r.id, r);
      model.apply(r);
    }
    // An earlier hop re-judged later must not take the row over.
    const rejudged = { ...hop1, cors: judgement('pass') };
    store.set('1', rejudged);
    const { rows } = model.apply(rejudged);
    assert.equal(rows.length, 1);
    const row = rows[0];
    assert.equal(row.requestId, '2');
    assert.equal(row.hops, 2);
    assert.equal(row.path, '/api/items/1?x=1');
    assert.equal(row.status, 204); // the last hop's status
    assert.equal(row.verdict, 'fail');
    assert.equal(row.corsError, 'MissingAllowOriginHeader');
    assert.deepEqual(model.recordsOf('r')?.requests.map((r) => r.id), ['1', '2']);
    assert.equal(decisiveRecord(null, [rejudged, hop2])?.id, '2');
  });

  it('shows an unanswered request as an error, not as its judgement', () => {
    const row = buildPairRow('x', 0, null, record('x', 'request', { response: null, error: { code: 'ECONNREFUSED', message: 'refused' } }));
    assert.equal(row.verdict, 'error');
    assert.equal(row.error, 'ECONNREFUSED');
    assert.equal(row.corsError, null);
  });

  it('drops rows whose records the recorder no longer holds', () => {
    const store = new Map<string, ExchangeRecord>();
    const model = new PairRowModel((id) => store.get(id));
    const pre = record('1', 'preflight', { pairId: 'p' });
    const req = record('2', 'request', { pairId: 'p' });
    const lone = record('3', 'request');
    for (const r of [pre, req, lone]) {
      store.set(r.id, r);
      model.apply(r);
    }
    assert.deepEqual(model.prune(), { rows: [], removed: [] });
    store.delete('1');
    const first = model.prune();
    assert.deepEqual(first.removed, []);
    assert.deepEqual(first.rows.map((r) => [r.key, r.preflightId, r.requestId]), [['p', null, '2']]);
    store.delete('2');
    store.delete('3');
    assert.deepEqual(model.prune().removed.sort(), ['3', 'p']);
    assert.deepEqual(model.rows(), []);
  });

  it('formats fixes as header lines per response', () => {
    const text = formatFix([
      { action: 'set', header: 'Access-Control-Allow-Origin', value: 'http://a', on: 'preflight' },
      { action: 'remove', header: 'Access-Control-Allow-Credentials', on: 'response' },
    ]);
    assert.match(text, /preflight[^\n]*\nAccess-Control-Allow-Origin: http:\/\/a\n# On the actual response:\n# remove every Access-Control-Allow-Credentials/);
  });
});

describe('webview list state', () => {
  function row(key: string, seq: number, verdict: 'pass' | 'fail', method = 'GET', url = 'http://h/a') {
    return buildPairRow(key, seq, null, record(key, 'request', { cors: judgement(verdict), request: { method, url, headers: [] } }));
  }

  it('upserts in place, keeps arrival order and filters', () => {
    const s = new RowStore();
    assert.deepEqual(s.apply([row('a', 0, 'pass'), row('c', 2, 'fail', 'POST', 'http://h/users')]), ['a', 'c']);
    assert.deepEqual(s.apply([row('b', 1, 'pass'), row('a', 0, 'fail')]), ['b']);
    assert.deepEqual(s.visible().map((r) => r.key), ['a', 'b', 'c']);
    s.setFilter({ failingOnly: true, method: '', text: '' });
    assert.deepEqual(s.visible().map((r) => r.key), ['a', 'c']);
    s.setFilter({ failingOnly: false, method: 'POST', text: '' });
    assert.deepEqual(s.visible().map((r) => r.key), ['c']);
    s.setFilter({ failingOnly: false, method: '', text: 'USERS' });
    assert.deepEqual(s.visible().map((r) => r.key), ['c']);
    s.apply([], ['c']);
    assert.deepEqual(s.visible().map((r) => r.key), []);
    assert.equal(s.size, 2);
    assert.equal(s.failingCount(), 1);
    assert.deepEqual(s.methods(), ['GET']);
  });

  it('handles 10,000 rows in batches quickly', () => {
    const s = new RowStore();
    const t0 = Date.now();
    for (let b = 0; b < 100; b++) {
      s.apply(Array.from({ length: 100 }, (_, i) => row(`k${b * 100 + i}`, b * 100 + i, i % 3 ? 'pass' : 'fail')));
      s.visible();
    }
    assert.equal(s.size, 10000);
    s.setFilter({ failingOnly: true, method: '', text: '' });
    assert.equal(s.visible().length, 3400);
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  });

  it('renders only the rows in view', () => {
    assert.deepEqual(visibleRange(0, 220, 22, 10000, 0), { start: 0, end: 11 });
    assert.deepEqual(visibleRange(22 * 5000, 220, 22, 10000, 4), { start: 4996, end: 5015 });
    assert.deepEqual(visibleRange(1e9, 220, 22, 10, 2), { start: 7, end: 10 });
    assert.deepEqual(visibleRange(0, 220, 22, 0), { start: 0, end: 0 });
  });

  it('moves the selection with the keyboard', () => {
    assert.equal(moveSelection('ArrowDown', -1, 5, 3), 0);
    assert.equal(moveSelection('ArrowDown', 4, 5, 3), 4);
    assert.equal(moveSelection('ArrowUp', 0, 5, 3), 0);
    assert.equal(moveSelection('End', 0, 5, 3), 4);
    assert.equal(moveSelection('Home', 3, 5, 3), 0);
    assert.equal(moveSelection('PageDown', 0, 5, 3), 3);
    assert.equal(moveSelection('a', 0, 5, 3), null);
  });

  it('matches the filter on the full URL text', () => {
    assert.equal(matchesFilter(row('a', 0, 'pass', 'GET', 'http://h/x?q=needle'), { failingOnly: false, method: '', text: 'needle' }), true);
  });
});

describe('messages from the webview', () => {
  it('accepts only known shapes', () => {
    assert.deepEqual(parseFromWebview({ type: 'detail', key: 'k' }), { type: 'detail', key: 'k' });
    assert.deepEqual(parseFromWebview({ type: 'command', command: 'clear' }), { type: 'command', command: 'clear' });
    assert.equal(parseFromWebview({ type: 'command', command: 'workbench.action.terminal.new' }), null);
    assert.equal(parseFromWebview({ type: 'detail', key: 42 }), null);
    assert.equal(parseFromWebview({ type: 'copyCurl', id: 'x'.repeat(1000) }), null);
    assert.deepEqual(parseFromWebview({ type: 'applyFix', key: 'p1', file: '/etc/passwd' }), { type: 'applyFix', key: 'p1' });
    assert.deepEqual(parseFromWebview({ type: 'openSource', key: 'p1', line: 3 }), { type: 'openSource', key: 'p1' });
    assert.equal(parseFromWebview({ type: 'openSource', key: '' }), null);
    assert.equal(parseFromWebview('ready'), null);
    assert.equal(parseFromWebview(null), null);
  });
});
