// `cors-inspector fix` on a Python project: the built CLI loads tree-sitter-python through
// the grammar loader from dist/grammars (next to the bundle), parses the Flask app and
// writes the fix; without the grammar files beside it, it says so in one line (exit 2).
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { toJsonLine } from '../../src/core/exchange/jsonl';
import * as F from '../unit/cors/flows';
import { recordsOf } from '../unit/codefix/records';
import { buildCli, CLI, runCli } from './support';

const APP = `from flask import Flask, jsonify

app = Flask(__name__)


@app.get("/api/items")
def list_items():
    return jsonify([])
`;

describe('cors-inspector fix on a Python (Flask) project', function () {
  let work = '';
  let jsonl = '';
  before(async () => {
    await buildCli();
    work = mkdtempSync(path.join(tmpdir(), 'fix-python-'));
    mkdirSync(path.join(work, 'api'));
    writeFileSync(path.join(work, 'api', 'app.py'), APP);
    writeFileSync(path.join(work, 'api', 'requirements.txt'), 'flask\n');
    jsonl = path.join(work, 'exchanges.jsonl');
    const records = recordsOf([F.simpleFlow(F.request('GET'), F.response(200))]);
    writeFileSync(jsonl, records.map(toJsonLine).join('\n') + '\n');
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  it('parses app.py with the shipped tree-sitter-python and writes the Flask fix', async () => {
    const dry = await runCli(['fix', '--from', jsonl, '--workspace', path.join(work, 'api')]);
    assert.equal(dry.code, 0, dry.stdout + dry.stderr);
    assert.match(dry.stdout, /Allow origin http:\/\/localhost:3000 \(flask\)/);
    assert.match(dry.stdout, /\+CORS_ALLOWED_ORIGINS = \["http:\/\/localhost:3000"\]/);
    assert.match(dry.stdout, /\+@app\.after_request/);
    const applied = await runCli(['fix', '--from', jsonl, '--workspace', path.join(work, 'api'), '--apply']);
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(readFileSync(path.join(work, 'api', 'app.py'), 'utf8'), /def add_cors_headers\(response\):/);
    const again = await runCli(['fix', '--from', jsonl, '--workspace', path.join(work, 'api'), '--apply']);
    assert.equal(again.code, 3, again.stdout + again.stderr);
  });

  it('without the grammar files next to the bundle: exit 2, one line naming the missing file', () => {
    const lonely = mkdtempSync(path.join(tmpdir(), 'fix-python-cli-'));
    try {
      copyFileSync(CLI, path.join(lonely, 'cli.js'));
      writeFileSync(path.join(work, 'api', 'app.py'), APP);
      const res = spawnSync(process.execPath, [path.join(lonely, 'cli.js'), 'fix', '--from', jsonl, '--workspace', path.join(work, 'api')], { encoding: 'utf8' });
      assert.equal(res.status, 2, res.stdout + res.stderr);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.match(res.stderr, /tree-sitter/);
      assert.match(res.stderr, new RegExp(path.join(lonely, 'grammars').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    } finally {
      rmSync(lonely, { recursive: true, force: true });
    }
  });
});
