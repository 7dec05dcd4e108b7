#!/usr/bin/env node
// Makes the README screenshots from the REAL thing: code-server with this
// extension under development, the demo workspace, the demo API and page on
// free ports, real failing calls from Chromium, the CORS Inspector panel with
// a failing preflight pair clicked open — once in a dark theme, once in a light one.
// Then the quick fix on a CORS Problem in the demo API's code: Ctrl+. on the
// line that sends the stale origin, with the lightbulb menu open.
// Output: media/screenshots/panel-dark.png, media/screenshots/panel-light.png,
// media/screenshots/quickfix-lightbulb.png.
// Usage: node scripts/screenshots.js   (builds with esbuild first)
'use strict';
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const cs = require('../test/vscode/support/code-server');

const root = cs.repoRoot;
const outDir = path.join(root, 'media', 'screenshots');
const THEMES = [
  { name: 'dark', label: 'Dark Modern', workbenchClass: 'vs-dark' },
  { name: 'light', label: 'Light Modern', workbenchClass: 'vs' },
];
const log = (m) => console.log(`[screenshots] ${m}`);

function canConnect(port) {
  return new Promise((resolve) => {
    const socket = require('net').connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

function startNode(script, env) {
  return spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: 'ignore' });
}

async function waitFor(what, fn, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await cs.sleep(250);
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
}

/** Runs a command through the palette, as a person would. */
async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  // Click the exact entry (its aria-label is the title, then maybe ", <keybinding>"):
  // Enter would take the best fuzzy match, which may be another command.
  const q = JSON.stringify(title);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label=${q}], .quick-input-list .monaco-list-row[aria-label^=${JSON.stringify(title + ', ')}]`).first();
  try {
    await row.click({ timeout: 10_000 });
  } catch (err) {
    const seen = await page.locator('.quick-input-list .monaco-list-row').evaluateAll((rows) => rows.map((r) => JSON.stringify([r.textContent, r.getAttribute('aria-label')])));
    throw new Error(`no palette entry "${title}"; saw ${seen.join(', ')}`);
  }
}

// In extension-development mode VS Code ignores user and workspace theme
// settings, so pick the theme the way a person does: through the palette.
async function setColorTheme(page, label) {
  await runCommand(page, 'Preferences: Color Theme');
  await page.locator('.quick-input-widget input').fill(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click({ timeout: 30_000 });
}

/** The CORS Inspector panel's document (inner webview frame with the exchange list). */
function panelFrame(page) {
  return waitFor('the CORS Inspector panel', async () => {
    for (const f of page.frames()) {
      const parent = f.parentFrame();
      if (!parent || !parent.url().includes('/webview/browser/pre/index.html')) continue;
      if (await f.locator('#list').count().catch(() => 0)) return f;
    }
    return null;
  });
}

/** Opens the demo API at the line with the stale origin, as a person would (Ctrl+P path:line:column), and presses Ctrl+. there. */
async function shootLightbulb(page, workspace) {
  await setColorTheme(page, THEMES[0].label);
  await waitFor('the dark theme again', () => page.locator(`.monaco-workbench.${THEMES[0].workbenchClass}`).count(), 30_000);
  const text = fs.readFileSync(path.join(workspace, 'api', 'server.js'), 'utf8').split('\n');
  const line = text.findIndex((l) => l.includes("'http://localhost:3000'")) + 1;
  const column = text[line - 1].indexOf("'Access-Control-Allow-Origin'") + 2;
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`api/server.js:${line}:${column}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'server.js' }).first().waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
  const fix = page.locator('.action-widget .monaco-list-row', { hasText: /^Allow / });
  // Ask again if the first Ctrl+. came before the fix was planned (or before the TypeScript service was up).
  await waitFor('the CORS quick fix in the lightbulb menu', async () => {
    if (await page.locator('.action-widget').isVisible()) await page.keyboard.press('Escape');
    await page.locator('.monaco-editor textarea').first().focus();
    await page.keyboard.press('Control+.');
    return fix.first().waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
  }, 60_000);
  await cs.sleep(500);
  const file = path.join(outDir, 'quickfix-lightbulb.png');
  await page.screenshot({ path: file });
  log(`wrote ${path.relative(root, file)} (${await fix.first().innerText()})`);
  await page.keyboard.press('Escape');
}

async function main() {
  log('building');
  execFileSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
  cs.requireCodeServer();

  const work = cs.tempDir('cors-inspector-screenshots-');
  const workspace = cs.copyWorkspace(path.join(root, 'demo'), path.join(work, 'demo'));
  const userDataDir = path.join(work, 'user-data');
  const [apiPort, webPort, proxyPort] = [await cs.freePort(), await cs.freePort(), await cs.freePort()];
  cs.writeJson(path.join(workspace, '.vscode', 'settings.json'), {
    'corsInspector.target': `http://127.0.0.1:${apiPort}`,
    'corsInspector.port': proxyPort,
    'corsInspector.autoStart': true,
  });
  cs.writeUserSettings(userDataDir);

  const webOrigin = `http://localhost:${webPort}`;
  const api = startNode(path.join(workspace, 'api', 'server.js'), { API_PORT: String(apiPort), DEMO_WEB_ORIGIN: webOrigin });
  const web = startNode(path.join(workspace, 'web', 'server.js'), { WEB_PORT: String(webPort), API_BASE: `http://localhost:${proxyPort}` });
  let server;
  let browser;
  try {
    server = await cs.startCodeServer({ userDataDir, extensionsDir: path.join(work, 'extensions'), logFile: path.join(work, 'code-server.log') });
    browser = await cs.launchWorkbenchBrowser({ viewport: { width: 1440, height: 860 } });
    const page = browser.page;
    await page.goto(cs.workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: root }));
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    log('workbench up; waiting for the inspector to listen (auto-start)');
    // A bare TCP connect, so the check itself is not recorded as an exchange.
    await waitFor(`the inspector on port ${proxyPort}`, () => canConnect(proxyPort), 60_000);

    // Real cross-origin calls from the demo page, through the inspector.
    const demo = await browser.context.newPage();
    await demo.goto(`${webOrigin}/`);
    await demo.click('#all');
    await demo.waitForFunction(() => document.querySelectorAll('#log li').length >= 4, null, { timeout: 20_000 });
    log(`demo page: ${(await demo.locator('#log li').allInnerTexts()).join(' | ')}`);
    await demo.close();

    await page.bringToFront();
    // A fresh profile is a first activation: the getting-started walkthrough opened. The shots show the panel alone.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'CORS Inspector: Show Panel');
    const frame = await panelFrame(page);
    await frame.locator('.row.verdict-fail').first().waitFor({ timeout: 20_000 });
    const pairRow = frame.locator('.row.verdict-fail', { has: frame.locator('.pair-tag:not([hidden])') }).first();
    const row = (await pairRow.count()) ? pairRow : frame.locator('.row.verdict-fail').first();
    await row.click(); // a click selects it and opens its explanation
    await frame.locator('#detail .exchange').first().waitFor({ timeout: 10_000 });
    await page.mouse.move(0, 0); // no hover highlight on another row

    fs.mkdirSync(outDir, { recursive: true });
    for (const theme of THEMES) {
      await setColorTheme(page, theme.label);
      await waitFor(`the ${theme.name} theme`, () => page.locator(`.monaco-workbench.${theme.workbenchClass}`).count(), 30_000);
      await cs.sleep(1500); // the webview receives the new theme variables
      await waitFor('a quiet status bar', async () => !(await page.locator('#workbench\\.parts\\.statusbar', { hasText: 'Activating Extensions' }).count()), 15_000).catch(() => {});
      const file = path.join(outDir, `panel-${theme.name}.png`);
      await page.screenshot({ path: file });
      log(`wrote ${path.relative(root, file)}`);
    }

    await shootLightbulb(page, workspace);
  } catch (err) {
    if (browser) {
      fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
      await browser.page.screenshot({ path: path.join(root, 'test-results', 'screenshots-failure.png') }).catch(() => {});
    }
    throw err;
  } finally {
    if (browser) await browser.close();
    if (server) await server.stop();
    api.kill();
    web.kill();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(`[screenshots] ${err.stack || err}`);
  process.exit(1);
});
