// The Chromium oracle: every scenario is fetched by real Chromium, and the engine,
// given only what the server saw on the wire, must reach the same verdict, the same
// corsError and the same failedParameter. Disagreements go, in full, to
// test-results/conformance-disagreements.json for the engine's authors.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { judgeFlow } from '../../src/core/cors';
import type { FlowJudgement } from '../../src/core/cors/types';
import { buildFlow, compare, wireSignature, type Comparison } from './flow';
import { runScenariosInChromium, type RunResult, type ScenarioRun } from './run';
import { buildScenarios } from './scenarios';

const MIN_SCENARIOS = 500;
const RESULTS_DIR = path.resolve(__dirname, '../../test-results');
const DISAGREEMENTS_FILE = path.join(RESULTS_DIR, 'conformance-disagreements.json');

interface Judged {
  run: ScenarioRun;
  engine: FlowJudgement | null;
  engineThrew: string | null;
  comparison: Comparison;
  wireNotes: string[];
}

function judge(run: ScenarioRun): Judged {
  const { flow, wireNotes } = buildFlow(run);
  try {
    const engine = judgeFlow(flow);
    return { run, engine, engineThrew: null, comparison: compare(run.chromium, engine), wireNotes };
  } catch (e) {
    const message = e instanceof Error ? e.stack ?? e.message : String(e);
    return {
      run,
      engine: null,
      engineThrew: message,
      comparison: { comparable: true, agree: false, chromiumBlocked: run.chromium.kind !== 'pass', engineBlocked: false, difference: 'the engine threw' },
      wireNotes,
    };
  }
}

/**
 * Scenarios that look the same on the wire but that Chromium decided differently prove
 * that no wire-only engine can get both right; say so next to each of them, and return
 * each scenario's differing twins.
 */
function noteWireTwins(judged: Judged[]): Map<Judged, Judged[]> {
  const bySignature = new Map<string, Judged[]>();
  for (const j of judged) {
    const sig = wireSignature(j.run);
    bySignature.set(sig, [...(bySignature.get(sig) ?? []), j]);
  }
  const verdictOf = (j: Judged) => `${j.run.chromium.kind}${j.run.chromium.corsError ? ' ' + j.run.chromium.corsError : ''}`;
  const twinsOf = new Map<Judged, Judged[]>();
  for (const twins of bySignature.values()) {
    for (const j of twins) {
      const differing = twins.filter((t) => verdictOf(t) !== verdictOf(j));
      if (differing.length) {
        twinsOf.set(j, differing);
        j.wireNotes.push(
          `indistinguishable on the wire from ${differing.map((t) => `${t.run.scenario.id} (Chromium: ${verdictOf(t)})`).join(', ')}; ` +
            `here Chromium says ${verdictOf(j)}, so no wire-only judgement can match both`,
        );
      }
    }
  }
  return twinsOf;
}

/**
 * A disagreement the wire cannot decide is still held to a bar: the engine must give
 * exactly the verdict Chromium gave a wire twin, and its warnings or hints (the notes the
 * detail view shows; a hypothetical outcome nothing on the wire points to is a hint) must
 * name the corsError Chromium reported here, so the user is told both possibilities.
 */
function coveredByTwin(j: Judged, twins: Judged[] | undefined): boolean {
  if (!twins || !j.engine || j.comparison.agree) return false;
  const engine = j.engine;
  const matchesTwin = twins.some(
    (t) => t.comparison.agree && t.run.chromium.corsError === engine.corsError && t.run.chromium.failedParameter === engine.failedParameter,
  );
  const notes = [...engine.decisive.warnings, ...(engine.decisive.hints ?? [])];
  const named = j.run.chromium.corsError !== null && notes.some((w) => w.includes(j.run.chromium.corsError as string));
  return matchesTwin && named;
}

function detail(j: Judged): object {
  const { run, engine } = j;
  return {
    id: run.scenario.id,
    group: run.scenario.group,
    description: run.scenario.description,
    difference: j.comparison.difference,
    wireNotes: j.wireNotes,
    url: run.url,
    scenario: run.scenario,
    chromium: run.chromium,
    engine: engine
      ? {
          verdict: engine.verdict,
          corsError: engine.corsError,
          failedParameter: engine.failedParameter,
          stage: engine.stage,
          message: engine.decisive.message,
          explanation: engine.decisive.explanation,
          warnings: engine.decisive.warnings,
          hints: engine.decisive.hints,
        }
      : { threw: j.engineThrew },
    exchanges: run.exchanges.map((r) => ({ ...r.exchange, receivedBy: r.role, rawResponseHead: r.rawResponseHead })),
    earlierFetchExchanges: run.earlierExchanges.map((r) => ({ ...r.exchange, receivedBy: r.role, rawResponseHead: r.rawResponseHead })),
  };
}

function tally<T>(items: T[], key: (item: T) => string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null) out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort((a, b) => b[1] - a[1]));
}

describe('conformance: the engine judges like Chromium', function () {
  const scenarios = buildScenarios();
  const groups = [...new Set(scenarios.map((s) => s.group))];
  let result: RunResult;
  let judged: Judged[] = [];
  let twinCovered = new Set<Judged>();
  const acceptable = (j: Judged) => j.comparison.agree || twinCovered.has(j);

  before(async function () {
    this.timeout(5 * 60 * 1000);
    result = await runScenariosInChromium(scenarios, { concurrency: 4 });
    judged = result.runs.map(judge);
    const twinsOf = noteWireTwins(judged);
    twinCovered = new Set(judged.filter((j) => coveredByTwin(j, twinsOf.get(j))));

    const agreed = judged.filter((j) => j.comparison.agree).length;
    const decidable = judged.filter((j) => !twinsOf.has(j));
    const decidableAgreed = decidable.filter((j) => j.comparison.agree).length;
    const pct = (n: number, of: number) => ((100 * n) / Math.max(of, 1)).toFixed(1);
    const chromiumErrors = judged.filter((j) => !j.comparison.comparable);
    console.log(`\n  conformance: ${agreed}/${judged.length} scenarios agree exactly with Chromium ${result.chromiumVersion} (${pct(agreed, judged.length)}%)`);
    console.log(`  wire-decidable scenarios: ${decidableAgreed}/${decidable.length} agree (${pct(decidableAgreed, decidable.length)}%)`);
    console.log(`  wire twins (same wire traffic, different Chromium verdicts): ${twinsOf.size}; disagreements among them where the engine gives the twin's verdict and names Chromium's in a warning or hint: ${twinCovered.size}`);
    console.log(`  Chromium outcomes: ${JSON.stringify(tally(result.runs, (r) => r.chromium.kind))}`);
    console.log(`  corsErrors observed: ${JSON.stringify(tally(result.runs, (r) => r.chromium.corsError))}`);
    for (const g of groups) {
      const inGroup = judged.filter((j) => j.run.scenario.group === g);
      console.log(`    ${g.padEnd(18)} ${inGroup.filter((j) => j.comparison.agree).length}/${inGroup.length}`);
    }
    for (const r of result.runs.filter((x) => x.chromium.kind === 'network-error')) {
      console.log(`  network error (not CORS) from Chromium: ${r.scenario.id} (${r.scenario.description}): ${r.chromium.errorText}`);
    }
    if (chromiumErrors.length) console.log(`  Chromium gave no verdict (timeout/unexplained) in ${chromiumErrors.length} scenario(s): see the disagreements file`);

    const disagreements = judged.filter((j) => j.comparison.comparable && !j.comparison.agree);
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    fs.writeFileSync(
      DISAGREEMENTS_FILE,
      JSON.stringify(
        {
          chromiumVersion: result.chromiumVersion,
          origins: result.origins,
          apiBase: result.apiBase,
          total: judged.length,
          agreed,
          disagreementsByKind: tally(disagreements, (j) => `${j.run.chromium.corsError ?? 'pass'} -> ${j.engine ? j.engine.corsError ?? j.engine.verdict : 'threw'}`),
          disagreements: disagreements.map(detail),
          chromiumErrors: chromiumErrors.map(detail),
        },
        null,
        2,
      ),
    );
    if (disagreements.length) console.log(`  ${disagreements.length} disagreement(s) written to ${path.relative(process.cwd(), DISAGREEMENTS_FILE)}`);
    const undecidable = disagreements.filter((j) => j.wireNotes.some((n) => n.startsWith('indistinguishable')));
    if (undecidable.length) {
      console.log(`  of which ${undecidable.length} cannot be decided from the wire alone (a twin with the same wire traffic got another Chromium verdict):`);
      for (const j of undecidable) console.log(`    ${j.run.scenario.id}: ${j.wireNotes.join(' | ')}`);
    }
  });

  it(`runs at least ${MIN_SCENARIOS} scenarios`, function () {
    assert.ok(scenarios.length >= MIN_SCENARIOS, `only ${scenarios.length} scenarios`);
    assert.equal(result.runs.length, scenarios.length);
  });

  it('gets a definite answer from Chromium for every scenario (no timeouts, no unexplained failures)', function () {
    const bad = judged.filter((j) => !j.comparison.comparable).map((j) => `${j.run.scenario.id}: ${j.run.chromium.kind} ${j.run.chromium.errorText ?? j.run.chromium.fetchError ?? ''}`);
    assert.deepEqual(bad, []);
  });

  it('sees the traffic of every scenario on the wire', function () {
    const silent = result.runs.filter((r) => r.exchanges.length === 0).map((r) => r.scenario.id);
    assert.deepEqual(silent, []);
  });

  for (const group of groups) {
    it(`group ${group}: the engine agrees with Chromium on every scenario`, function () {
      const wrong = judged
        .filter((j) => j.run.scenario.group === group && !acceptable(j))
        .map((j) => `${j.run.scenario.id} (${j.run.scenario.description}): ${j.comparison.difference}${j.wireNotes.length ? ` [${j.wireNotes.join(' | ')}]` : ''}`);
      assert.ok(wrong.length === 0, `${wrong.length} disagreement(s):\n      ${wrong.slice(0, 15).join('\n      ')}${wrong.length > 15 ? '\n      ...' : ''}`);
    });
  }

  it('agrees with Chromium on 100% of scenarios the wire can decide, and names both outcomes on the rest', function () {
    const ok = judged.filter(acceptable).length;
    assert.equal(ok, judged.length, `${judged.length - ok} of ${judged.length} scenarios disagree; see ${DISAGREEMENTS_FILE}`);
  });
});
