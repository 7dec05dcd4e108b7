// Notices are not failures: a completed exchange with one reads as completed everywhere.
import { strict as assert } from 'node:assert';
import { Recorder } from '../../../src/core/exchange/recorder';
import { parseJsonLines, toJsonLine } from '../../../src/core/exchange/jsonl';
import { fromHar, toHar } from '../../../src/core/exchange/har';
import { formatExchange, makeStyle } from '../../../src/cli/format';
import { APP, capture } from './make-capture';

describe('record notices, interim responses and trailers', () => {
  const notice = { code: 'EBADREASON', message: 'the reason phrase was replaced' };

  it('keeps a notice out of error and says it dimly on the CLI line', () => {
    const c = capture({ url: `${APP}/x`, at: 1000 });
    c.notices = [notice];
    const record = new Recorder({}).add(c);
    assert.equal(record.error, null);
    assert.deepEqual(record.notices, [notice]);
    const line = formatExchange(record, makeStyle(false));
    assert.match(line, /→ 200 \(EBADREASON\)$/);
    assert.doesNotMatch(line, /incomplete/);
  });

  it('records built without them have the fields undefined, and JSONL lines leave them out', () => {
    const record = new Recorder({}).add(capture({ url: `${APP}/y`, at: 1000 }));
    assert.ok('notices' in record && record.notices === undefined);
    assert.ok(record.response && 'informational' in record.response && 'trailers' in record.response);
    const line = toJsonLine(record);
    assert.doesNotMatch(line, /notices|informational|trailers/);
  });

  it('carries notices, 103s and trailers through an unjudged JSONL line and a HAR round trip', () => {
    const c = capture({ url: `${APP}/z`, at: 1000, headers: [['Origin', 'http://page.test']], responseHeaders: [['Access-Control-Allow-Origin', '*']] });
    c.notices = [notice];
    c.response!.informational = [{ status: 103, headers: [['Link', '</a.css>; rel=preload']] }];
    c.response!.trailers = [['Server-Timing', 'db;dur=1']];
    const record = new Recorder({}).add(c);
    const obj = JSON.parse(toJsonLine(record));
    delete obj.cors; // read back unjudged: judged again, keeping what came around the response
    const [back] = parseJsonLines(JSON.stringify(obj));
    assert.equal(back.cors.verdict, 'pass');
    assert.deepEqual(back.notices, [notice]);
    assert.deepEqual(back.response?.informational, [{ status: 103, headers: [['link', '</a.css>; rel=preload']] }]);
    assert.deepEqual(back.response?.trailers, [['server-timing', 'db;dur=1']]);
    const [fromFile] = fromHar(JSON.stringify(toHar([record])));
    assert.deepEqual(fromFile.notices, [notice]);
    assert.equal(fromFile.error, null);
    assert.deepEqual(fromFile.response?.informational, [{ status: 103, headers: [['Link', '</a.css>; rel=preload']] }]);
    assert.deepEqual(fromFile.response?.trailers, [['Server-Timing', 'db;dur=1']]);
  });

  it('rejects a JSONL line whose informational is not a list of statuses', () => {
    const line = JSON.stringify({ id: '1', request: { method: 'GET', url: `${APP}/` }, response: { status: 200, informational: [{ headers: {} }] } });
    assert.throws(() => parseJsonLines(line), /informational\[0\] must have a numeric status/);
  });
});
