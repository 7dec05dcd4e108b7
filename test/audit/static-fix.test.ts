// The static quick fix on real servers: each sample's CORS code really lets any
// origin in (the audit says so, high), the quick fix rewrites it into an allow-list
// of the app's origin, and the same server, restarted from the edited file, passes
// the audit with nothing high or medium. The Python samples run on Debian's
// /usr/bin/python3 (Flask, Flask-CORS, FastAPI with uvicorn, Django with
// django-cors-headers) and are read with the real tree-sitter grammar.
import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { applyEdits } from '../../src/core/codefix/edits';
import { planAllowListFix, staticFindings } from '../../src/core/audit/static';
import type { Finding, FindingId } from '../../src/core/audit/types';
import type { Grammars } from '../../src/core/codefix/types';
import { GrammarLoader } from '../../src/shell/grammars';
import { ROOT, buildCli, runCli } from '../cli/support';
import { NGINX_SAMPLE, PYTHON, startNginxSamples } from './support';

const APP = 'https://app.example.com';
/** Each sample and the one finding its code has (high, and the active audit agrees). */
const SAMPLES: Array<[string, FindingId]> = [
  ['express-origin-true.js', 'any-origin-reflected'],
  ['express-callback.js', 'any-origin-reflected'],
  ['express-handwritten.js', 'any-origin-reflected'],
  ['koa-no-origin.js', 'any-origin-reflected'],
  ['fastify-origin-true.js', 'any-origin-reflected'],
  ['flask_credentials.py', 'any-origin-reflected'],
  ['flask_after_request.py', 'any-origin-reflected'],
  ['fastapi_wildcard.py', 'any-origin-reflected'],
  ['fastapi_regex.py', 'lookalike-origin-allowed'],
  ['fastapi_middleware.py', 'any-origin-reflected'],
  ['django_allow_all.py', 'any-origin-reflected'],
  ['django_view.py', 'any-origin-reflected'],
];

function start(file: string): Promise<{ url: string; child: ChildProcess }> {
  const python = file.endsWith('.py');
  const child = spawn(python ? PYTHON : process.execPath, [file], {
    // The Python samples share how they listen (fix-samples/sample_server.py).
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), PORT: '0', PYTHONDONTWRITEBYTECODE: '1', PYTHONPATH: path.join(__dirname, 'fix-samples') },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${file} did not start: ${out}${err}`)), 20_000);
    child.stderr!.on('data', (c) => (err += c));
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}): ${err}`)));
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /listening on (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${m[1]}`, child });
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function audit(url: string, at = '/api/me'): Promise<{ code: number | null; findings: Finding[] }> {
  const run = await runCli(['audit', '--target', url, '--origin', APP, '--path', at, '--json']);
  assert.notEqual(run.code, 2, run.stderr);
  return { code: run.code, findings: (JSON.parse(run.stdout) as { findings: Finding[] }).findings };
}

describe('the static quick fix on real servers', function () {
  let dir: string;
  let grammars: Grammars = {};
  before(async () => {
    await buildCli();
    grammars = await new GrammarLoader().load(['python']);
    dir = mkdtempSync(path.join(tmpdir(), 'cors-audit-fix-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, id] of SAMPLES) {
    it(`${name}: flagged ${id}, true in reality, and passes the audit once fixed`, async () => {
      const text = readFileSync(path.join(__dirname, 'fix-samples', name), 'utf8');
      const file = path.join(dir, name);
      writeFileSync(file, text);
      const [finding, ...rest] = staticFindings({ path: name, text }, grammars);
      assert.equal(finding?.id, id, JSON.stringify(finding));
      assert.equal(finding.severity, 'high');
      assert.deepEqual(rest, []);

      let server = await start(file);
      try {
        const before = await audit(server.url);
        assert.equal(before.code, 1);
        assert.equal(before.findings.find((f) => f.id === id)?.severity, 'high', JSON.stringify(before.findings));

        const plan = planAllowListFix({ path: name, text }, finding, [APP], grammars);
        assert.ok(!('refused' in plan), JSON.stringify(plan));
        const fixed = applyEdits(text, plan.edits);
        assert.deepEqual(staticFindings({ path: name, text: fixed }, grammars), [], fixed);
        writeFileSync(file, fixed);
        await stop(server.child);
        server = await start(file);
        const after = await audit(server.url);
        assert.deepEqual(after.findings.filter((f) => f.severity !== 'low').map((f) => `${f.id} ${f.severity}`), [], fixed);
        assert.equal(after.code, 0);
        // The app's own origin still gets in.
        const res = await fetch(`${server.url}/api/me`, { headers: { Origin: APP } });
        assert.equal(res.headers.get('access-control-allow-origin'), APP, fixed);
      } finally {
        await stop(server.child);
      }
    });
  }

  for (const [at, id] of [['/reflect', 'any-origin-reflected'], ['/prefix', 'lookalike-origin-allowed']] as const) {
    it(`nginx.conf (the audit sample's ${at}): flagged, ${id} in real nginx, and passes the audit once fixed`, async () => {
      const text = readFileSync(NGINX_SAMPLE, 'utf8');
      const inLocation = (t: string) => staticFindings({ path: 'nginx.conf', text: t }).filter((f) => {
        const line = t.split('\n').slice(0, f.range.start.line).reverse().find((l) => /^\s*location /.test(l));
        return line?.trim() === `location ${at} {`;
      });
      const findings = inLocation(text);
      assert.deepEqual(findings.map((f) => `${f.id} ${f.severity}`), [`${id} high`, `${id} high`]);
      let server = await startNginxSamples(text);
      try {
        const before = await audit(server.url, at);
        assert.equal(before.code, 1);
        assert.equal(before.findings.find((f) => f.id === id)?.severity, 'high', JSON.stringify(before.findings));

        const plan = planAllowListFix({ path: 'nginx.conf', text }, findings[0], [APP]);
        assert.ok(!('refused' in plan), JSON.stringify(plan));
        const fixed = applyEdits(text, plan.edits);
        assert.deepEqual(inLocation(fixed), [], fixed);
        await server.close();
        server = await startNginxSamples(fixed);
        const after = await audit(server.url, at);
        assert.deepEqual(after.findings.filter((f) => f.severity !== 'low').map((f) => `${f.id} ${f.severity}`), [], fixed);
        assert.equal(after.code, 0);
        // The app's own origin still gets in, with credentials, on the request and on its preflight.
        const res = await fetch(`${server.url}${at}`, { headers: { Origin: APP } });
        assert.equal(res.headers.get('access-control-allow-origin'), APP);
        assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
        const pre = await fetch(`${server.url}${at}`, { method: 'OPTIONS', headers: { Origin: APP, 'Access-Control-Request-Method': 'PUT' } });
        assert.equal(pre.status, 204);
        assert.equal(pre.headers.get('access-control-allow-origin'), APP);
      } finally {
        await server.close();
      }
    });
  }
});
