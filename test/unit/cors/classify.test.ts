// Request classification: CORS or not, preflight or not, and the safelist byte rules.
import { strict as assert } from 'node:assert';
import { classifyRequest, isPreflightRequest, isSafelistedHeader, normalizeMethod, corsUnsafeHeaderNames } from '../../../src/core/cors';
import { API, PAGE, preflightRequest, request } from './flows';

describe('cors engine: classification', () => {
  it('recognises a preflight by OPTIONS + Origin + Access-Control-Request-Method', () => {
    assert.equal(isPreflightRequest(preflightRequest('PUT')), true);
    assert.equal(isPreflightRequest(request('OPTIONS')), false);
    assert.equal(isPreflightRequest({ method: 'OPTIONS', url: API, headers: [['Access-Control-Request-Method', 'PUT']] }), false);
  });

  it('cross-origin fetch with Origin is CORS; same-origin and no-Origin are not', () => {
    assert.equal(classifyRequest(request('GET')).isCors, true);
    const same = classifyRequest(request('POST', [], API, 'http://127.0.0.1:4000'));
    assert.equal(same.isCors, false);
    assert.equal(same.crossOrigin, false);
    assert.equal(classifyRequest({ method: 'GET', url: API, headers: [] }).isCors, false);
  });

  it('Sec-Fetch-Mode navigate / no-cors / same-origin are not CORS', () => {
    for (const mode of ['navigate', 'no-cors', 'same-origin']) {
      const r = request('POST');
      r.headers = r.headers.map(([n, v]) => (n === 'Sec-Fetch-Mode' ? [n, mode] : [n, v]));
      assert.equal(classifyRequest(r).isCors, false, mode);
    }
  });

  it('an opaque origin ("null") is always cross-origin', () => {
    const c = classifyRequest(request('GET', [], API, 'null'));
    assert.equal(c.isCors, true);
    assert.equal(c.origin, 'null');
  });

  it('method normalization upper-cases only the six standard methods', () => {
    assert.equal(normalizeMethod('delete'), 'DELETE');
    assert.equal(normalizeMethod('put'), 'PUT');
    assert.equal(normalizeMethod('patch'), 'patch');
    assert.equal(normalizeMethod('Purge'), 'Purge');
  });

  it('non-safelisted methods need a preflight, GET/HEAD/POST do not', () => {
    assert.equal(classifyRequest(request('PUT')).preflightRequired, true);
    assert.equal(classifyRequest(request('PUT')).unsafeMethod, 'PUT');
    assert.equal(classifyRequest(request('POST', [['Content-Type', 'text/plain;charset=UTF-8']])).preflightRequired, false);
  });

  it('the preflight is the ground truth for method and headers', () => {
    const c = classifyRequest(request('PUT', [['X-B', '1'], ['X-A', '2']]), preflightRequest('PUT', ['x-b', 'x-a']));
    assert.deepEqual(c.unsafeHeaders, ['x-a', 'x-b']);
    assert.equal(c.unsafeMethod, 'PUT');
    assert.equal(c.preflightRequired, true);
  });

  it('browser-set (forbidden) headers never make a request unsafe', () => {
    const c = classifyRequest(request('GET', [['Sec-Ch-Ua', '"x"'], ['Proxy-Foo', '1'], ['Cookie', 'a=1'], ['DNT', '1']]));
    assert.deepEqual(c.unsafeHeaders, []);
    assert.equal(c.preflightRequired, false);
  });

  it('Content-Type: the three MIME essences, parameters allowed, unsafe bytes not', () => {
    assert.equal(isSafelistedHeader('Content-Type', 'text/plain'), true);
    assert.equal(isSafelistedHeader('content-type', 'Multipart/Form-Data; boundary=x'), true);
    assert.equal(isSafelistedHeader('content-type', 'application/x-www-form-urlencoded;charset=utf-8'), true);
    assert.equal(isSafelistedHeader('content-type', 'application/json'), false);
    assert.equal(isSafelistedHeader('content-type', 'text/plain; charset="utf-8"'), false, 'a double quote is an unsafe byte');
    assert.equal(isSafelistedHeader('content-type', 'text/plain; a=(b)'), false);
    assert.equal(isSafelistedHeader('content-type', 'text/plain, text/html'), false);
    assert.equal(isSafelistedHeader('content-type', 'text/html'), false);
  });

  it('Accept allows anything without unsafe bytes; languages a narrow charset', () => {
    assert.equal(isSafelistedHeader('Accept', 'application/json, text/*;q=0.9'), true);
    assert.equal(isSafelistedHeader('Accept', 'a{b}'), false);
    assert.equal(isSafelistedHeader('Accept', 'x\u0001'), false);
    assert.equal(isSafelistedHeader('Accept', 'x\ty'), true, 'HTAB is allowed');
    assert.equal(isSafelistedHeader('Accept-Language', 'en-US,en;q=0.9'), true);
    assert.equal(isSafelistedHeader('Content-Language', 'de_DE'), false, 'underscore is not allowed');
    assert.equal(isSafelistedHeader('Content-Language', 'de/DE'), false);
  });

  it('Range: a single non-suffix byte range only', () => {
    assert.equal(isSafelistedHeader('Range', 'bytes=0-'), true);
    assert.equal(isSafelistedHeader('Range', 'bytes=10-20'), true);
    assert.equal(isSafelistedHeader('Range', 'bytes=20-10'), false);
    assert.equal(isSafelistedHeader('Range', 'bytes=-500'), false);
    assert.equal(isSafelistedHeader('Range', 'bytes=0-1,5-6'), false);
    assert.equal(isSafelistedHeader('Range', 'bytes= 0-1'), false);
    assert.equal(isSafelistedHeader('Range', 'items=0-1'), false);
    assert.equal(isSafelistedHeader('Range', 'BYTES=0-1'), false, 'the unit is case-sensitive');
  });

  it('a value longer than 128 bytes is never safelisted', () => {
    assert.equal(isSafelistedHeader('Accept', 'a'.repeat(128)), true);
    assert.equal(isSafelistedHeader('Accept', 'a'.repeat(129)), false);
  });

  it('safelisted values above 1024 bytes in total make them all unsafe', () => {
    const under: [string, string][] = [['Accept', 'a'.repeat(128)], ['Accept-Language', 'b'.repeat(128)], ['Content-Language', 'c'.repeat(100)]];
    assert.deepEqual(corsUnsafeHeaderNames(under), []);
    const over: [string, string][] = Array.from({ length: 9 }, (_, i) => [`Accept`, String(i).repeat(120)] as [string, string]);
    assert.deepEqual(corsUnsafeHeaderNames([['X-Own', '1'], ...over]), ['x-own', 'accept']);
  });

  it('client hints Chromium safelists, with their value rules', () => {
    assert.equal(isSafelistedHeader('DPR', '2'), true);
    assert.equal(isSafelistedHeader('DPR', '2.'), false);
    assert.equal(isSafelistedHeader('Save-Data', 'on'), true);
    assert.equal(isSafelistedHeader('Save-Data', 'off'), false);
    assert.equal(isSafelistedHeader('ECT', '4g'), true);
    assert.equal(isSafelistedHeader('Width', '1.5'), false);
  });

  it('classification without a preflight ignores headers the HTTP cache adds', () => {
    const c = classifyRequest(request('GET', [['Cache-Control', 'max-age=0'], ['If-None-Match', '"e"'], ['X-Custom', '1']]));
    assert.deepEqual(c.unsafeHeaders, ['x-custom']);
  });

  it('page origin comes from the request, PAGE stays the serialized origin', () => {
    assert.equal(classifyRequest(request('GET')).origin, PAGE);
  });
});
