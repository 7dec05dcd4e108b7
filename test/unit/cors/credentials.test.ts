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

  it('ACAO * without cookies is a pass; what credentials would do is a quiet hint', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', '*']])));
    assert.equal(j.verdict, 'pass');
    assert.equal(j.corsError, null);
    assert.deepEqual(j.decisive.warnings, []);
    assert.deepEqual(j.decisive.fix, [], 'no fix for an endpoint that passes');
    assert.equal(j.decisive.hints?.length, 1);
    assert.match(j.decisive.hints![0], /WildcardOriginNotAllowed/);
    assert.match(j.decisive.hints![0], /Nothing seen says this page sends credentials/);
  });

  it('exact origin without ACAC passes with a hint; with ACAC true it simply passes', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', PAGE]])));
    assert.equal(j.verdict, 'pass');
    assert.match(j.decisive.hints!.join(' '), /InvalidAllowCredentials/);
    const ok = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']])));
    assert.equal(ok.verdict, 'pass');
    assert.deepEqual(ok.decisive.warnings, []);
    assert.deepEqual(ok.decisive.hints, []);
  });

  it('an actual request after a preflight that fails with credentials proves no credentials: no warning', () => {
    const flow = preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]), {
      res: response(200, [['Access-Control-Allow-Origin', '*']]),
    });
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'pass');
    assert.equal(j.preflight?.verdict, 'pass');
  });

  it('a preflight that only credentials would fail, with the flow still open, passes with a hint', () => {
    const flow = preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]));
    const j = judgeFlow({ ...flow, complete: false });
    assert.equal(j.verdict, 'pass');
    assert.match(j.decisive.hints!.join(' '), /PreflightWildcardOriginNotAllowed/);
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
    assert.match(j.decisive.hints!.join(' '), /MethodDisallowedByPreflightResponse \(PUT\) instead/);
  });
});

describe('cors engine: a credentials-only failure is a warning only with evidence', () => {
  const exact = [['Access-Control-Allow-Origin', PAGE]] as Array<[string, string]>;

  it('the response itself asks for credentials (ACAO * with ACAC true): warns, says so, fixes only the origin', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']])));
    assert.equal(j.verdict, 'warn');
    assert.equal(j.corsError, 'WildcardOriginNotAllowed');
    assert.deepEqual(j.decisive.evidence, ['the response sends Access-Control-Allow-Credentials: true']);
    assert.match(j.decisive.warnings[0], /Warned because the response sends Access-Control-Allow-Credentials: true\./);
    assert.deepEqual(j.decisive.fix, [{ action: 'set', header: 'Access-Control-Allow-Origin', value: PAGE, on: 'response' }]);
  });

  it('the response sets a cookie: warns, and may turn credentials on for that endpoint', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [...exact, ['Set-Cookie', 'sid=1; SameSite=None; Secure']])));
    assert.equal(j.verdict, 'warn');
    assert.equal(j.corsError, 'InvalidAllowCredentials');
    assert.match(j.decisive.evidence![0], /sets a cookie/);
    assert.deepEqual(j.decisive.fix, [{ action: 'set', header: 'Access-Control-Allow-Credentials', value: 'true', on: 'response' }]);
  });

  it('the server allows credentials for this page elsewhere: warns, names where, and turns nothing on here', () => {
    const flow = { ...simpleFlow(request('GET'), response(200, exact)), credentialEvidence: { allowCredentials: 'GET /api/profile' } };
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'warn');
    assert.equal(j.corsError, 'InvalidAllowCredentials');
    assert.deepEqual(j.decisive.evidence, ['the server allows credentials for this page elsewhere (Access-Control-Allow-Credentials: true on GET /api/profile)']);
    assert.deepEqual(j.decisive.fix, [], 'the endpoint did not ask for credentials: no fix enables them');
  });

  it('the server sets cookies for this page elsewhere: warns and names where', () => {
    const j = judgeFlow({ ...simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', '*']])), credentialEvidence: { setCookie: 'POST /login' } });
    assert.equal(j.verdict, 'warn');
    assert.equal(j.corsError, 'WildcardOriginNotAllowed');
    assert.match(j.decisive.evidence!.join(' '), /Set-Cookie on POST \/login/);
    assert.deepEqual(j.decisive.fix, []);
  });

  it('cookies sent to this server by other requests, none on this one: it went without credentials, a pass', () => {
    const seen = { cookiesSent: 'GET /api/profile', allowCredentials: 'GET /api/profile' };
    const j = judgeFlow({ ...simpleFlow(request('GET'), response(200, exact)), credentialEvidence: seen });
    assert.equal(j.verdict, 'pass');
    assert.deepEqual(j.decisive.warnings, []);
    assert.match(j.decisive.hints!.join(' '), /GET \/api\/profile carried them\) and this request carried none, so it was sent without credentials/);
  });

  it('a pending preflight with cookies seen on other requests to this server warns (a preflight never shows cookies)', () => {
    const flow = preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']]));
    const j = judgeFlow({ ...flow, complete: false, credentialEvidence: { cookiesSent: 'GET /api/me' } });
    assert.equal(j.verdict, 'warn');
    assert.equal(j.stage, 'preflight');
    assert.deepEqual(j.decisive.evidence, ['requests from this page to this server carry cookies (GET /api/me)']);
    assert.deepEqual(j.decisive.fix, []);
  });

  it('a request that carried cookies is judged with credentials whatever the evidence says', () => {
    const j = judgeFlow({ ...simpleFlow(request('GET', [['Cookie', 'a=1']]), response(200, exact)), credentialEvidence: {} });
    assert.equal(j.verdict, 'fail');
    assert.equal(j.corsError, 'InvalidAllowCredentials');
  });
});
