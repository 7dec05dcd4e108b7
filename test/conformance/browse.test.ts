// `cors-inspector browse` over the whole conformance set: the real CLI launches Debian's
// Chromium with its own DevTools-pipe client, a page on origin A runs every scenario by
// itself (browse-page.ts, bundled with a source map), and the records the CLI writes
// must say exactly what the oracle's Chromium said for each scenario (verdict, corsError,
// failedParameter, console line), the wire twins included, and name the line of
// browse-page.ts that made each request.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import type { ExchangeRecord } from '../../src/core/exchange/types';
import { parseJsonLines } from '../../src/core/exchange/jsonl';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../support/chromium';
import type { Scenario } from '../support/scenario-server';
import { oracleRun, type OracleRun } from './oracle';
import type { ChromiumOutcome } from './run';

const ROOT = path.resolve(__dirname, '../..');
/** Features Playwright disables in the oracle's Chromium that change a CORS outcome of the set (measured). */
const ORACLE_DISABLED_FEATURES = ['AvoidCorsURLLoaderRestartOnRedirect'];
const PAGE_SOURCE = path.join(__dirname, 'browse-page.ts');

interface Outcome {
  kind: 'pass' | 'cors-error' | 'network-error' | 'missing';
  corsError: string | null;
  failedParameter: string;
  message: string;
}

/** Lines of browse-page.ts marked `@initiator <kind>` (1-based). */
function markedLines(): Map<string, number> {
  const lines = readFileSync(PAGE_SOURCE, 'utf8').split('\n');
  const out = new Map<string, number>();
  lines.forEach((text, i) => {
    const m = /@initiator ([a-z-]+)/.exec(text);
    if (m && !text.trimStart().startsWith('//')) out.set(m[1], i + 1);
  });
  return out;
}

function fromChromium(c: ChromiumOutcome): Outcome {
  const kind = c.kind === 'pass' || c.kind === 'cors-error' || c.kind === 'network-error' ? c.kind : 'missing';
  return { kind, corsError: c.corsError, failedParameter: c.failedParameter, message: c.consoleMessage ?? '' };
}

/** What one browse flow says: the deciding record's verdict (the browser's, by construction of `cors`). */
function fromRecords(records: ExchangeRecord[]): Outcome {
  const failing = records.find((r) => r.cors.verdict === 'fail');
  if (!failing) return { kind: 'pass', corsError: null, failedParameter: '', message: '' };
  return {
    kind: failing.cors.corsError ? 'cors-error' : 'network-error',
    corsError: failing.cors.corsError,
    failedParameter: failing.cors.failedParameter,
    message: failing.cors.corsError ? failing.cors.message : '',
  };
}

describe('cors-inspector browse over the conformance set', function () {
  this.timeout(6 * 60 * 1000);
  let oracle: OracleRun;
  let dir: string;
  let cli: ChildProcess | null = null;
  let records: ExchangeRecord[] = [];
  let stderr = '';
  let runId = '';
  const flowsById = new Map<string, ExchangeRecord[][]>();
  const marks = markedLines();

  before(async function () {
    oracle = await oracleRun();
    const { server, scenarios } = oracle;
    dir = mkdtempSync(path.join(tmpdir(), 'cors-browse-conformance-'));
    await esbuild.build({
      entryPoints: [PAGE_SOURCE], outfile: path.join(dir, 'browse-page.js'), bundle: true, sourcemap: true,
      format: 'iife', target: 'es2022', logLevel: 'warning',
    });
    // A fresh run id: nothing in Chromium's caches belongs to it.
    runId = server.beginRun(scenarios);
    const plan = scenarios.map((s: Scenario) => ({
      id: s.id,
      url: (s.request.target === 'page-origin' ? server.origins.A : server.origins.B) + server.pathOf(runId, s.id),
      method: s.request.method, headers: s.request.headers, credentials: s.request.credentials, body: s.request.body,
      initiator: s.request.initiator ?? 'fetch', opaque: Boolean(s.request.opaqueOrigin), repeat: s.request.repeat ?? 1,
    }));
    const js = readFileSync(path.join(dir, 'browse-page.js'), 'utf8');
    const map = readFileSync(path.join(dir, 'browse-page.js.map'), 'utf8');
    const html = (body: string) => ({ status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ['Cache-Control', 'no-store']] as Array<[string, string]>, body });
    server.pages.set('/browse', html(`<!doctype html><title>browse</title><iframe sandbox="allow-scripts" src="/browse-frame?run=${runId}&frame=1"></iframe><script src="/browse-page.js?run=${runId}"></script>`));
    server.pages.set('/browse-frame', html(`<!doctype html><title>frame</title><script src="/browse-page.js?run=${runId}&frame=1"></script>`));
    server.pages.set('/browse-page.js', { status: 200, headers: [['Content-Type', 'text/javascript'], ['Cache-Control', 'no-store']], body: js });
    server.pages.set('/browse-page.js.map', { status: 200, headers: [['Content-Type', 'application/json']], body: map });
    server.pages.set(`/browse-plan/${runId}.json`, { status: 200, headers: [['Content-Type', 'application/json'], ['Access-Control-Allow-Origin', '*']], body: JSON.stringify(plan) });
    const doneSeen = () => new Set(server.allExchanges().map((e) => e.exchange.request.url).filter((u) => u.includes(`/browse-done/${runId}/`)).map((u) => u.split('/').pop()));
    for (const part of ['page', 'frame']) server.pages.set(`/browse-done/${runId}/${part}`, { status: 204, headers: [] });

    // The browser's script reads location.search, which the page's own <script src> does not carry: pass it on.
    const pageUrl = `${server.origins.A}/browse?run=${runId}`;
    const jsonl = path.join(dir, 'browse.jsonl');
    const started = Date.now();
    cli = spawn(process.execPath, [
      path.join(ROOT, 'dist/cli.js'), 'browse', pageUrl, '--headless', '--browser', CHROMIUM_PATH, '--jsonl', jsonl,
      ...CHROMIUM_ARGS.filter((a) => a !== '--no-sandbox').map((a) => `--browser-arg=${a}`),
      // The oracle is Chromium as Playwright launches it, which turns this feature off; so must the browser compared with it.
      // (With it on, as in a plain Chromium 156, a redirect to ws:// is CorsDisabledScheme instead of ERR_UNKNOWN_URL_SCHEME.)
      `--browser-arg=--disable-features=${ORACLE_DISABLED_FEATURES.join(',')}`,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    cli.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + 5 * 60 * 1000;
    while (doneSeen().size < 2 && Date.now() < deadline && cli.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    // The last flows settle in the browse session (and trailing console lines arrive).
    await new Promise((r) => setTimeout(r, 1500));
    cli.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => cli!.once('exit', (c) => resolve(c)));
    console.log(`\n  browse: ${scenarios.length} scenarios through cors-inspector browse in ${((Date.now() - started) / 1000).toFixed(1)} s (exit ${code})`);
    assert.equal(code, 0, stderr);
    records = parseJsonLines(readFileSync(jsonl, 'utf8'));
    // Flows: records sharing a pairId, or alone; per scenario, in the order written.
    const flows = new Map<string, ExchangeRecord[]>();
    for (const r of records) {
      const key = r.pairId ?? r.id;
      flows.set(key, [...(flows.get(key) ?? []), r]);
    }
    for (const flow of flows.values()) {
      const m = new RegExp(`/s/${runId}/([A-Za-z0-9._-]+?)(/r2?)?(\\?|$)`).exec(flow[0].request.url);
      if (!m) continue;
      flowsById.set(m[1], [...(flowsById.get(m[1]) ?? []), flow]);
    }
  });

  after(() => {
    if (cli && cli.exitCode === null) cli.kill('SIGKILL');
    if (dir && !process.env.KEEP_BROWSE_FILES) rmSync(dir, { recursive: true, force: true });
  });

  const normalise = (text: string) => text.split(`/s/${runId}/`).join('/s/<run>/').split(`/s/${oracle.result.runId}/`).join('/s/<run>/');

  it('records every scenario and agrees exactly with Chromium on each (verdict, corsError, failedParameter, console line)', function () {
    const wrong: string[] = [];
    let agreed = 0;
    const byKind = new Map<string, [number, number]>();
    for (const run of oracle.result.runs) {
      const flows = flowsById.get(run.scenario.id);
      // A repeated scenario's judged fetch is the last one, as in the oracle.
      // Same-origin fetches are not recorded (browse, like the proxy, records cross-origin exchanges): a pass.
      const sameOrigin = run.scenario.request.target === 'page-origin' && run.exchanges.every((e) => e.role === 'A');
      const ours: Outcome = flows ? fromRecords(flows[flows.length - 1]) : sameOrigin ? fromRecords([]) : { kind: 'missing', corsError: null, failedParameter: '', message: '' };
      const theirs = fromChromium(run.chromium);
      const same =
        ours.kind === theirs.kind && ours.corsError === theirs.corsError &&
        normalise(ours.failedParameter) === normalise(theirs.failedParameter) && normalise(ours.message) === normalise(theirs.message);
      const kind = run.scenario.request.initiator ?? 'fetch';
      const tallyKind = byKind.get(kind) ?? [0, 0];
      byKind.set(kind, [tallyKind[0] + (same ? 1 : 0), tallyKind[1] + 1]);
      if (same) agreed++;
      else wrong.push(`${run.scenario.id} (${run.scenario.description}): browse ${JSON.stringify(ours)} vs Chromium ${JSON.stringify(theirs)}`);
    }
    console.log(`  browse: ${agreed}/${oracle.result.runs.length} scenarios agree exactly with Chromium ${oracle.result.chromiumVersion} (verdict, corsError, failedParameter, console line)`);
    for (const [kind, [ok, of]] of byKind) console.log(`    initiator ${kind.padEnd(12)} ${ok}/${of}`);
    assert.deepEqual(wrong.slice(0, 20), []);
  });

  it('keeps the engine\'s judgement beside the browser\'s, and logs every disagreement as an engine bug', function () {
    const judged = records.filter((r) => r.engine);
    const disagreeing = judged.filter((r) => !r.engine!.agrees);
    const viaCredentials = judged.filter((r) => r.engine!.agrees && /credentials mode "include"/.test(r.engine!.difference ?? ''));
    const flows = new Set(judged.map((r) => r.pairId ?? r.id));
    const bugFlows = new Set(disagreeing.map((r) => r.pairId ?? r.id));
    console.log(`  browse: the engine, from the wire alone, agrees with the browser on ${flows.size - bugFlows.size}/${flows.size} flows; ${new Set(viaCredentials.map((r) => r.pairId ?? r.id)).size} of them once the browser's verdict showed credentials mode "include" (the wire twins)`);
    assert.equal(judged.length, records.length, 'every record carries the engine beside the browser');
    const logged = (stderr.match(/engine bug:/g) ?? []).length;
    assert.equal(logged, bugFlows.size, 'each disagreeing flow is logged once on stderr');
    assert.deepEqual([...bugFlows].slice(0, 10).map((id) => records.find((r) => (r.pairId ?? r.id) === id)?.engine?.difference), []);
  });

  it('names the line of the page\'s source (through its source map) that made each scripted request', function () {
    const wrong: string[] = [];
    let checked = 0;
    for (const run of oracle.result.runs) {
      const kind = run.scenario.request.initiator ?? 'fetch';
      const expected = marks.get(kind === 'no-cors-img' ? 'img' : kind);
      for (const flow of flowsById.get(run.scenario.id) ?? []) {
        for (const r of flow) {
          checked++;
          const at = r.initiator;
          if (!at || !at.url.endsWith('/browse-page.ts') || at.line !== expected) {
            wrong.push(`${run.scenario.id} ${r.type} ${r.request.url}: ${JSON.stringify(at)} (expected browse-page.ts:${expected})`);
          }
        }
      }
    }
    console.log(`  browse: ${checked - wrong.length}/${checked} records name the right file and line of browse-page.ts`);
    assert.deepEqual(wrong.slice(0, 15), []);
  });
});
