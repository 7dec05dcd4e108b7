// Every Python quick-fix case (Flask, FastAPI, Django) with the real tree-sitter-python
// grammar; the fixed code must also have no high finding of the static audit.
import { strict as assert } from 'node:assert';
import { staticFindings } from '../../../src/core/audit/static';
import { describeGrammarCases } from './grammar-cases';
import { PYTHON_CASES } from './python-cases';

describeGrammarCases('quick fixes: Python framework × kind', PYTHON_CASES, {
  language: 'python',
  isSource: (p) => p.endsWith('.py'),
  checkSource(f, grammars, caseName) {
    const high = staticFindings(f, grammars).filter((x) => x.severity === 'high');
    assert.deepEqual(high.map((x) => x.title), [], `${caseName}/${f.path}: the static audit flags the fixed code`);
  },
});
