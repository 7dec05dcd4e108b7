import { strict as assert } from 'assert';
import type { PairRow } from '../../../media/webview/protocol';
import { reasonText, reasonTitle, statusCell, visibleText } from '../../../media/webview/cells';
import { DEFAULT_LIST_SHARE, MIN_PANE_PX, clampShare, shareForKey } from '../../../media/webview/split';

function row(over: Partial<PairRow> = {}): PairRow {
  return {
    key: 'p1', seq: 0, preflightId: null, requestId: '2', method: 'POST', url: 'http://127.0.0.1:4001/api/todos', path: '/api/todos',
    origin: 'http://localhost:5173', status: 201, preflightStatus: null, hops: 1, verdict: 'pass', corsError: null, failedParameter: '',
    stage: null, error: null, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 3, ...over,
  };
}

describe('webview cells', () => {
  it('a paired row shows the actual request status, the preflight status beside it', () => {
    const cell = statusCell(row({ preflightId: '1', preflightStatus: 204 }));
    assert.equal(cell.main, '201');
    assert.equal(cell.preflight, 'preflight 204');
    assert.equal(cell.title, 'Actual request: 201; preflight: 204');
  });

  it('a blocked preflight: no actual request status, and the title says it was never sent', () => {
    const cell = statusCell(row({ preflightId: '1', preflightStatus: 204, requestId: null, status: null, verdict: 'fail' }));
    assert.equal(cell.main, '—');
    assert.equal(cell.preflight, 'preflight 204');
    assert.match(cell.title, /did not send the actual request/);
  });

  it('a lone request has no preflight part; redirects are counted', () => {
    assert.deepEqual(statusCell(row({ status: 200, hops: 3 })), { main: '200 (2 redirects)', preflight: null, title: 'Actual request: 200 (2 redirects)' });
  });

  it('the reason cell is short, its tooltip has all of it', () => {
    const r = row({ verdict: 'fail', corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'content-type', stage: 'preflight' });
    assert.equal(reasonText(r), 'HeaderDisallowedByPreflightResponse (preflight)');
    assert.equal(reasonTitle(r), 'Blocked on the preflight: HeaderDisallowedByPreflightResponse (content-type)');
    assert.equal(reasonTitle(row({ verdict: 'error', error: 'ECONNREFUSED' })), 'No response: ECONNREFUSED');
    assert.equal(reasonTitle(row()), '');
  });
});

describe('webview splitter', () => {
  it('keeps both panes at least MIN_PANE_PX tall', () => {
    assert.equal(clampShare(0, 800), MIN_PANE_PX / 800);
    assert.equal(clampShare(1, 800), 1 - MIN_PANE_PX / 800);
    assert.equal(clampShare(0.3, 800), 0.3);
    assert.equal(clampShare(Number.NaN, 800), DEFAULT_LIST_SHARE);
    assert.equal(clampShare(0.9, 100), 0.5, 'too little room: half each');
  });

  it('moves with the arrow keys (Shift: farther), Home/End go to the ends, Enter resets', () => {
    assert.ok(Math.abs(shareForKey('ArrowDown', 0.45, 800, false)! - 0.5) < 1e-9);
    assert.ok(Math.abs(shareForKey('ArrowUp', 0.45, 800, true)! - 0.25) < 1e-9);
    assert.equal(shareForKey('Home', 0.45, 800, false), 0.1);
    assert.equal(shareForKey('End', 0.45, 800, false), 0.9);
    assert.equal(shareForKey('Enter', 0.2, 800, false), DEFAULT_LIST_SHARE);
    assert.equal(shareForKey('a', 0.45, 800, false), null);
  });
});

describe('visibleText', () => {
  it('shows control characters off the wire as \\xNN and leaves the rest, tabs included', () => {
    assert.equal(visibleText('O\x01K'), 'O\\x01K');
    assert.equal(visibleText('a\x00b\x1f\x7fc\rd\ne'), 'a\\x00b\\x1f\\x7fc\\x0dd\\x0ae');
    assert.equal(visibleText('db;dur=53\tx Très bien <img src=x>'), 'db;dur=53\tx Très bien <img src=x>');
  });
});
