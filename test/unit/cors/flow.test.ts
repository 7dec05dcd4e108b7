// Whole flows: redirects and tainted origins, cached preflights, network errors,
// not-CORS traffic, and the root causes a silent preflight hides.
import { strict as assert } from 'node:assert';
import { judgeFlow } from '../../../src/core/cors';
import type { CorsFlow } from '../../../src/core/cors/types';
import { API, PAGE, exchange, preflightRequest, preflightedFlow, request, response, simpleFlow } from './flows';

const OTHER = 'http://127.0.0.1:5000/final';

describe('cors engine: flows', () => {
  it('a cross-origin redirect taints the origin: the next hop must allow "null"', () => {
    const flow: CorsFlow = {
      preflight: null,
      requests: [
        exchange(request('GET'), { status: 302, headers: [['Location', OTHER], ['Access-Control-Allow-Origin', '*']] }),
        exchange(request('GET', [], OTHER, 'null'), response(200, [['Access-Control-Allow-Origin', PAGE]])),
      ],
      complete: true,
    };
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'fail');
    assert.equal(j.stage, 'request');
    assert.equal(j.corsError, 'AllowOriginMismatch');
    assert.equal(j.failedParameter, PAGE);
    assert.equal(j.requests[0].verdict, 'pass', 'the redirect itself passes (ACAO *)');
    assert.equal(
      j.decisive.message,
      `Access to fetch at '${OTHER}' (redirected from '${API}') from origin '${PAGE}' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header has a value '${PAGE}' that is not equal to the supplied origin. Have the server send the header with a valid value.`,
    );
    assert.match(j.decisive.explanation, /"null" because a redirect/);
    assert.deepEqual(j.decisive.fix, [{ action: 'set', header: 'Access-Control-Allow-Origin', value: 'null', on: 'response' }]);
  });

  it('a redirect response without ACAO fails at the redirect stage', () => {
    const j = judgeFlow(simpleFlow(request('GET'), { status: 307, headers: [['Location', OTHER]] }));
    assert.equal(j.stage, 'redirect');
    assert.equal(j.corsError, 'MissingAllowOriginHeader');
  });

  it('a cached preflight: the actual response is judged and the cache is noted', () => {
    const flow: CorsFlow = { ...simpleFlow(request('PUT', [['X-Token', '1']]), response(200, [['Access-Control-Allow-Origin', '*']])), preflightCached: true };
    const j = judgeFlow(flow);
    assert.equal(j.request.preflightRequired, true);
    assert.notEqual(j.verdict, 'fail');
    assert.match(j.decisive.hints!.join(' '), /cached/);
  });

  it('a missing upstream answer is a network error, not a CORS error', () => {
    const j = judgeFlow({ preflight: null, requests: [{ request: request('GET'), response: null, error: { code: 'ECONNREFUSED', message: 'refused' } }], complete: true });
    assert.equal(j.verdict, 'fail');
    assert.equal(j.corsError, null);
    assert.match(j.decisive.explanation, /ECONNREFUSED/);
  });

  it('same-origin and Origin-less requests are not-cors', () => {
    assert.equal(judgeFlow(simpleFlow(request('POST', [], API, 'http://127.0.0.1:4000'), response(200))).verdict, 'not-cors');
    assert.equal(judgeFlow(simpleFlow({ method: 'GET', url: API, headers: [] }, response(200))).verdict, 'not-cors');
  });

  it('a silent preflight says what the server was asked and why middleware stays silent', () => {
    const asked = (status: number) => judgeFlow(preflightedFlow('DELETE', ['x-token'], response(status))).decisive.explanation;
    assert.match(asked(404), /method DELETE, headers \[x-token\]/);
    assert.match(asked(404), /nothing handles OPTIONS/);
    assert.match(asked(405), /only accepts other methods/);
    assert.match(asked(401), /authentication/);
    assert.match(asked(204), /not in its allow-list/);
    assert.match(asked(500), /crashed/);
  });

  it('Firefox wording is offered where it differs', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200)));
    assert.equal(j.decisive.firefoxReason, "CORS header 'Access-Control-Allow-Origin' missing");
    assert.equal(j.decisive.header, 'access-control-allow-origin');
  });

  it('a passing flow has no error, message or fix', () => {
    const flow = preflightedFlow('PUT', ['x-a'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a']]), {
      res: response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']]),
    });
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'pass');
    assert.equal(j.corsError, null);
    assert.equal(j.decisive.message, '');
    assert.deepEqual(j.decisive.fix, []);
    assert.equal(j.requests.length, 1);
  });

  it('a warn carries no console message (the browser printed none)', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']])));
    assert.equal(j.verdict, 'warn');
    assert.equal(j.decisive.message, '');
    assert.equal(j.corsError, 'WildcardOriginNotAllowed');
  });
});

describe('cors engine: fetches that become cross-origin at a redirect', () => {
  const SAME = 'http://localhost:3000/api/login';
  it('judges from the first cross-origin hop and names the initial URL in the message', () => {
    const flow: CorsFlow = {
      preflight: null,
      requests: [
        exchange({ method: 'GET', url: SAME, headers: [['Sec-Fetch-Mode', 'cors']] }, { status: 302, headers: [['Location', API]] }),
        exchange(request('GET'), response(200)),
      ],
      complete: true,
    };
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'fail');
    assert.equal(j.corsError, 'MissingAllowOriginHeader');
    assert.equal(j.requests[0].verdict, 'not-cors');
    assert.equal(
      j.decisive.message,
      `Access to fetch at '${API}' (redirected from '${SAME}') from origin '${PAGE}' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
  });
});

describe('cors engine: redirect targets the network stack refuses', () => {
  const redirectTo = (location: string, acao = true) =>
    judgeFlow(simpleFlow(request('GET'), { status: 302, headers: [['Location', location], ...(acao ? [['Access-Control-Allow-Origin', PAGE] as [string, string]] : [])] }));

  it('data:, file:, about: and ws: are network errors, not CORS errors', () => {
    for (const loc of ['data:text/plain,hi', 'file:///etc/hosts', 'about:blank', 'ws://localhost/x']) {
      const j = redirectTo(loc);
      assert.equal(j.verdict, 'fail', loc);
      assert.equal(j.corsError, null, loc);
      assert.match(j.decisive.explanation, /ERR_UNSAFE_REDIRECT|ERR_UNKNOWN_URL_SCHEME/);
    }
  });

  it('other schemes are CorsDisabledScheme', () => {
    for (const loc of ['ftp://localhost/x', 'javascript:void(0)', 'mailto:a@b.c']) assert.equal(redirectTo(loc).corsError, 'CorsDisabledScheme', loc);
  });

  it('the redirect response is access-checked before its Location', () => {
    assert.equal(redirectTo('data:text/plain,hi', false).corsError, 'MissingAllowOriginHeader');
    assert.equal(redirectTo('http://u:p@127.0.0.1:4000/x', false).corsError, 'MissingAllowOriginHeader');
  });
});

describe('cors engine: a redirect that needs a new preflight', () => {
  const HOP = 'http://127.0.0.1:5000/api/items/r';
  const okPreflight = response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-custom']]);
  const build = (hopPreflight: ReturnType<typeof response>, hopOrigin = 'null'): CorsFlow => ({
    preflight: exchange(preflightRequest('PUT', ['x-custom']), okPreflight),
    requests: [
      exchange(request('PUT', [['X-Custom', '1']]), { status: 307, headers: [['Location', HOP], ['Access-Control-Allow-Origin', PAGE]] }),
      exchange(preflightRequest('PUT', ['x-custom'], HOP, hopOrigin), hopPreflight),
    ],
    complete: true,
  });

  it('judges the preflight sent before the hop (tainted origin "null")', () => {
    const j = judgeFlow(build(response(204, [['Access-Control-Allow-Methods', 'PUT']])));
    assert.equal(j.verdict, 'fail');
    assert.equal(j.stage, 'preflight');
    assert.equal(j.corsError, 'PreflightMissingAllowOriginHeader');
    assert.equal(j.requests.length, 2);
    assert.equal(j.requests[1].corsError, 'PreflightMissingAllowOriginHeader');
    assert.equal(
      j.decisive.message,
      `Access to fetch at '${HOP}' (redirected from '${API}') from origin '${PAGE}' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.`,
    );
    assert.deepEqual(j.decisive.fix[0], { action: 'set', header: 'Access-Control-Allow-Origin', value: 'null', on: 'preflight' });
  });

  it('the same flow given through CorsFlow.redirectPreflights', () => {
    const inline = build(response(204, [['Access-Control-Allow-Methods', 'PUT']]));
    const j = judgeFlow({ ...inline, requests: [inline.requests[0]], redirectPreflights: [inline.requests[1]] });
    assert.equal(j.corsError, 'PreflightMissingAllowOriginHeader');
    assert.equal(j.requests.length, 1);
    assert.equal(j.redirectPreflights?.length, 1);
    assert.equal(j.redirectPreflights?.[0].corsError, 'PreflightMissingAllowOriginHeader');
    assert.equal(j.decisive.message, judgeFlow(inline).decisive.message);
  });

  it('a hop preflight with status 500 fails with PreflightInvalidStatus', () => {
    const j = judgeFlow(build(response(500, [['Access-Control-Allow-Origin', 'null'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-custom']])));
    assert.equal(j.corsError, 'PreflightInvalidStatus');
  });
});

describe('cors engine: fixes that look past a bad status', () => {
  it('a silent 404 preflight gets every header it needs, so fixing the status is the only other step', () => {
    const flow = preflightedFlow('PUT', ['content-type', 'x-token'], response(404));
    const j = judgeFlow(flow);
    assert.deepEqual(j.decisive.fix.map((c) => c.header), ['Access-Control-Allow-Origin', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers']);
    assert.match(j.decisive.explanation, /404/);
    const fixedHeaders = judgeFlow({
      ...flow,
      preflight: { ...flow.preflight!, response: { status: 204, headers: j.decisive.fix.map((c) => [c.header, c.value ?? ''] as [string, string]) } },
      requests: [exchange(request('PUT', [['Content-Type', 'application/json'], ['X-Token', '1']]), response(200, [['Access-Control-Allow-Origin', PAGE]]))],
    });
    assert.notEqual(fixedHeaders.verdict, 'fail');
  });
});

describe('cors engine: preflight status edges', () => {
  const allow: [string, string][] = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']];
  it('3xx without a Location is not a redirect but a bad status; 200-299 are ok', () => {
    for (const status of [300, 304, 302, 199, 300]) {
      assert.equal(judgeFlow(preflightedFlow('PUT', [], response(status, allow))).corsError, 'PreflightInvalidStatus', String(status));
    }
    for (const status of [200, 204, 299]) {
      const j = judgeFlow(preflightedFlow('PUT', [], response(status, allow), { res: response(200, [['Access-Control-Allow-Origin', PAGE]]) }));
      assert.notEqual(j.verdict, 'fail', String(status));
    }
  });
  it('an empty Location does not make a redirect', () => {
    assert.equal(judgeFlow(preflightedFlow('PUT', [], response(302, [...allow, ['Location', '']]))).corsError, 'PreflightInvalidStatus');
  });
});

describe('cors engine: Firefox wording for unparsable allow-lists', () => {
  it('names the first invalid token', () => {
    const j = judgeFlow(preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET, PUT;, "X"']])));
    assert.equal(j.corsError, 'InvalidAllowMethodsPreflightResponse');
    assert.equal(j.failedParameter, '');
    assert.equal(j.decisive.firefoxReason, "invalid token 'PUT;' in CORS header 'Access-Control-Allow-Methods'");
  });
});
