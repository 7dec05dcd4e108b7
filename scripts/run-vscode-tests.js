#!/usr/bin/env node
// Runs the in-VS-Code test suite (test/vscode/*.test.ts, bundled into
// dist/test/vscode/index.js) inside a REAL VS Code: code-server from .tools/
// serves the workbench, Debian's Chromium opens it in extension-development
// mode, and the extension host runs our mocha entry. Builds nothing: run
// `node esbuild.js` first (npm run test:vscode does).
//
// Results come back through a JSON-lines file (CORS_INSPECTOR_TEST_RESULTS,
// inherited by the extension host from code-server); the workbench browser is
// reachable from the tests over CDP at CORS_INSPECTOR_WORKBENCH_CDP.
// Test files run in the demo workspace unless they name another one
// (`// vscode-test-workspace: <name>`, a folder under test/vscode/workspaces/):
// each workspace gets its own code-server window, one after the other, and the
// counts are added up.
// Exit code: 0 only if every window's suite ran to the end with no failure.
//
// Env knobs: CORS_INSPECTOR_VSCODE_TIMEOUT_MS (whole run, default 600000),
// CORS_INSPECTOR_TEST_GREP, CORS_INSPECTOR_TEST_FILES (substring filter),
// CORS_INSPECTOR_KEEP=1 (keep temp dirs), TEST_SUMMARY_FILE.
'use strict';
const fs = require('fs');
const path = require('path');
const cs = require('../test/vscode/support/code-server');

const root = cs.repoRoot;
const timeoutMs = Number(process.env.CORS_INSPECTOR_VSCODE_TIMEOUT_MS) || 600_000;
const resultsDir = path.join(root, 'test-results');

function log(msg) {
  console.log(`[vscode-tests] ${msg}`);
}

function appendSummary(passes, failures, pending) {
  const file = process.env.TEST_SUMMARY_FILE;
  if (file) fs.appendFileSync(file, `vscode ${passes} ${failures} ${pending}\n`);
}

/** Prints result events spec-style as they arrive; remembers failures for the end. */
class ResultPrinter {
  constructor() {
    this.failures = [];
    this.end = null;
    this.counts = { passes: 0, failures: 0, pending: 0 };
  }
  handle(ev) {
    const pad = (d) => '  '.repeat(d + 1);
    switch (ev.type) {
      case 'start': log(`suite started: ${ev.total} test(s)`); break;
      case 'suite': console.log(`\n${pad(ev.depth)}${ev.title}`); break;
      case 'pass': this.counts.passes++; console.log(`${pad(ev.depth + 1)}✔ ${ev.title} (${ev.durationMs}ms)`); break;
      case 'pending': this.counts.pending++; console.log(`${pad(ev.depth + 1)}- ${ev.title}`); break;
      case 'fail':
        this.counts.failures++;
        this.failures.push(ev);
        console.log(`${pad(ev.depth + 1)}✗ ${this.failures.length}) ${ev.title}`);
        break;
      case 'end': this.end = ev; break;
    }
  }
  printFailures() {
    this.failures.forEach((f, i) => {
      console.log(`\n  ${i + 1}) ${f.fullTitle}:\n     ${(f.stack || f.message).split('\n').join('\n     ')}`);
    });
  }
}

/** Follows the results file, feeding complete lines to the printer. */
function followResults(file, printer) {
  let offset = 0;
  let partial = '';
  return () => {
    if (!fs.existsSync(file)) return;
    const size = fs.statSync(file).size;
    if (size <= offset) return;
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    fs.closeSync(fd);
    offset = size;
    const lines = (partial + buf.toString('utf8')).split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (!line.trim()) continue;
      try { printer.handle(JSON.parse(line)); } catch { console.log(line); }
    }
  };
}

async function main() {
  const started = Date.now();
  const testsEntry = path.join(root, 'dist', 'test', 'vscode', 'index.js');
  for (const f of [testsEntry, path.join(root, 'dist', 'extension.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(root, f)} is missing: run \`node esbuild.js\` first`);
  }
  cs.requireCodeServer();
  const passes = cs.testPasses(process.env.CORS_INSPECTOR_TEST_FILES);
  if (passes.length === 0) throw new Error(`no test file matches CORS_INSPECTOR_TEST_FILES=${process.env.CORS_INSPECTOR_TEST_FILES}`);

  const total = { passes: 0, failures: 0, pending: 0, durationMs: 0 };
  let broken = null;
  for (const pass of passes) {
    const label = pass.workspace ?? 'demo';
    if (passes.length > 1) log(`workspace ${label}: ${pass.files.join(', ')}`);
    const { printer, outcome } = await runPass(pass, testsEntry, Math.max(60_000, started + timeoutMs - Date.now()));
    printer.printFailures();
    const counts = outcome === 'ended' ? printer.end : printer.counts;
    total.passes += counts.passes;
    total.failures += counts.failures;
    total.pending += counts.pending;
    total.durationMs += outcome === 'ended' ? printer.end.durationMs : 0;
    if (outcome !== 'ended') {
      const c = printer.counts;
      log(`FAILED in workspace ${label}: ${outcome} (saw ${c.passes} passing, ${c.failures} failing before that); see test-results/`);
      total.failures = Math.max(total.failures, 1);
      broken = outcome;
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`\n  ${total.passes} passing, ${total.failures} failing, ${total.pending} pending (suite ${total.durationMs}ms, whole run ${seconds}s)`);
  appendSummary(total.passes, total.failures, total.pending);
  return total.failures > 0 || broken ? 1 : 0;
}

/** One code-server window on one workspace, running the pass's test files to the end. */
async function runPass(pass, testsEntry, timeoutMs) {
  const started = Date.now();
  const work = cs.tempDir('cors-inspector-vscode-tests-');
  const userDataDir = path.join(work, 'user-data');
  const extensionsDir = path.join(work, 'extensions');
  const workspace = path.join(work, 'workspace');
  const resultsFile = path.join(work, 'results.jsonl');
  fs.mkdirSync(extensionsDir, { recursive: true });
  cs.prepareNamedWorkspace(pass.workspace, workspace);
  // A fresh profile, as on a first install: in the demo window the extension's first-run
  // walkthrough may open (a test checks it does); the other workspaces' windows stay quiet.
  cs.writeUserSettings(userDataDir, { 'workbench.welcomePage.walkthroughs.openOnInstall': !pass.workspace });

  const cdpPort = await cs.freePort();
  const cdpEndpoint = `http://127.0.0.1:${cdpPort}`;
  let server;
  let browser;
  const printer = new ResultPrinter();
  let outcome = 'timeout';
  try {
    server = await cs.startCodeServer({
      userDataDir, extensionsDir,
      logFile: path.join(work, 'code-server.log'),
      env: {
        CORS_INSPECTOR_TEST_RESULTS: resultsFile,
        CORS_INSPECTOR_WORKBENCH_CDP: cdpEndpoint,
        CORS_INSPECTOR_TEST_FILES: pass.files.join(','),
      },
    });
    log(`code-server ${server.url} up after ${((Date.now() - started) / 1000).toFixed(1)}s`);

    browser = await cs.launchWorkbenchBrowser({ cdpPort });
    const consoleLog = [];
    browser.page.on('console', (m) => { if (m.type() === 'error') consoleLog.push(m.text()); });
    browser.page.on('pageerror', (e) => consoleLog.push(String(e)));
    const url = cs.workbenchUrl(server.url, {
      folder: workspace,
      extensionDevelopmentPath: root,
      extensionTestsPath: testsEntry,
    });
    await browser.page.goto(url, { waitUntil: 'domcontentloaded' });
    log(`workbench opened (CDP ${cdpEndpoint}); waiting for the suite`);

    const poll = followResults(resultsFile, printer);
    const deadline = started + timeoutMs;
    let sawFailureScreenshot = false;
    while (Date.now() < deadline) {
      poll();
      if (printer.failures.length && !sawFailureScreenshot) {
        // Take it while the failing state is still on screen.
        sawFailureScreenshot = true;
        await saveScreenshot(browser.page, 'vscode-first-failure.png');
      }
      if (printer.end) { outcome = 'ended'; break; }
      if (server.child.exitCode !== null) { outcome = 'code-server exited'; break; }
      await cs.sleep(250);
    }
    poll();

    if (outcome !== 'ended') {
      await saveScreenshot(browser.page, 'vscode-workbench.png');
      fs.mkdirSync(resultsDir, { recursive: true });
      fs.writeFileSync(path.join(resultsDir, 'vscode-browser-console.log'), consoleLog.join('\n') + '\n');
      copyExtHostLogs(userDataDir, work);
    } else if (printer.end.failures > 0) {
      copyExtHostLogs(userDataDir, work);
    }
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
    if (!process.env.CORS_INSPECTOR_KEEP) fs.rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
  return { printer, outcome };
}

async function saveScreenshot(page, name) {
  try {
    fs.mkdirSync(resultsDir, { recursive: true });
    const file = path.join(resultsDir, name);
    await page.screenshot({ path: file, timeout: 10_000 });
    log(`screenshot: ${path.relative(root, file)}`);
  } catch (err) {
    log(`could not take a screenshot: ${err.message}`);
  }
}

/** Keeps the extension host and server logs next to the screenshot. */
function copyExtHostLogs(userDataDir, work) {
  try {
    const out = path.join(resultsDir, 'vscode-logs');
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const logs = path.join(userDataDir, 'logs');
    if (fs.existsSync(logs)) fs.cpSync(logs, path.join(out, 'logs'), { recursive: true });
    const csLog = path.join(work, 'code-server.log');
    if (fs.existsSync(csLog)) fs.copyFileSync(csLog, path.join(out, 'code-server.log'));
    log(`logs: ${path.relative(root, out)}`);
  } catch (err) {
    log(`could not copy logs: ${err.message}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`[vscode-tests] ERROR: ${err.stack || err}`);
    appendSummary(0, 1, 0);
    process.exit(1);
  },
);
