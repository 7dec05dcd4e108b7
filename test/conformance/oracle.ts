// One Chromium run of the whole scenario table, shared by the test files of this
// suite (the engine's conformance and `cors-inspector browse`), so the oracle runs once.
import { ScenarioServer, type Scenario } from '../support/scenario-server';
import { runScenariosInChromium, type RunResult } from './run';
import { buildScenarios } from './scenarios';

export interface OracleRun {
  scenarios: Scenario[];
  server: ScenarioServer;
  result: RunResult;
}

let shared: Promise<OracleRun> | null = null;

/** CONFORMANCE_ONLY=<substring> keeps only the groups whose name contains it (while iterating). */
export function selectedScenarios(): Scenario[] {
  const only = process.env.CONFORMANCE_ONLY;
  return buildScenarios().filter((s) => !only || s.group.includes(only));
}

export function oracleRun(): Promise<OracleRun> {
  shared ??= (async () => {
    const scenarios = selectedScenarios();
    const server = await ScenarioServer.start();
    const result = await runScenariosInChromium(scenarios, { server, concurrency: 4 });
    return { scenarios, server, result };
  })();
  return shared;
}

/** Closes the shared server once every file of the suite is done (a root-level hook). */
after(async function () {
  if (shared) await (await shared).server.close();
});
