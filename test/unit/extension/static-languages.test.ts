// The editor's static audit languages without an editor: the table picks the analyzer by
// extension, and the Python grammar is loaded only once a .py file mentions CORS.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { STATIC_GLOB, StaticAnalyzer, staticLanguageOf } from '../../../src/extension/staticLanguages';
import { GrammarLoader } from '../../../src/shell/grammars';
import { analyzeSource } from '../../../src/core/audit/static';

const FLASK = `from flask import Flask
from flask_cors import CORS

app = Flask(__name__)
CORS(app, supports_credentials=True)
`;

describe('static audit languages', () => {
  it('picks the analyzer by extension, and the glob covers every row', () => {
    assert.equal(staticLanguageOf('api/app.py')?.grammar, 'python');
    assert.equal(staticLanguageOf('src/server.ts')?.grammar, null);
    assert.equal(staticLanguageOf('types/index.d.ts'), undefined);
    assert.equal(staticLanguageOf('nginx.conf')?.grammar, null, 'nginx is read by the core tokenizer');
    assert.equal(staticLanguageOf('Dockerfile'), undefined);
    for (const ext of ['js', 'tsx', 'py', 'conf']) assert.ok(STATIC_GLOB.includes(ext), STATIC_GLOB);
  });

  it('reads the files the core reads: nginx site files without an extension, no Python under a virtualenv', () => {
    assert.ok(staticLanguageOf('sites-available/api')?.extensions.includes('conf'));
    assert.equal(staticLanguageOf('.venv/lib/python3.11/site-packages/flask_cors/core.py'), undefined);
    const site = 'server { location / { add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always; } }\n';
    assert.ok(analyzeSource({ path: 'sites-available/api', text: site }).findings.length > 0);
  });

  it('loads the Python grammar only for a file that mentions CORS', async () => {
    const loader = new GrammarLoader();
    const analyzer = new StaticAnalyzer(loader);
    assert.deepEqual(await analyzer.analyze({ path: 'app.py', text: 'print("hello")\n' }), { findings: [], sites: [] });
    assert.deepEqual(loader.loadedLanguages, []);
    const js = await analyzer.analyze({ path: 'server.js', text: "const cors = require('cors');\napp.use(cors({ origin: true, credentials: true }));\n" });
    assert.deepEqual(js.findings.map((f) => f.id), ['any-origin-reflected']);
    assert.deepEqual(loader.loadedLanguages, []);
    const py = await analyzer.analyze({ path: 'app.py', text: FLASK });
    assert.deepEqual(py.findings.map((f) => `${f.id} ${f.severity}`), ['any-origin-reflected high']);
    assert.deepEqual(loader.loadedLanguages, ['python']);
    const plan = await analyzer.planFix({ path: 'app.py', text: FLASK }, py.findings[0], ['https://app.example.com']);
    assert.ok(!('refused' in plan), JSON.stringify(plan));
  });

  it('a grammar that cannot load turns that language off, with a warning, and JS still works', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'no-grammars-'));
    try {
      const warnings: string[] = [];
      const analyzer = new StaticAnalyzer(new GrammarLoader(empty), (m) => warnings.push(m));
      assert.deepEqual(await analyzer.analyze({ path: 'app.py', text: FLASK }), { findings: [], sites: [] });
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /python/);
      const plan = await analyzer.planFix({ path: 'app.py', text: FLASK }, { id: 'any-origin-reflected' } as never, ['https://app.example.com']);
      assert.ok('refused' in plan);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
