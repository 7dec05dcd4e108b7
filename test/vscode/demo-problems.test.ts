// The demo as `npm start` runs it (the workspace is a copy of demo/): its page in
// a real Chromium presses "Run all" through the inspector; the API's three broken
// endpoints become Problems on the lines of api/server.js that send the wrong
// headers, the correct one none; the panel links a row to its line; the fix for
// all of them, applied from the palette command, makes every call pass once
// `node --watch` has restarted the API, and the Problems go away.
import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, webviewFrame } from './support/workbench';
import { waitFor } from './support/extension';
import { freePort, runWatched } from './support/processes';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('The demo: Problems on the lines that send the wrong headers', function () {
  this.timeout(120_000);
  let apiUri: vscode.Uri;
  let original: string;
  let lines: string[];
  let api: ChildProcess;
  let web: ChildProcess;
  let apiLog = '';
  let browser: Browser;
  let page: Page;
  let webOrigin: string;

  const starts = () => apiLog.split('demo API listening').length - 1;
  const problems = () => vscode.languages.getDiagnostics(apiUri).filter((d) => d.source === 'CORS Inspector');
  const lineOf = (needle: string) => {
    const i = lines.findIndex((l) => l.includes(needle));
    assert.ok(i >= 0, `no line with ${needle}`);
    return i;
  };
  async function runAll(): Promise<string[]> {
    await page.goto(`${webOrigin}/`);
    await page.click('#all');
    await page.waitForFunction(() => document.querySelectorAll('#log li').length >= 4, null, { timeout: 20_000 });
    return (await page.locator('#log li').allInnerTexts()).map((t) => t.replace(/:.*/s, '') + (t.includes('blocked') ? ' blocked' : ' ok')).sort();
  }

  before(async () => {
    const folder = vscode.workspace.workspaceFolders![0];
    apiUri = vscode.Uri.joinPath(folder.uri, 'api', 'server.js');
    original = fs.readFileSync(apiUri.fsPath, 'utf8');
    lines = original.split('\n');
    const [apiPort, webPort] = [await freePort(), await freePort()];
    webOrigin = `http://localhost:${webPort}`;
    api = runWatched(path.join(folder.uri.fsPath, 'api', 'server.js'), { env: { API_PORT: String(apiPort), DEMO_WEB_ORIGIN: webOrigin } }, (t) => (apiLog += t));
    await waitFor('the demo API listening', () => starts() > 0, 20_000);
    const started = await vscode.commands.executeCommand<{ port: number }>('corsInspector.start', { target: `http://127.0.0.1:${apiPort}`, port: 0 });
    web = runWatched(path.join(folder.uri.fsPath, 'web', 'server.js'), { env: { WEB_PORT: String(webPort), API_BASE: `http://localhost:${started.port}` } }, () => undefined);
    await waitFor('the demo page served', () => new Promise<boolean>((r) => http.get(`http://127.0.0.1:${webPort}/`, (res) => r(res.statusCode === 200)).on('error', () => r(false))));
    browser = await launchBrowser();
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('corsInspector.clear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    api?.kill();
    web?.kill();
    fs.writeFileSync(apiUri.fsPath, original);
  });

  it('has one Problem per broken endpoint, each on the line that sends the wrong header, none for /api/hello', async () => {
    assert.deepStrictEqual(await runAll(), ['hello ok', 'orders blocked', 'profile blocked', 'todo blocked']);
    const list = await waitFor('three Problems on api/server.js', () => (problems().length === 3 ? problems() : null));
    const at = Object.fromEntries(list.map((d) => [String(d.code), d.range.start.line]));
    assert.deepStrictEqual(at, {
      AllowOriginMismatch: lineOf("'Access-Control-Allow-Origin': 'http://localhost:3000'"),
      HeaderDisallowedByPreflightResponse: lineOf("'Access-Control-Allow-Headers': 'X-Requested-With'"),
      WildcardOriginNotAllowed: lineOf("'Access-Control-Allow-Origin': '*'"),
    });
    // Each range covers the line's code, not the indentation.
    for (const d of list) assert.strictEqual(d.range.start.character, lines[d.range.start.line].length - lines[d.range.start.line].trimStart().length);
    assert.ok(list.every((d) => !/case '/.test(lines[d.range.start.line])), 'no Problem on a route label');
  });

  it('links the failing row in the panel to that line', async () => {
    await vscode.commands.executeCommand('corsInspector.showPanel');
    const frame = await webviewFrame(async (f) => (await f.locator('#list').count()) > 0);
    const row = frame.locator('#list .row.verdict-fail', { hasText: '/api/orders' }).first();
    await row.click();
    await frame.locator('#list').press('Enter');
    const link = frame.locator('#code-fix .source-link');
    await waitFor('the source link', async () => (await link.count()) > 0, 20_000);
    const line = lineOf("'Access-Control-Allow-Origin': 'http://localhost:3000'");
    assert.strictEqual(await link.innerText(), `api/server.js:${line + 1}`);
    await screenshot(path.join(repoRoot, 'test-results', 'demo-code-fix.png'));
    await link.click();
    await waitFor('api/server.js open at that line', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.toString() === apiUri.toString() && e.selection.start.line === line;
    });
  });

  it('"Apply CORS Fix in Code" fixes every open Problem; after the restart every call passes and the Problems are gone', async () => {
    const before = starts();
    const offer = await vscode.commands.executeCommand('corsInspector.describeFix');
    assert.strictEqual(await vscode.commands.executeCommand('corsInspector.applyFix'), true, `no fix applied: ${JSON.stringify(offer)}`);
    await waitFor('the API restarted by node --watch', () => starts() > before, 30_000);
    assert.deepStrictEqual(await runAll(), ['hello ok', 'orders ok', 'profile ok', 'todo ok']);
    await waitFor('no Problem left', () => problems().length === 0);
  });
});
