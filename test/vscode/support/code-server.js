// Shared plumbing for everything that drives a real VS Code here: the test
// launcher, `npm start`, the screenshot script and the .vsix check.
// It starts the code-server installed by scripts/setup-code-server.sh on a free
// loopback port and opens its workbench in Debian's Chromium via playwright-core.
// Plain CommonJS so the scripts run with `node` and no build step.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const toolsDir = path.join(repoRoot, '.tools', 'code-server');
const codeServerEntry = path.join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const CHROMIUM_PATH = process.env.CORS_INSPECTOR_CHROMIUM || '/usr/bin/chromium';

/** Settings that keep a fresh profile quiet: no welcome page, tours or trust prompts. */
const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'window.restoreWindows': 'none',
};

function isCodeServerInstalled() {
  return fs.existsSync(codeServerEntry) &&
    fs.readdirSync(toolsDir).some((n) => n.startsWith('.installed-'));
}

function requireCodeServer() {
  if (!isCodeServerInstalled()) {
    throw new Error(`code-server is not installed in ${toolsDir}: run \`bash scripts/setup-code-server.sh\``);
  }
}

/** A port nobody listens on right now (asks the OS for one on 127.0.0.1). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

/** Writes user settings (merged over the quiet defaults) into a user-data dir. */
function writeUserSettings(userDataDir, settings = {}) {
  writeJson(path.join(userDataDir, 'User', 'settings.json'), { ...QUIET_USER_SETTINGS, ...settings });
}

function httpGetStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, (res) => { res.resume(); resolve(res.statusCode); });
    req.on('error', () => resolve(0));
    req.setTimeout(2000, () => { req.destroy(); resolve(0); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// code-server runs in its own process group; make sure it never outlives the
// script that started it, even on Ctrl-C or an uncaught error.
const runningGroups = new Set();
let exitHooked = false;
function killGroupsOnExit() {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const pid of runningGroups) { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } }
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));
  }
}

/**
 * Starts code-server in its own process group and waits until /healthz answers.
 * Options: port, userDataDir, extensionsDir, env (extra), logFile, stdio ('pipe' to
 * a log file by default, 'inherit' to show it), extraArgs.
 * Returns { port, url, child, logFile, stop() }.
 */
async function startCodeServer(options) {
  requireCodeServer();
  const port = options.port || (await freePort());
  const ownLogDir = options.logFile ? null : tempDir('cors-inspector-cs-log-');
  const logFile = options.logFile || path.join(ownLogDir, 'code-server.log');
  const configHome = tempDir('cors-inspector-cs-config-'); // keeps code-server from writing ~/.config
  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--user-data-dir', options.userDataDir,
    '--extensions-dir', options.extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened',
    ...(options.extraArgs || []),
  ];
  const out = fs.openSync(logFile, 'a');
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, XDG_CONFIG_HOME: configHome, ...(options.env || {}) },
    stdio: ['ignore', out, out],
    detached: true, // own process group: stop() kills the extension host too
  });
  fs.closeSync(out);
  let exited = null;
  killGroupsOnExit();
  runningGroups.add(child.pid);
  child.on('exit', (code, signal) => { exited = { code, signal }; runningGroups.delete(child.pid); });

  const stop = async () => {
    if (exited) return;
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    for (let i = 0; i < 50 && !exited; i++) await sleep(100);
    if (!exited) { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }
    fs.rmSync(configHome, { recursive: true, force: true });
    if (ownLogDir) fs.rmSync(ownLogDir, { recursive: true, force: true });
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs || 60_000);
  while (Date.now() < deadline) {
    if (exited) {
      throw new Error(`code-server exited early (${JSON.stringify(exited)}); log:\n${tail(logFile, 40)}`);
    }
    if ((await httpGetStatus(`${url}/healthz`)) === 200) return { port, url, child, logFile, stop };
    await sleep(250);
  }
  const lastLines = tail(logFile, 40);
  await stop();
  throw new Error(`code-server did not answer on ${url} within the start timeout; log:\n${lastLines}`);
}

/**
 * The workbench address for `folder`, optionally in extension-development mode:
 * the payload makes VS Code load the extension from `extensionDevelopmentPath`
 * and run `extensionTestsPath`'s run() in the real extension host.
 */
function workbenchUrl(serverUrl, { folder, extensionDevelopmentPath, extensionTestsPath } = {}) {
  const u = new URL(serverUrl + '/');
  const host = u.host;
  const params = [];
  if (folder) params.push(`folder=${encodeURIComponent(folder)}`);
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://${host}${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://${host}${extensionTestsPath}`]);
  if (payload.length) params.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  return `${serverUrl}/${params.length ? '?' + params.join('&') : ''}`;
}

/**
 * Debian's Chromium with the project's flags, as a persistent context (so a
 * CDP client connecting later sees the workbench page in the default context).
 * Options: cdpPort (adds --remote-debugging-port), viewport, colorScheme.
 * Returns { context, page, profileDir, close() }.
 */
async function launchWorkbenchBrowser(options = {}) {
  const { chromium } = require('playwright-core');
  const profileDir = tempDir('cors-inspector-chromium-');
  const args = [...CHROMIUM_ARGS];
  // Nothing but loopback: the workbench would otherwise try the extension gallery.
  args.push('--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1');
  if (options.cdpPort) args.push(`--remote-debugging-port=${options.cdpPort}`, '--remote-debugging-address=127.0.0.1');
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args,
    viewport: options.viewport || { width: 1440, height: 900 },
    colorScheme: options.colorScheme || 'dark',
  });
  const page = context.pages()[0] || (await context.newPage());
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profileDir, { recursive: true, force: true });
  };
  return { context, page, profileDir, close };
}

/** Copies a folder (the demo workspace) for a run, skipping node_modules. */
function copyWorkspace(from, to) {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (src) => !src.split(path.sep).includes('node_modules'),
  });
  return to;
}

function tail(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * The workspace the integration tests open: a copy of demo/ whose settings give
 * the inspector a free port and no auto-start (the demo's fixed port 4001 would
 * collide with `npm start` or a parallel run; tests start the inspector themselves).
 */
function prepareTestWorkspace(workspace) {
  const demo = path.join(repoRoot, 'demo');
  if (fs.existsSync(demo)) copyWorkspace(demo, workspace);
  else fs.mkdirSync(workspace, { recursive: true });
  writeJson(path.join(workspace, '.vscode', 'settings.json'), {
    'corsInspector.target': 'http://127.0.0.1:3001',
    'corsInspector.port': 0,
    'corsInspector.autoStart': false,
  });
}

const testSourceDir = path.join(repoRoot, 'test', 'vscode');
const WORKSPACE_DIRECTIVE = /^\/\/ vscode-test-workspace: ([\w-]+)\s*$/m;

/**
 * The suite's test files grouped by the workspace they run in, one code-server
 * window per group: a file whose header has a `// vscode-test-workspace: <name>`
 * line runs in a copy of test/vscode/workspaces/<name> (a project as a user
 * opens it); every other file in the copy of demo/. `only` keeps the files
 * whose name contains one of its comma-separated parts.
 * Returns [{ workspace: null | name, files: [file names] }], the demo first.
 */
function testPasses(only) {
  const wanted = (only || '').split(',').map((s) => s.trim()).filter(Boolean);
  const names = fs.readdirSync(testSourceDir)
    .filter((n) => n.endsWith('.test.ts'))
    .filter((n) => wanted.length === 0 || wanted.some((w) => n.includes(w)))
    .sort();
  const groups = new Map([[null, []]]);
  for (const name of names) {
    const head = fs.readFileSync(path.join(testSourceDir, name), 'utf8').slice(0, 2000);
    const workspace = WORKSPACE_DIRECTIVE.exec(head)?.[1] ?? null;
    if (workspace && !fs.existsSync(path.join(testSourceDir, 'workspaces', workspace))) {
      throw new Error(`${name} asks for test/vscode/workspaces/${workspace}, which does not exist`);
    }
    if (!groups.has(workspace)) groups.set(workspace, []);
    groups.get(workspace).push(name);
  }
  return [...groups].map(([workspace, files]) => ({ workspace, files })).filter((p) => p.files.length > 0);
}

/** Fills `dir` with the named fixture workspace (null: the demo copy), inspector settings as in prepareTestWorkspace. */
function prepareNamedWorkspace(name, dir) {
  if (!name) return prepareTestWorkspace(dir);
  copyWorkspace(path.join(testSourceDir, 'workspaces', name), dir);
  writeJson(path.join(dir, '.vscode', 'settings.json'), { 'corsInspector.port': 0, 'corsInspector.autoStart': false });
}

module.exports = {
  testPasses, prepareNamedWorkspace,
  repoRoot, toolsDir, codeServerEntry, CHROMIUM_ARGS, CHROMIUM_PATH, QUIET_USER_SETTINGS,
  isCodeServerInstalled, requireCodeServer, freePort, tempDir, writeJson, writeUserSettings,
  startCodeServer, workbenchUrl, launchWorkbenchBrowser, copyWorkspace, prepareTestWorkspace, tail, sleep,
};
