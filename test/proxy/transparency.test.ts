// The proxy must not change what the browser decides. Every conformance scenario
// is fetched by real Chromium twice — straight from the API origin and through the
// inspector (recording and judging on) — and Chromium's verdict must be the same:
// pass or blocked, the same corsError, the same failedParameter.
import { strict as assert } from 'node:assert';
import { startInspector, type Inspector } from '../../src/proxy/index';
import { launchChromium, type LaunchedChromium } from '../support/chromium';
import { ScenarioServer } from '../support/scenario-server';
import { runScenariosInChromium, type ChromiumOutcome } from '../conformance/run';
import { buildScenarios } from '../conformance/scenarios';

const verdict = (o: ChromiumOutcome): string => `${o.kind}${o.corsError ? ` ${o.corsError}` : ''}${o.failedParameter ? ` [${o.failedParameter}]` : ''}`;

describe('transparency: Chromium decides the same with and without the proxy', function () {
  this.timeout(20 * 60_000);

  let server: ScenarioServer | undefined;
  let chromium: LaunchedChromium | undefined;
  let inspector: Inspector | undefined;
  after(async () => {
    await inspector?.close();
    await chromium?.close();
    await server?.close();
  });

  it('gives every conformance scenario the same Chromium verdict direct and through the inspector', async () => {
    const scenarios = buildScenarios();
    server = await ScenarioServer.start();
    chromium = await launchChromium();
    // 127.0.0.1, not localhost: the scenario server listens on IPv4 loopback only.
    inspector = await startInspector({ targets: [{ prefix: '/', target: `http://127.0.0.1:${server.ports.B}` }] });

    const direct = await runScenariosInChromium(scenarios, { server, chromium, concurrency: 4 });
    const proxied = await runScenariosInChromium(scenarios, { server, chromium, concurrency: 4, apiBase: inspector.url });

    const differences: string[] = [];
    for (let i = 0; i < scenarios.length; i++) {
      const a = direct.runs[i].chromium;
      const b = proxied.runs[i].chromium;
      if (a.kind !== b.kind || a.corsError !== b.corsError || a.failedParameter !== b.failedParameter) {
        differences.push(`${scenarios[i].id}: direct ${verdict(a)} (${a.errorText ?? ''}) vs proxied ${verdict(b)} (${b.errorText ?? ''})`);
      }
    }
    const recorded = inspector.recorder.list().length;
    const same = scenarios.length - differences.length;
    console.log(`      transparency: ${same}/${scenarios.length} scenarios get the same Chromium verdict through the proxy; inspector recorded ${recorded} exchanges`);
    if (differences.length) console.log(differences.slice(0, 40).map((d) => `        ${d}`).join('\n'));
    // Every scenario's first request went through the proxy and was recorded.
    assert.ok(recorded >= scenarios.length, `only ${recorded} exchanges recorded for ${scenarios.length} scenarios`);
    assert.equal(differences.length, 0, `${differences.length} scenario(s) changed verdict through the proxy`);
  });
});
