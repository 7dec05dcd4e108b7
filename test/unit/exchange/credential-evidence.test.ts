// The recorder hands the engine what it saw between a page origin and a server, so a
// credentials-only failure is a warning only when something seen points to credentials.
import { strict as assert } from 'node:assert';
import { Recorder } from '../../../src/core/exchange/recorder';
import { API, APP, capture } from './make-capture';

const ALLOW_APP: Array<[string, string]> = [['Access-Control-Allow-Origin', APP], ['Vary', 'Origin']];

function get(path: string, at: number, headers: Array<[string, string]> = [], responseHeaders: Array<[string, string]> = ALLOW_APP, origin = APP) {
  return capture({ url: API + path, headers: [['Origin', origin], ...headers], responseHeaders, at });
}

describe('Recorder: credential evidence across exchanges', () => {
  it('the demo: a correct public endpoint stays a pass before and after a credentialed call to the same server', () => {
    const rec = new Recorder();
    const hello = rec.add(get('/api/hello', 1000));
    assert.equal(hello.cors.verdict, 'pass');
    assert.match(hello.cors.hints!.join(' '), /Nothing seen says this page sends credentials/);
    const profile = rec.add(get('/api/profile', 2000, [['Cookie', 'demo_session=42']], [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']]));
    assert.equal(profile.cors.verdict, 'fail');
    assert.equal(profile.cors.corsError, 'WildcardOriginNotAllowed');
    const again = rec.add(get('/api/hello', 3000));
    assert.equal(again.cors.verdict, 'pass');
    assert.deepEqual(again.cors.warnings, []);
    assert.match(again.cors.hints!.join(' '), /GET \/api\/profile carried them\) and this request carried none/);
  });

  it('credentials allowed elsewhere by the server raise a later credentials-only failure to a warning (the cache does not hide it)', () => {
    const rec = new Recorder();
    const before = rec.add(get('/api/items', 1000));
    assert.equal(before.cors.verdict, 'pass');
    rec.add(get('/api/session', 2000, [], [...ALLOW_APP, ['Access-Control-Allow-Credentials', 'true']]));
    const after = rec.add(get('/api/items', 3000));
    assert.equal(after.cors.verdict, 'warn');
    assert.equal(after.cors.corsError, 'InvalidAllowCredentials');
    assert.deepEqual(after.cors.evidence, ['the server allows credentials for this page elsewhere (Access-Control-Allow-Credentials: true on GET /api/session)']);
    assert.deepEqual(after.cors.fix, []);
  });

  it('a cookie set by the server counts; the query string is left out of the label', () => {
    const rec = new Recorder();
    rec.add(capture({ method: 'POST', url: `${API}/login?token=secret`, headers: [['Origin', APP]], responseHeaders: [...ALLOW_APP, ['Set-Cookie', 'sid=1']], at: 1000 }));
    const r = rec.add(get('/api/items', 2000, [], [['Access-Control-Allow-Origin', '*']]));
    assert.equal(r.cors.verdict, 'warn');
    assert.deepEqual(r.cors.evidence, ['the server sets cookies for this page (Set-Cookie on POST /login)']);
  });

  it('evidence belongs to one page origin and one server', () => {
    const rec = new Recorder();
    rec.add(get('/api/session', 1000, [], [...ALLOW_APP, ['Access-Control-Allow-Credentials', 'true']]));
    const otherPage = rec.add(get('/api/items', 2000, [], [['Access-Control-Allow-Origin', '*']], 'http://other.test'));
    assert.equal(otherPage.cors.verdict, 'pass');
    const otherServer = rec.add(capture({ url: 'http://api2.test:4000/api/items', headers: [['Origin', APP]], responseHeaders: ALLOW_APP, at: 3000 }));
    assert.equal(otherServer.cors.verdict, 'pass');
  });

  it('clear() forgets the evidence', () => {
    const rec = new Recorder();
    rec.add(get('/api/session', 1000, [], [...ALLOW_APP, ['Access-Control-Allow-Credentials', 'true']]));
    rec.clear();
    assert.equal(rec.add(get('/api/items', 2000)).cors.verdict, 'pass');
  });
});
