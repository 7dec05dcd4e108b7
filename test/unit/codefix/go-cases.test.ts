// Every Go quick-fix case (net/http, rs/cors, Gin, chi) with the real tree-sitter-go grammar;
// where gofmt is installed, each fixed Go file must be exactly as gofmt prints it.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { describeGrammarCases } from './grammar-cases';
import { GO_CASES } from './go-cases';

const gofmt = spawnSync('gofmt', ['-h']).error ? null : 'gofmt';

describeGrammarCases('quick fixes: Go framework × kind', GO_CASES, {
  language: 'go',
  isSource: (p) => p.endsWith('.go'),
  checkSource(f) {
    if (!gofmt) return;
    const out = spawnSync(gofmt, [], { input: f.text, encoding: 'utf8' });
    assert.equal(out.status, 0, out.stderr);
    assert.equal(f.text, out.stdout, `${f.path} is not as gofmt prints it`);
  },
});
