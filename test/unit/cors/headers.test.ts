// Header semantics as Chromium's net stack reads them.
import { strict as assert } from 'node:assert';
import { getHeader, headerValues, splitList, isToken } from '../../../src/core/http/headers';
import { judgeFlow } from '../../../src/core/cors';
import { PAGE, request, response, simpleFlow, preflightedFlow } from './flows';

describe('cors engine: header semantics', () => {
  it('names are case-insensitive, values trimmed, repeats joined with ", "', () => {
    const h: [string, string][] = [['X-A', '  one '], ['x-a', '\ttwo'], ['X-B', '']];
    assert.equal(getHeader(h, 'x-a'), 'one, two');
    assert.deepEqual(headerValues(h, 'X-A'), ['one', 'two']);
    assert.equal(getHeader(h, 'x-b'), '');
    assert.equal(getHeader(h, 'x-c'), null);
  });

  it('list parsing drops empty items and surrounding whitespace', () => {
    assert.deepEqual(splitList(' GET ,, PUT,'), ['GET', 'PUT']);
    assert.equal(isToken('x-custom'), true);
    assert.equal(isToken('x custom'), false);
    assert.equal(isToken('PUT;'), false);
  });

  it('ACAO with surrounding whitespace still matches', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['access-control-allow-origin', `  ${PAGE}  `], ['ACCESS-CONTROL-ALLOW-CREDENTIALS', 'true']])));
    assert.equal(j.verdict, 'pass');
  });

  it('the same origin sent twice is two values', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Origin', PAGE]])));
    assert.equal(j.corsError, 'MultipleAllowOriginValues');
    assert.equal(j.failedParameter, `${PAGE}, ${PAGE}`);
  });

  it('ACAM split over two lines is one list', () => {
    const flow = preflightedFlow('PUT', [], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', 'GET'], ['Access-Control-Allow-Methods', 'PUT']]), {
      res: response(200, [['Access-Control-Allow-Origin', PAGE]]),
    });
    assert.notEqual(judgeFlow(flow).verdict, 'fail');
  });

  it('header names in ACAH compare case-insensitively', () => {
    const flow = preflightedFlow('POST', ['x-token'], response(204, [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Headers', 'X-TOKEN']]), {
      res: response(200, [['Access-Control-Allow-Origin', PAGE]]),
    });
    assert.notEqual(judgeFlow(flow).verdict, 'fail');
  });

  it('ACAH * covers Authorization in Chromium without credentials, with a cross-browser warning', () => {
    const flow = preflightedFlow('GET', ['authorization'], response(204, [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Headers', '*']]), {
      res: response(200, [['Access-Control-Allow-Origin', '*']]),
    });
    const j = judgeFlow(flow);
    assert.equal(j.verdict, 'warn');
    assert.equal(j.stage, 'preflight');
    assert.match(j.decisive.warnings.join(' '), /Firefox and Safari do not/);
    assert.deepEqual(j.decisive.fix, [{ action: 'set', header: 'Access-Control-Allow-Headers', value: '*, authorization', on: 'preflight' }]);
  });
});

describe('cors engine: non-ASCII header bytes', () => {
  it('ACAO bytes that are not UTF-8 are an invalid value; DevTools shows no parameter', () => {
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', 'http://\u00e9']])));
    assert.equal(j.corsError, 'InvalidAllowOriginValue');
    assert.equal(j.failedParameter, '');
    assert.match(j.decisive.message, /invalid value 'http:\/\/\\u00E9'/);
  });
  it('UTF-8 bytes are read as UTF-8 (a valid URL, so a mismatch)', () => {
    const utf8AsLatin1 = 'https://\u00c3\u00a9x';
    const j = judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', utf8AsLatin1]])));
    assert.equal(j.corsError, 'AllowOriginMismatch');
    assert.equal(j.failedParameter, 'https://\u00e9x');
    assert.match(j.decisive.message, /'https:\/\/\\u00C3\\u00A9x'/);
  });
});

describe('cors engine: ACAO validity as GURL sees it', () => {
  const judge = (acao: string) => judgeFlow(simpleFlow(request('GET'), response(200, [['Access-Control-Allow-Origin', acao]]))).corsError;
  it('separates invalid values from mere mismatches like Chromium 156 does', () => {
    for (const v of ['https://', 'http://:80', 'http://a:b', 'http://a<b', 'http://a^b', 'http://a%25b', 'http://x:99999', '*.example.com', 'Null']) {
      assert.equal(judge(v), 'InvalidAllowOriginValue', v);
    }
    for (const v of ['localhost:1', 'foo:bar', 'http://a{b', 'http://a_b', 'http://a%41b', 'http://a%20b', 'http://u@localhost:1', `${PAGE}/path`]) {
      assert.equal(judge(v), 'AllowOriginMismatch', v);
    }
  });
});
