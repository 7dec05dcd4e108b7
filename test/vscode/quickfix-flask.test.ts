// vscode-test-workspace: flask-app
// The quick fix in a Python project, as a user meets it: a real Flask app (test/vscode/
// workspaces/flask-app, no CORS, flask-cors in requirements.txt) run by Debian's
// /usr/bin/python3 with Werkzeug's reloader. A real Chromium page on another origin
// calls it through the inspector and is blocked; Ctrl+. on the Problem in app.py offers
// the fix, planned on the tree-sitter-python grammar the extension loads from
// dist/grammars; a click writes CORS(app, ...), the reloader restarts the server, and the
// next Chromium request through the proxy passes.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, screenshot, workbenchPage } from './support/workbench';
import { waitFor } from './support/extension';
import { freePort } from './support/processes';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const shots = path.join(repoRoot, 'test-results', 'quickfix-flask');
const PYTHON = '/usr/bin/python3';
const TITLE = /^Allow origin http:\/\/127\.0\.0\.1:\d+, header content-type with credentials$/;

async function callApi(tab: Page, base: string): Promise<string[]> {
  return tab.evaluate(async (b) => {
    const out: string[] = [];
    try {
      const res = await fetch(`${b}/api/notes`, { credentials: 'include' });
      out.push(`GET ${res.status}`);
    } catch {
      out.push('GET blocked');
    }
    try {
      const res = await fetch(`${b}/api/notes`, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: 'from the page' }) });
      out.push(`POST ${res.status}`);
    } catch {
      out.push('POST blocked');
    }
    return out;
  }, base);
}

describe('CORS quick fix in a Flask app (Python, tree-sitter)', function () {
  this.timeout(180_000);
  let appUri: vscode.Uri;
  let original: string;
  let flask: ChildProcess;
  let flaskLog = '';
  let pageServer: http.Server;
  let browser: Browser;
  let tab: Page;
  let proxyUrl: string;
  let workbench: Page;

  const starts = () => flaskLog.split('notes API on').length - 1;
  const problems = () => vscode.languages.getDiagnostics(appUri).filter((d) => d.source === 'CORS Inspector');
  const diskText = () => fs.readFileSync(appUri.fsPath, 'utf8');

  before(async function () {
    if (!fs.existsSync(PYTHON)) this.skip();
    const folder = vscode.workspace.workspaceFolders![0];
    appUri = vscode.Uri.joinPath(folder.uri, 'app.py');
    original = diskText();
    fs.mkdirSync(shots, { recursive: true });
    const apiPort = await freePort();
    // Its own process group: the reloader's child goes down with it.
    flask = spawn(PYTHON, ['app.py'], { cwd: folder.uri.fsPath, env: { ...process.env, PORT: String(apiPort), PYTHONDONTWRITEBYTECODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    flask.stdout!.on('data', (c) => (flaskLog += c));
    flask.stderr!.on('data', (c) => (flaskLog += c));
    await waitFor('the Flask app listening', () => starts() > 0, 30_000);

    pageServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>notes</title>notes'));
    await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
    const pagePort = (pageServer.address() as AddressInfo).port;
    const started = await vscode.commands.executeCommand<{ url: string }>('corsInspector.start', { target: `http://127.0.0.1:${apiPort}`, port: 0 });
    proxyUrl = started.url;
    browser = await launchBrowser();
    tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    await tab.evaluate(() => (document.cookie = 'session=demo; path=/'));
    workbench = await workbenchPage();
  });

  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (flask?.pid) {
      try {
        process.kill(-flask.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await new Promise((r) => pageServer?.close(r));
    if (appUri && original !== undefined) fs.writeFileSync(appUri.fsPath, original);
  });

  it('Chromium is blocked, and the Problems point at the line that creates the Flask app', async () => {
    assert.deepStrictEqual(await callApi(tab, proxyUrl), ['GET blocked', 'POST blocked'], 'Chromium itself must block both calls');
    const list = await waitFor('two CORS Problems on app.py', () => (problems().length === 2 ? problems() : null), 30_000);
    const appLine = original.split('\n').findIndex((l) => l.startsWith('app = Flask('));
    assert.deepStrictEqual(list.map((d) => d.range.start.line), [appLine, appLine]);
  });

  it('Ctrl+. on the Problem offers the Flask-CORS fix; a click writes it, the reloader restarts, the next request passes', async () => {
    const [problem] = problems();
    const editor = await vscode.window.showTextDocument(appUri, { preview: false });
    editor.selection = new vscode.Selection(problem.range.start, problem.range.start);
    const menu = workbench.locator('.action-widget');
    const fixRow = menu.locator('.monaco-list-row', { hasText: TITLE });
    await waitFor('the quick fix menu with the CORS fix', async () => {
      if (await menu.isVisible()) await workbench.keyboard.press('Escape');
      await workbench.locator('.monaco-editor textarea').first().focus();
      await workbench.keyboard.press('Control+.');
      await fixRow.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, 45_000);
    assert.strictEqual(await menu.locator('.monaco-list-row.focused').innerText(), await fixRow.innerText(), 'the fix is the preferred (first, focused) action');
    await screenshot(path.join(shots, 'lightbulb-menu.png'));
    const before = starts();
    const box = (await fixRow.boundingBox())!;
    await workbench.mouse.click(box.x + 24, box.y + box.height / 2);

    await waitFor('the fix written and saved', () => /^CORS\(app, origins=\["http:\/\/127\.0\.0\.1:\d+"\], allow_headers=\["content-type"\], supports_credentials=True, max_age=600\)$/m.test(diskText()));
    assert.match(diskText(), /^from flask_cors import CORS$/m);
    await screenshot(path.join(shots, 'after-fix.png'));
    await waitFor('the reloader restarted the server', () => starts() > before, 30_000);
    const results = await waitFor('Chromium gets through', async () => {
      const r = await callApi(tab, proxyUrl);
      return r[0] === 'GET 200' && r[1] === 'POST 201' ? r : null;
    }, 30_000);
    assert.deepStrictEqual(results, ['GET 200', 'POST 201']);
    await waitFor('the Problems gone after the passing requests', () => problems().length === 0, 20_000);
  });
});
