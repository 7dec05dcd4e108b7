// Credentials mode from the wire, and the warn verdict for credentialed variants we cannot see.
import { strict as assert } from 'node:assert';
import { classifyRequest, judgeFlow } from '../../../src/core/cors';
import { PAGE, exchange, preflightRequest, preflightedFlow, request, response, simpleFlow } from './flows';

describe('cors engine: credentials', () => {
  it('a Cookie on the request means credentials mode include', () => {
    const c = classifyRequest(request('GET', [['Cookie', 'a=1']]));
    assert.equal(c.credentialsMode, 'include');
    assert.equal(c.credentialsInferred, true);
  });

  it('HTTP auth the browser added (not asked for in the preflight) means include', () => {
    assert.equal(classifyRequest(request('GET', [['Authorization', 'Basic eDp5']])).credentialsMode, 'include');
    const asked = classifyRequest(request('GET', [['Authorization', 'Bearer t']]), preflightRequest('GET', ['authorization']));
    assert.equal(asked.credentialsMode, 'same-origin');
  });

  it('without evidence the mode is same-origin, not inferred', () => {
    const c = classifyRequest(request('GET'));
    assert.equal(c.credentialsMode, 'same-origin');
    assert.equal(c.credentialsInferred, false);
  });

  it('ACAO * without cookies passes but warns about credentials: include', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', '*']])));
    assert.equal(j.verdict, 'warn');
    assert.equal(j.decisive.warnings.length, 1);
    assert.match(j.decisive.warnings[0], /WildcardOriginNotAllowed/);
    assert.match(j.decisive.warnings[0], /credentials: 'include'/);
  });

  it('exact origin without ACAC passes but warns; with ACAC true it simply passes', () => {
    assert.equal(judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', PAGE]]))).verdict, 'warn');
    const ok = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']])));
    assert.equal(ok.verdict, 'pass');
    assert.deepEqual(ok.decisive.warnings, []);
  });

  it('an actual request after a preflight that fails with credentials proves no credentials: no warning', () => {
    const flow = preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]), {
      res: response(200, [['Access-Control-Allow-Origin', '*']]),
    });
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'pass');
    assert.equal(j.preflight?.verdict, 'pass');
  });

  it('a preflight that only credentials would fail, with the flow still open, warns', () => {
    const flow = preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]));
    const j = judgeFlow({ ...flow, complete: false });
    assert.equal(j.verdict, 'warn');
    assert.equal(j.stage, 'preflight');
  });

  it('the concluded credentialed failure says how it was inferred', () => {
    const flow = preflightedFlow('PUT', ['x-a'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', '*'], ['Access-Control-Allow-Headers', 'x-a']]));
    const j = judgeFlow(flow);
    assert.equal(j.corsError, 'MethodDisallowedByPreflightResponse');
    assert.equal(j.failedParameter, 'PUT');
    assert.match(j.decisive.explanation, /must have sent it with credentials mode "include"/);
  });

  it('a Cookie on the actual request makes the engine judge it with credentials', () => {
    const j = judgeFlow({
      preflight: null,
      requests: [exchange(request('GET', [['Cookie', 'a=1']]), response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']]))],
      complete: true,
    });
    assert.equal(j.verdict, 'pass');
    assert.equal(j.request.credentialsMode, 'include');
  });
});

describe('cors engine: credentials evidence beyond cookies', () => {
  it('Sec-Fetch-Storage-Access (sent only for credentials: include) means include', () => {
    const req = request('GET', [['Sec-Fetch-Storage-Access', 'inactive']], undefined, 'null');
    assert.equal(classifyRequest(req).credentialsMode, 'include');
    const j = judgeFlow(simpleFlow(req, response(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']])));
    assert.equal(j.verdict, 'fail');
    assert.equal(j.corsError, 'WildcardOriginNotAllowed');
  });

  it('a failing preflight names what Chromium reports instead when credentials were included', () => {
    const flow = preflightedFlow('PUT', ['x-custom'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', '*']]));
    const j = judgeFlow(flow);
    assert.equal(j.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.equal(j.failedParameter, 'x-custom');
    assert.match(j.decisive.warnings.join(' '), /MethodDisallowedByPreflightResponse \(PUT\) instead/);
  });
});
