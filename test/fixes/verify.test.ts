// The fix verification suite: every sample app under samples/<framework>/<kind>/, on
// its real server, through the real proxy CLI, judged by Debian's Chromium before and
// after `cors-inspector fix --apply`. Cases run a few at a time with one browser; each
// `it` reports one case. FIX_VERIFY_CASES=<substring> narrows the run,
// FIX_VERIFY_CONCURRENCY sets how many cases run at once.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as os from 'node:os';
import { buildCli, CLI } from '../cli/support';
import { BrowserHarness } from './harness/browser';
import { discoverSamples } from './harness/descriptor';
import { Pool } from './harness/pool';
import { ProcessTracker } from './harness/processes';
import { report, writeSummary } from './harness/report';
import { verifyCase, type CaseResult } from './harness/verify-case';
import { WORK_DIR } from './harness/workspace';

const filter = process.env.FIX_VERIFY_CASES ?? '';
const samples = discoverSamples().filter((s) => !filter || filter.split(',').some((f) => s.id.includes(f.trim())));
const concurrency = Number(process.env.FIX_VERIFY_CONCURRENCY) || Math.min(3, Math.max(1, os.cpus().length));

describe('cors-inspector fix, verified on real servers in Chromium', function () {
  // Each case has its own budget (its descriptor's timeoutMs); this only bounds the wait.
  this.timeout(60 * 60 * 1000);
  let browser: BrowserHarness | null = null;
  let processes: ProcessTracker | null = null;
  const pending = new Map<string, Promise<CaseResult>>();
  const finished: CaseResult[] = [];
  const startedAt = Date.now();

  before(async () => {
    mkdirSync(path.join(WORK_DIR, 'work'), { recursive: true });
    // Workspaces kept by an earlier run's failures (the harness's own test keeps its own).
    for (const entry of readdirSync(path.join(WORK_DIR, 'work'))) {
      if (!entry.startsWith('self-test')) rmSync(path.join(WORK_DIR, 'work', entry), { recursive: true, force: true });
    }
    await buildCli();
    processes = new ProcessTracker();
    browser = await BrowserHarness.launch();
    const ctx = { browser, processes, cli: CLI };
    const pool = new Pool(concurrency);
    for (const sample of samples) {
      const run = pool.run(() => verifyCase(ctx, sample)).then((r) => {
        finished.push(r);
        return r;
      });
      run.catch(() => undefined);
      pending.set(sample.id, run);
    }
  });

  after(async () => {
    await Promise.allSettled(pending.values());
    await browser?.close();
    await processes?.dispose();
    const ordered = samples.map((s) => finished.find((r) => r.id === s.id)).filter((r): r is CaseResult => Boolean(r));
    if (ordered.length) {
      writeSummary(ordered, { chromium: browser?.version, concurrency, wallMs: Date.now() - startedAt });
      console.log('\n' + report(ordered) + '\n');
    }
  });

  for (const sample of samples) {
    it(`${sample.descriptor.name} × ${sample.kind.id}`, async () => {
      const run = pending.get(sample.id);
      if (!run) throw new Error('the case was never started (the suite setup failed)');
      const r = await run;
      if (!r.passed) {
        const lines = r.steps.filter((s) => !s.ok).map((s) => `step "${s.step}": ${s.detail}`);
        if (r.steps.length < 5) lines.push(`(stopped after step "${r.steps[r.steps.length - 1]?.step}")`);
        lines.push(`artifacts: ${r.artifacts}`, `edited workspace kept at: ${r.workspace}`);
        throw new Error(lines.join('\n'));
      }
    });
  }
});
