// Every Python quick-fix case (Flask, FastAPI, Django) with the real tree-sitter-python grammar.
import { describeGrammarCases } from './grammar-cases';
import { PYTHON_CASES } from './python-cases';

describeGrammarCases('quick fixes: Python framework × kind', PYTHON_CASES, { language: 'python', isSource: (p) => p.endsWith('.py') });
