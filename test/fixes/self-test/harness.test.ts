// The harness must be able to fail. With a stand-in fixer that applies hand-written
// edits to the Express 5 wrong-origin sample, a correct edit passes all five steps and
// each wrong one fails at the step that guards against it.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildCli, CLI } from '../../cli/support';
import { BrowserHarness } from '../harness/browser';
import { discoverSamples, type SampleCase } from '../harness/descriptor';
import { ProcessTracker } from '../harness/processes';
import { verifyCase, type CaseResult, type SuiteContext } from '../harness/verify-case';

const FIXER = path.join(__dirname, 'reference-fixer.js');
const CONFIGURED = "app.use(cors({ origin: 'http://localhost:3000' }));";
/** Hand-written edits of the sample's CORS line: one right, the others wrong in one way each. */
const EDITS: Record<string, string> = {
  good: "app.use(cors({ origin: ['http://localhost:3000', 'http://localhost:5173'] }));",
  reflecting: 'app.use(cors({ origin: true }));',
  unanchored: "app.use(cors({ origin: ['http://localhost:3000', /localhost:5173$/] }));",
  'forgets-old-origin': "app.use(cors({ origin: 'http://localhost:5173' }));",
};

describe('fix verification harness (with a reference fixer)', function () {
  this.timeout(120_000);
  let browser: BrowserHarness;
  let processes: ProcessTracker;
  let sample: SampleCase;
  let fixes: string;

  before(async () => {
    await buildCli();
    processes = new ProcessTracker();
    browser = await BrowserHarness.launch();
    const found = discoverSamples().find((s) => s.id === 'express5/wrong-origin');
    assert.ok(found, 'the Express 5 wrong-origin sample exists');
    sample = found;
    fixes = mkdtempSync(path.join(tmpdir(), 'reference-fixes-'));
    const server = readFileSync(path.join(sample.sources[sample.sources.length - 1], 'server.js'), 'utf8');
    assert.ok(server.includes(CONFIGURED), 'the sample configures CORS as this test expects');
    for (const [name, line] of Object.entries(EDITS)) {
      mkdirSync(path.join(fixes, name));
      writeFileSync(path.join(fixes, name, 'server.js'), server.replace(CONFIGURED, line));
    }
    // The good edit plus a dependency: one not installed here, and one in a range the project does not run.
    for (const [name, dep, range] of [['wrong-package', 'cors-anywhere', '^0.4.4'], ['wrong-range', 'mocha', '^3.0.0']]) {
      const manifest = JSON.parse(readFileSync(path.join(sample.sources[sample.sources.length - 1], 'package.json'), 'utf8'));
      manifest.dependencies[dep] = range;
      mkdirSync(path.join(fixes, name));
      writeFileSync(path.join(fixes, name, 'server.js'), server.replace(CONFIGURED, EDITS.good));
      writeFileSync(path.join(fixes, name, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
    }
  });
  after(async () => {
    if (fixes) rmSync(fixes, { recursive: true, force: true });
    delete process.env.REFERENCE_FIX_DIR;
    delete process.env.REFERENCE_FIX_MODE;
    await browser?.close();
    await processes?.dispose();
  });

  const run = (label: string, fix: string, mode = '', allowed?: string[]): Promise<CaseResult> => {
    process.env.REFERENCE_FIX_DIR = path.join(fixes, fix);
    process.env.REFERENCE_FIX_MODE = mode;
    const ctx: SuiteContext = { browser, processes, cli: CLI, fixer: [process.execPath, FIXER] };
    const descriptor = allowed ? { ...sample.descriptor, dependencies: { allowed } } : sample.descriptor;
    return verifyCase(ctx, { ...sample, descriptor, id: `self-test/${label}` });
  };
  const failedAt = (r: CaseResult) => r.steps.find((s) => !s.ok);

  it('passes a correct fix through all five steps', async () => {
    const r = await run('good', 'good');
    assert.ok(r.passed, JSON.stringify(r.steps, null, 2));
    assert.deepEqual(r.changed, ['server.js']);
  });

  it('fails a fix that reflects any origin: a foreign origin gets in', async () => {
    const r = await run('reflecting', 'reflecting');
    assert.equal(failedAt(r)?.step, 'after');
    assert.match(failedAt(r)!.detail, /from http:\/\/localhost:4173: passed.*foreign origin must stay blocked/);
  });

  it('fails an unanchored origin pattern: http://evil.localhost:5173 gets in', async () => {
    const r = await run('unanchored', 'unanchored');
    assert.equal(failedAt(r)?.step, 'after');
    assert.match(failedAt(r)!.detail, /from http:\/\/evil\.localhost:5173: passed/);
    assert.doesNotMatch(failedAt(r)!.detail, /from http:\/\/localhost:4173: passed/);
  });

  it('fails a fix that drops the origin that passed before', async () => {
    const r = await run('forgets-old-origin', 'forgets-old-origin');
    assert.equal(failedAt(r)?.step, 'after');
    assert.match(failedAt(r)!.detail, /from http:\/\/localhost:3000: blocked, AllowOriginMismatch.*expected to pass/);
  });

  it('fails a fix that adds a package other than the framework\'s CORS package', async () => {
    const r = await run('wrong-package', 'wrong-package');
    assert.equal(failedAt(r)?.step, 'fix');
    assert.match(failedAt(r)!.detail, /fix added cors-anywhere to package\.json; this sample expects only cors/);
  });

  it('fails a fix that adds an allowed package Node cannot resolve', async () => {
    const r = await run('unresolvable', 'wrong-package', '', ['cors', 'cors-anywhere']);
    assert.equal(failedAt(r)?.step, 'fix');
    assert.match(failedAt(r)!.detail, /fix added cors-anywhere to package\.json, which Node cannot resolve/);
  });

  it('fails a fix that adds a version range the installed package is not in', async () => {
    const r = await run('wrong-range', 'wrong-range', '', ['cors', 'mocha']);
    assert.equal(failedAt(r)?.step, 'fix');
    assert.match(failedAt(r)!.detail, /fix added mocha@\^3\.0\.0 to package\.json, but the version this project runs is 12\./);
  });

  it('fails a fixer that changes the files again on a second --apply', async () => {
    const r = await run('restless', 'good', 'restless');
    assert.equal(failedAt(r)?.step, 'again');
    assert.match(failedAt(r)!.detail, /second fix --apply changed server\.js/);
  });
});
