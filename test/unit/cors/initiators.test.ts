// Console wording per initiator and Chromium's order for refused request headers.
// The expected strings and orders were measured against Chromium 156 (the conformance
// suite checks them against the live browser; these tests pin the rules themselves).
import { strict as assert } from 'node:assert';
import { judgeFlow } from '../../../src/core/cors';
import { chromiumHeaderOrder, headerNameHash, sendsClientHints } from '../../../src/core/cors/header-order';
import { initiatorFromResourceType, initiatorFromWire } from '../../../src/core/cors/initiator';
import { asXhrMessage, chromiumMessage } from '../../../src/core/cors/messages';
import { exchange, preflightRequest, request, response, simpleFlow, PAGE, API } from './flows';

const ctx = { url: API, initialUrl: API, origin: PAGE };

describe('console wording per initiator', () => {
  it('names the initiator as Chromium does', () => {
    const names = { fetch: 'fetch', xhr: 'XMLHttpRequest', image: 'image', script: 'script', style: 'CSS stylesheet', font: 'font', audio: 'audio', video: 'video', track: 'text track' } as const;
    for (const [kind, name] of Object.entries(names)) {
      assert.ok(chromiumMessage('MissingAllowOriginHeader', '', { ...ctx, initiator: kind as keyof typeof names }).startsWith(`Access to ${name} at '${API}' from origin`), kind);
    }
  });

  it('adds the "valid value" advice for fetch() only, and the withCredentials advice for XHR only', () => {
    const fetchLine = chromiumMessage('AllowOriginMismatch', 'http://other.example', ctx);
    assert.match(fetchLine, /supplied origin\. Have the server send the header with a valid value\.$/);
    assert.match(chromiumMessage('AllowOriginMismatch', 'http://other.example', { ...ctx, initiator: 'image' }), /supplied origin\.$/);
    assert.match(chromiumMessage('AllowOriginMismatch', 'http://other.example', { ...ctx, initiator: 'xhr' }), /supplied origin\.$/);
    assert.match(chromiumMessage('WildcardOriginNotAllowed', '', { ...ctx, initiator: 'xhr' }), /controlled by the withCredentials attribute\.$/);
    assert.doesNotMatch(chromiumMessage('WildcardOriginNotAllowed', '', ctx), /withCredentials/);
    assert.equal(asXhrMessage(fetchLine), chromiumMessage('AllowOriginMismatch', 'http://other.example', { ...ctx, initiator: 'xhr' }));
    assert.equal(asXhrMessage(chromiumMessage('InvalidAllowCredentials', '', ctx)), chromiumMessage('InvalidAllowCredentials', '', { ...ctx, initiator: 'xhr' }));
  });

  it('reads the initiator from Sec-Fetch-Dest, and says when the wire cannot tell fetch() from XMLHttpRequest', () => {
    const dest = (d: string) => initiatorFromWire({ method: 'GET', url: API, headers: [['Sec-Fetch-Dest', d]] });
    assert.deepEqual(dest('image'), { kind: 'image', certain: true, destination: 'image' });
    assert.deepEqual(dest('style'), { kind: 'style', certain: true, destination: 'style' });
    assert.deepEqual(dest('empty'), { kind: 'fetch', certain: false, destination: 'empty' });
    assert.equal(initiatorFromWire({ method: 'GET', url: API, headers: [['X-Requested-With', 'XMLHttpRequest']] }).kind, 'xhr');
    assert.equal(initiatorFromResourceType('XHR').kind, 'xhr');
    assert.equal(initiatorFromResourceType('Stylesheet').kind, 'style');

    const judged = judgeFlow(simpleFlow(request('GET'), response(200)));
    assert.equal(judged.initiator.certain, false);
    assert.match(judged.decisive.explanation, /cannot tell fetch\(\) from XMLHttpRequest/);
    assert.ok(judged.decisive.explanation.includes(`Access to XMLHttpRequest at '${API}'`));
    // Known from the browser: no hedging, and XHR's own words.
    const known = judgeFlow({ ...simpleFlow(request('GET'), response(200)), initiator: 'xhr' });
    assert.doesNotMatch(known.decisive.explanation, /cannot tell/);
    assert.ok(known.decisive.message.startsWith(`Access to XMLHttpRequest at '${API}'`));
  });

  it('words an element\'s failure for the element, and explains a no-cors image\'s tainted canvas', () => {
    const img = request('GET', []).headers.map(([n, v]) => [n, n === 'Sec-Fetch-Dest' ? 'image' : v] as [string, string]);
    const judged = judgeFlow(simpleFlow({ method: 'GET', url: API, headers: img }, response(200)));
    assert.ok(judged.decisive.message.startsWith(`Access to image at '${API}'`));
    assert.equal(judged.initiator.certain, true);
    const noCors = { method: 'GET', url: API, headers: [['Sec-Fetch-Mode', 'no-cors'], ['Sec-Fetch-Dest', 'image']] as Array<[string, string]> };
    const plain = judgeFlow(simpleFlow(noCors, response(200)));
    assert.equal(plain.verdict, 'not-cors');
    assert.match(plain.decisive.explanation, /tainted.*crossorigin="anonymous".*Access-Control-Allow-Origin/s);
  });
});

describe('refused request headers in Chromium\'s order', () => {
  it('reports x-trace of X-Api-Key and X-Trace (measured), whatever order the page set them in', () => {
    assert.deepEqual(chromiumHeaderOrder(['x-api-key', 'x-trace'], { clientHints: true }), ['x-trace', 'x-api-key']);
    assert.deepEqual(chromiumHeaderOrder(['x-trace', 'x-api-key'], { clientHints: true }), ['x-trace', 'x-api-key']);
  });

  it('matches the orders measured on the wire', () => {
    // Each is the order Chromium 156 sent these names in (and so checks them in).
    const measured: Array<[string[], string[]]> = [
      [['x-a', 'x-b', 'x-c'], ['x-c', 'x-a', 'x-b']],
      [['x-1', 'x-2', 'x-3', 'x-4', 'x-5'], ['x-2', 'x-3', 'x-4', 'x-1', 'x-5']],
      [['x-requested-with', 'x-csrf-token'], ['x-csrf-token', 'x-requested-with']],
      [['x-api-key', 'x-trace', 'x-request-id'], ['x-trace', 'x-request-id', 'x-api-key']],
      [['x-zzz', 'x-aaa', 'x-mmm'], ['x-aaa', 'x-mmm', 'x-zzz']],
      [['authorization', 'x-custom'], ['x-custom', 'authorization']],
    ];
    for (const [names, order] of measured) assert.deepEqual(chromiumHeaderOrder(names, { clientHints: true }), order, names.join(','));
  });

  it('hashes names case-insensitively into 24 bits', () => {
    assert.equal(headerNameHash('X-Trace'), headerNameHash('x-trace'));
    assert.ok(headerNameHash('x-trace') > 0 && headerNameHash('x-trace') < 2 ** 24);
    assert.equal(sendsClientHints('http://localhost:4000/x'), true);
    assert.equal(sendsClientHints('https://api.example.com/x'), true);
    assert.equal(sendsClientHints('http://192.168.1.5/x'), false);
  });

  it('names Chromium\'s header, and lists every refused one in the explanation and the fix', () => {
    const pf = exchange(preflightRequest('PUT', ['x-api-key', 'x-trace']), response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']]));
    const judged = judgeFlow({ preflight: pf, requests: [], complete: true });
    assert.equal(judged.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.equal(judged.failedParameter, 'x-trace');
    assert.match(judged.decisive.explanation, /refused are all of: x-api-key, x-trace/);
    assert.deepEqual(judged.decisive.fix.find((c) => c.header === 'Access-Control-Allow-Headers')?.value, 'x-api-key, x-trace');
  });
});
