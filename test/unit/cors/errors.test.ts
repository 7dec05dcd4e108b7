// Every Network.CorsError that HTTP headers alone can cause: the name, Chromium's
// failedParameter, the console message, and that the proposed fix really passes.
import { strict as assert } from 'node:assert';
import { judgeFlow } from '../../../src/core/cors';
import type { CorsErrorName, CorsFlow } from '../../../src/core/cors/types';
import type { HeaderList } from '../../../src/core/http/types';
import {
  API, PAGE, applyFix, exchange, preflightRequest, preflightedFlow, request, response, simpleFlow,
} from './flows';

const PREFIX = `Access to fetch at '${API}' from origin '${PAGE}' has been blocked by CORS policy: `;
const PF = "Response to preflight request doesn't pass access control check: ";
const COOKIE: HeaderList = [['Cookie', 'session=1']];

interface Case {
  name: string;
  flow: CorsFlow;
  error: CorsErrorName;
  param: string;
  message: string;
  /** false: no header change can fix it (status, redirects); or the error that remains after the header fix. */
  fixable?: false | CorsErrorName;
}

const cases: Case[] = [
  {
    name: 'no ACAO on the actual response',
    flow: simpleFlow(request('GET'), response(200)),
    error: 'MissingAllowOriginHeader', param: '',
    message: PREFIX + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  },
  {
    name: 'ACAO * on a credentialed request (Cookie seen)',
    flow: simpleFlow(request('GET', COOKIE), response(200, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Credentials', 'true']])),
    error: 'WildcardOriginNotAllowed', param: '',
    message: PREFIX + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  },
  {
    name: 'two ACAO lines are combined with ", "',
    flow: simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', 'http://a.example'], ['access-control-allow-origin', ` ${PAGE}\t`]])),
    error: 'MultipleAllowOriginValues', param: `http://a.example, ${PAGE}`,
    message: PREFIX + `The 'Access-Control-Allow-Origin' header contains multiple values 'http://a.example, ${PAGE}', but only one is allowed. Have the server send the header with a valid value.`,
  },
  {
    name: 'ACAO that is not a URL',
    flow: simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', '*.example.com']])),
    error: 'InvalidAllowOriginValue', param: '*.example.com',
    message: PREFIX + "The 'Access-Control-Allow-Origin' header contains the invalid value '*.example.com'. Have the server send the header with a valid value.",
  },
  {
    name: 'ACAO for another port',
    flow: simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', 'http://localhost:3001']])),
    error: 'AllowOriginMismatch', param: 'http://localhost:3001',
    message: PREFIX + "The 'Access-Control-Allow-Origin' header has a value 'http://localhost:3001' that is not equal to the supplied origin. Have the server send the header with a valid value.",
  },
  {
    name: 'ACAO null for a real origin',
    flow: simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', 'null']])),
    error: 'AllowOriginMismatch', param: 'null',
    message: PREFIX + "The 'Access-Control-Allow-Origin' header has a value 'null' that is not equal to the supplied origin. Have the server send the header with a valid value.",
  },
  {
    name: 'ACAC TRUE (case-sensitive) on a credentialed request',
    flow: simpleFlow(request('GET', COOKIE), response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'TRUE']])),
    error: 'InvalidAllowCredentials', param: 'TRUE',
    message: PREFIX + "The value of the 'Access-Control-Allow-Credentials' header in the response is 'TRUE' which must be 'true' when the request's credentials mode is 'include'.",
  },
  {
    name: 'ACAC missing on a credentialed request',
    flow: simpleFlow(request('GET', COOKIE), response(200, [['Access-Control-Allow-Origin', PAGE]])),
    error: 'InvalidAllowCredentials', param: '',
    message: PREFIX + "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
  },
  {
    name: 'redirect to a URL with userinfo',
    flow: simpleFlow(request('GET'), { status: 302, headers: [['Location', 'http://user:pw@127.0.0.1:4000/x'], ['Access-Control-Allow-Origin', PAGE]] }),
    error: 'RedirectContainsCredentials', param: '', fixable: false,
    message: PREFIX + "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.",
  },
  {
    name: 'redirect to a non-http scheme',
    flow: simpleFlow(request('GET'), { status: 307, headers: [['Location', 'ftp://127.0.0.1/file'], ['Access-Control-Allow-Origin', PAGE]] }),
    error: 'CorsDisabledScheme', param: '', fixable: false,
    message: `Access to fetch at 'ftp://127.0.0.1/file' (redirected from '${API}') from origin '${PAGE}' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app.`,
  },
  {
    name: 'preflight 404 that does carry ACAO',
    flow: preflightedFlow('PUT', [], response(404, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']])),
    error: 'PreflightInvalidStatus', param: '', fixable: false,
    message: PREFIX + PF + 'It does not have HTTP ok status.',
  },
  {
    name: 'preflight redirected',
    flow: preflightedFlow('PUT', [], { status: 301, headers: [['Location', API + '/'], ['Access-Control-Allow-Origin', PAGE]] }),
    error: 'PreflightDisallowedRedirect', param: '', fixable: false,
    message: PREFIX + PF + 'Redirect is not allowed for a preflight request.',
  },
  {
    name: 'preflight 404 without CORS headers reports the missing ACAO first',
    flow: preflightedFlow('PUT', ['x-token'], response(404)),
    error: 'PreflightMissingAllowOriginHeader', param: '', fixable: 'PreflightInvalidStatus',
    message: PREFIX + PF + "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
  },
  {
    name: 'preflight with two origins',
    flow: preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', `${PAGE} http://b.example`], ['Access-Control-Allow-Methods', 'PUT']])),
    error: 'PreflightMultipleAllowOriginValues', param: `${PAGE} http://b.example`,
    message: PREFIX + PF + `The 'Access-Control-Allow-Origin' header contains multiple values '${PAGE} http://b.example', but only one is allowed. Have the server send the header with a valid value.`,
  },
  {
    name: 'preflight with an invalid origin',
    flow: preflightedFlow('DELETE', [], response(204, [['Access-Control-Allow-Origin', 'http://'], ['Access-Control-Allow-Methods', 'DELETE']])),
    error: 'PreflightInvalidAllowOriginValue', param: 'http://',
    message: PREFIX + PF + "The 'Access-Control-Allow-Origin' header contains the invalid value 'http://'. Have the server send the header with a valid value.",
  },
  {
    name: 'preflight with a trailing slash origin',
    flow: preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', PAGE + '/'], ['Access-Control-Allow-Methods', 'PUT']])),
    error: 'PreflightAllowOriginMismatch', param: PAGE + '/',
    message: PREFIX + PF + `The 'Access-Control-Allow-Origin' header has a value '${PAGE}/' that is not equal to the supplied origin. Have the server send the header with a valid value.`,
  },
  {
    name: 'preflight * that was followed by nothing: credentialed fetch refused',
    flow: preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'PUT']])),
    error: 'PreflightWildcardOriginNotAllowed', param: '',
    message: PREFIX + PF + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.",
  },
  {
    name: 'preflight without ACAC that was followed by nothing',
    flow: preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'PUT']])),
    error: 'PreflightInvalidAllowCredentials', param: '',
    message: PREFIX + PF + "The value of the 'Access-Control-Allow-Credentials' header in the response is '' which must be 'true' when the request's credentials mode is 'include'.",
  },
  {
    name: 'private network preflight without ACAPN',
    flow: {
      preflight: exchange(
        { ...preflightRequest('GET'), headers: [...preflightRequest('GET').headers, ['Access-Control-Request-Private-Network', 'true']] },
        response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']]),
      ),
      requests: [], complete: true,
    },
    error: 'PreflightMissingAllowPrivateNetwork', param: '',
    message: PREFIX + "No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the `local` address space.",
  },
  {
    name: 'private network preflight with ACAPN yes',
    flow: {
      preflight: exchange(
        { ...preflightRequest('GET'), headers: [...preflightRequest('GET').headers, ['Access-Control-Request-Private-Network', 'true']] },
        response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Private-Network', 'yes']]),
      ),
      requests: [], complete: true,
    },
    error: 'PreflightInvalidAllowPrivateNetwork', param: 'yes',
    message: PREFIX + "The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the `local` address space had a value of 'yes', not 'true'.",
  },
  {
    name: 'ACAM that is not a token list',
    flow: preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'GET, PUT;']])),
    error: 'InvalidAllowMethodsPreflightResponse', param: '',
    message: PREFIX + 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.',
  },
  {
    name: 'ACAH that is not a token list',
    flow: preflightedFlow('PUT', ['x-a'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-a x-b']])),
    error: 'InvalidAllowHeadersPreflightResponse', param: '',
    message: PREFIX + 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.',
  },
  {
    name: 'method not in ACAM',
    flow: preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'GET, POST']])),
    error: 'MethodDisallowedByPreflightResponse', param: 'PUT',
    message: PREFIX + 'Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.',
  },
  {
    name: 'lower-case patch against PATCH',
    flow: preflightedFlow('patch', [], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Methods', 'PATCH']])),
    error: 'MethodDisallowedByPreflightResponse', param: 'patch',
    message: PREFIX + 'Method patch is not allowed by Access-Control-Allow-Methods in preflight response.',
  },
  {
    name: 'header not in ACAH (first missing in sorted order)',
    flow: preflightedFlow('POST', ['x-b', 'x-a', 'content-type'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', 'Content-Type']])),
    error: 'HeaderDisallowedByPreflightResponse', param: 'x-a',
    message: PREFIX + 'Request header field x-a is not allowed by Access-Control-Allow-Headers in preflight response.',
  },
  {
    name: 'ACAH * is a literal name for a credentialed request (concluded), Authorization missing',
    flow: preflightedFlow('GET', ['authorization'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Allow-Headers', '*']])),
    error: 'HeaderDisallowedByPreflightResponse', param: 'authorization',
    message: PREFIX + 'Request header field authorization is not allowed by Access-Control-Allow-Headers in preflight response.',
  },
  {
    name: 'a page-set Authorization is reported after the other missing names',
    flow: preflightedFlow('GET', ['x-custom', 'authorization'], response(204, [['Access-Control-Allow-Origin', '*']])),
    error: 'HeaderDisallowedByPreflightResponse', param: 'x-custom',
    message: PREFIX + 'Request header field x-custom is not allowed by Access-Control-Allow-Headers in preflight response.',
  },
];

describe('cors engine: every header-caused CorsError', () => {
  for (const c of cases) {
    it(`${c.error}: ${c.name}`, () => {
      const judged = judgeFlow(c.flow);
      assert.equal(judged.verdict, 'fail');
      assert.equal(judged.corsError, c.error);
      assert.equal(judged.failedParameter, c.param);
      assert.equal(judged.decisive.message, c.message);
      assert.ok(judged.decisive.explanation.length > 20, 'explains the cause');
      if (c.fixable === false) {
        assert.deepEqual(judged.decisive.fix, []);
        return;
      }
      assert.ok(judged.decisive.fix.length > 0, 'proposes a fix');
      // Once the preflight passes the browser sends the actual request; give it a good answer.
      const pf = c.flow.preflight?.request;
      const method = pf?.headers.find(([n]) => n === 'Access-Control-Request-Method')?.[1] ?? 'GET';
      const asked = (pf?.headers.find(([n]) => n === 'Access-Control-Request-Headers')?.[1] ?? '').split(',').filter(Boolean);
      const thenActual = {
        req: request(method, asked.map((h) => [h, 'v'] as [string, string])),
        res: response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Credentials', 'true']]),
      };
      const fixed = judgeFlow(applyFix(c.flow, judged, thenActual));
      if (typeof c.fixable === 'string') {
        assert.equal(fixed.corsError, c.fixable);
        return;
      }
      // 'warn' is a pass in the browser (it names a credentialed variant that would still fail).
      assert.ok(fixed.verdict === 'pass' || fixed.verdict === 'warn', `after fix ${JSON.stringify(judged.decisive.fix)}: ${fixed.corsError}`);
      assert.equal(fixed.corsError === null || fixed.verdict === 'warn', true);
    });
  }
});
