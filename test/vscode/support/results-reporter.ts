// A mocha reporter for the in-VS-Code suite: the normal spec output (visible
// under @vscode/test-electron) plus one JSON object per line appended to a
// results file, which scripts/run-vscode-tests.js reads live to print progress
// and the final counts (under code-server the extension host's stdout is lost).
import * as fs from 'fs';

/** One line of the results file. */
export type ResultEvent =
  | { type: 'start'; total: number }
  | { type: 'suite'; title: string; depth: number }
  | { type: 'pass'; title: string; fullTitle: string; depth: number; durationMs: number }
  | { type: 'pending'; title: string; fullTitle: string; depth: number }
  | { type: 'fail'; title: string; fullTitle: string; depth: number; message: string; stack: string }
  | { type: 'end'; passes: number; failures: number; pending: number; durationMs: number };

interface RunnableLike { title: string; fullTitle(): string; duration?: number; parent?: SuiteLike }
interface SuiteLike { title: string; root?: boolean; parent?: SuiteLike }

function depthOf(node: RunnableLike | SuiteLike): number {
  let depth = 0;
  for (let s = node.parent; s && !s.root; s = s.parent) depth++;
  return depth;
}

/** Builds the reporter class on top of the given Mocha's Spec reporter. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function resultEventsReporter(Mocha: any, resultsFile: string | undefined): unknown {
  const C = Mocha.Runner.constants;
  return class ResultEventsReporter extends Mocha.reporters.Spec {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    constructor(runner: any, options: unknown) {
      super(runner, options);
      const write = (event: ResultEvent): void => {
        if (resultsFile) fs.appendFileSync(resultsFile, JSON.stringify(event) + '\n');
      };
      const started = Date.now();
      runner.once(C.EVENT_RUN_BEGIN, () => write({ type: 'start', total: runner.total ?? 0 }));
      runner.on(C.EVENT_SUITE_BEGIN, (suite: SuiteLike & RunnableLike) => {
        if (!suite.root) write({ type: 'suite', title: suite.title, depth: depthOf(suite) });
      });
      runner.on(C.EVENT_TEST_PASS, (test: RunnableLike) =>
        write({ type: 'pass', title: test.title, fullTitle: test.fullTitle(), depth: depthOf(test), durationMs: test.duration ?? 0 }));
      runner.on(C.EVENT_TEST_PENDING, (test: RunnableLike) =>
        write({ type: 'pending', title: test.title, fullTitle: test.fullTitle(), depth: depthOf(test) }));
      runner.on(C.EVENT_TEST_FAIL, (test: RunnableLike, err: Error) =>
        write({
          type: 'fail', title: test.title, fullTitle: test.fullTitle(), depth: depthOf(test),
          message: String(err?.message ?? err), stack: String(err?.stack ?? ''),
        }));
      runner.once(C.EVENT_RUN_END, () => {
        const s = runner.stats ?? {};
        write({ type: 'end', passes: s.passes ?? 0, failures: s.failures ?? 0, pending: s.pending ?? 0, durationMs: Date.now() - started });
      });
    }
  };
}
