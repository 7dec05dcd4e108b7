// Entry point VS Code loads as `extensionTestsPath` (bundled by esbuild into
// dist/test/vscode/index.js). It runs mocha inside the real extension host over
// every test/vscode/*.test.ts file.
//
// The test files are bundled INTO this file: the `require('./' + name)` below is
// an esbuild glob import, so esbuild includes every `./*.test.ts` next to this
// file and keeps each one lazy (it runs only when required, i.e. after mocha
// has installed `describe`/`it`). Which files to run is read from the source
// folder at run time; a file added after the last build fails loudly.
//
// Results reach the launcher (scripts/run-vscode-tests.js) as JSON lines in the
// file named by CORS_INSPECTOR_TEST_RESULTS, because the extension host's
// stdout is not visible under code-server. Under @vscode/test-electron, where
// stdout is visible, the usual spec output is printed too.
import * as fs from 'fs';
import * as path from 'path';
import { resultEventsReporter } from './support/results-reporter';

/** Where the test sources live (dist/test/vscode → test/vscode). */
const sourceDir = path.resolve(__dirname, '..', '..', '..', 'test', 'vscode');

function testFileNames(): string[] {
  const only = process.env.CORS_INSPECTOR_TEST_FILES; // optional comma-separated filter
  const names = fs.readdirSync(sourceDir).filter((n) => n.endsWith('.test.ts')).sort();
  if (!only) return names;
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  // The launcher passes exact file names (one window per workspace); people pass substrings.
  return names.filter((n) => wanted.some((w) => (w.endsWith('.test.ts') ? n === w : n.includes(w))));
}

function loadBundledTest(name: string): unknown {
  // esbuild turns this into a map of every ./*.test.ts file present at build time.
  return require('./' + name.slice(0, -'.test.ts'.length) + '.test.ts');
}

export function run(): Promise<void> {
  // Mocha is external to the bundle: use the repo's own copy (the CJS entry,
  // so it also loads in Electron's Node, which may predate require(esm)).
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const mochaModule = require('mocha/lib/mocha.cjs');
  const Mocha = mochaModule.default ?? mochaModule;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: Number(process.env.CORS_INSPECTOR_TEST_TIMEOUT_MS) || 60_000,
    reporter: resultEventsReporter(Mocha, process.env.CORS_INSPECTOR_TEST_RESULTS),
  });
  const grep = process.env.CORS_INSPECTOR_TEST_GREP;
  if (grep) mocha.grep(grep);

  return new Promise<void>((resolve, reject) => {
    try {
      for (const name of testFileNames()) {
        const file = path.join(sourceDir, name);
        // Same sequence mocha's own loadFiles() uses, so `describe` etc. exist
        // as globals (and as exports of 'mocha') while the file runs.
        mocha.suite.emit('pre-require', globalThis, file, mocha);
        let exported: unknown;
        try {
          exported = loadBundledTest(name);
        } catch (err) {
          throw new Error(`cannot load ${name} from the bundle (rebuild with \`node esbuild.js\`?): ${(err as Error).message}`);
        }
        mocha.suite.emit('require', exported, file, mocha);
        mocha.suite.emit('post-require', globalThis, file, mocha);
      }
      mocha.run((failures: number) => {
        if (failures > 0) reject(new Error(`${failures} VS Code test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reportFatal(err as Error);
      reject(err);
    }
  });
}

/** A suite that cannot even load still ends the launcher's wait at once, as a failure. */
function reportFatal(err: Error): void {
  const file = process.env.CORS_INSPECTOR_TEST_RESULTS;
  if (!file) return;
  const events = [
    { type: 'fail', title: 'loading the VS Code test suite', fullTitle: 'loading the VS Code test suite', depth: 0, message: err.message, stack: String(err.stack ?? err) },
    { type: 'end', passes: 0, failures: 1, pending: 0, durationMs: 0 },
  ];
  fs.appendFileSync(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
}
