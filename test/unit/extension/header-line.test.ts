import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { failingHeaderLine } from '../../../src/extension/headerLine';

const demo = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'demo', 'api', 'server.js'), 'utf8');
const lines = demo.split('\n');
const lineOf = (needle: string, from = 0) => lines.findIndex((l, i) => i >= from && l.includes(needle));

describe('failingHeaderLine', () => {
  const todos = lineOf("case 'OPTIONS /api/todos'");
  const acao = lineOf("'Access-Control-Allow-Origin': FRONT_END", todos);
  const nextRoute = lineOf("case 'POST /api/todos'");

  it('moves from the Allow-Origin line to the line writing the failing header', () => {
    assert.equal(failingHeaderLine(demo, acao, 'access-control-allow-headers', nextRoute), lineOf("'Access-Control-Allow-Headers': 'X-Requested-With'"));
    assert.equal(failingHeaderLine(demo, acao, 'access-control-allow-methods', nextRoute), lineOf("'Access-Control-Allow-Methods'", todos));
  });

  it('stays when the header is the one on the line, is not written nearby, or is not named', () => {
    assert.equal(failingHeaderLine(demo, acao, 'access-control-allow-origin', nextRoute), acao);
    assert.equal(failingHeaderLine(demo, acao, 'access-control-allow-credentials', nextRoute), acao);
    assert.equal(failingHeaderLine(demo, acao, undefined, nextRoute), acao);
  });

  it('never looks past the next route, nor moves from a line that writes no CORS header', () => {
    // Allow-Headers is two lines below: a route declared right after the Allow-Origin line ends the search.
    assert.equal(failingHeaderLine(demo, acao, 'access-control-allow-headers', acao + 1), acao);
    // From /api/hello's Allow-Origin, the Allow-Headers of the later /api/todos route is not /api/hello's.
    const hello = lineOf("'Access-Control-Allow-Origin': FRONT_END, Vary");
    assert.equal(failingHeaderLine(demo, hello, 'access-control-allow-headers', lineOf("case 'GET /api/orders'")), hello);
    const appLine = lineOf('const server = http.createServer');
    assert.equal(failingHeaderLine(demo, appLine, 'access-control-allow-origin'), appLine);
  });
});
