#!/usr/bin/env node
// The same in-VS-Code suite as scripts/run-vscode-tests.js, but in desktop VS
// Code (Electron) via @vscode/test-electron, for machines that can download
// VS Code (this project's build machine cannot; use run-vscode-tests.js here).
// Same entry (dist/test/vscode/index.js), same env contract: results as JSON
// lines in CORS_INSPECTOR_TEST_RESULTS, the workbench's DevTools endpoint in
// CORS_INSPECTOR_WORKBENCH_CDP (Electron's --remote-debugging-port).
// Set VSCODE_EXECUTABLE to use an installed VS Code instead of downloading one.
'use strict';
const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const cs = require('../test/vscode/support/code-server');

async function main() {
  const root = cs.repoRoot;
  const extensionTestsPath = path.join(root, 'dist', 'test', 'vscode', 'index.js');
  if (!fs.existsSync(extensionTestsPath)) throw new Error('dist/test/vscode/index.js is missing: run `node esbuild.js` first');
  const total = { passes: 0, failures: 0, pending: 0 };
  // One VS Code window per workspace, as scripts/run-vscode-tests.js does.
  for (const pass of cs.testPasses(process.env.CORS_INSPECTOR_TEST_FILES)) {
    const end = await runPass(root, extensionTestsPath, pass);
    total.passes += end ? end.passes : 0;
    total.failures += end ? end.failures : 1;
    total.pending += end ? end.pending : 0;
  }
  const summary = process.env.TEST_SUMMARY_FILE;
  if (summary) fs.appendFileSync(summary, `vscode ${total.passes} ${total.failures} ${total.pending}\n`);
  return total.failures === 0 ? 0 : 1;
}

/** The pass's test files in a fresh VS Code on its workspace; returns the results' end event (null if it never ended). */
async function runPass(root, extensionTestsPath, pass) {
  const work = cs.tempDir('cors-inspector-electron-tests-');
  const workspace = path.join(work, 'workspace');
  const userDataDir = path.join(work, 'user-data');
  const resultsFile = path.join(work, 'results.jsonl');
  cs.prepareNamedWorkspace(pass.workspace, workspace);
  cs.writeUserSettings(userDataDir);
  const cdpPort = await cs.freePort();
  let ok = false;
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      launchArgs: [
        workspace,
        '--user-data-dir', userDataDir,
        '--extensions-dir', path.join(work, 'extensions'),
        '--disable-workspace-trust',
        '--skip-welcome', '--skip-release-notes',
        `--remote-debugging-port=${cdpPort}`,
      ],
      extensionTestsEnv: {
        CORS_INSPECTOR_TEST_RESULTS: resultsFile,
        CORS_INSPECTOR_WORKBENCH_CDP: `http://127.0.0.1:${cdpPort}`,
        CORS_INSPECTOR_TEST_FILES: pass.files.join(','),
      },
    });
    ok = true;
  } catch (err) {
    console.error(`[vscode-electron-tests] ${err.message || err}`);
  }
  // The spec output was printed by VS Code itself; the results file gives the counts.
  const end = readEnd(resultsFile);
  fs.rmSync(work, { recursive: true, force: true });
  return end && (ok || end.failures > 0) ? end : null;
}

function readEnd(file) {
  if (!fs.existsSync(file)) return null;
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);
  for (const line of lines.reverse()) {
    try {
      const ev = JSON.parse(line);
      if (ev.type === 'end') return ev;
    } catch { /* partial line */ }
  }
  return null;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});
