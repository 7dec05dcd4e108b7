// Open Browser Through Inspector, attached over the DevTools pipe: a page from the
// workspace makes a failing fetch in a real (headless) Chromium, the panel shows the
// browser's verdict and the front-end line that made the request, and a real pointer
// click on that line opens it in the editor. And a browser that dies at once says so.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import { webviewFrame, workbenchPage, screenshot } from './support/workbench';
import { api, waitFor } from './support/extension';
import { close, listen } from './support/http';

const APP_JS = (apiBase: string) => `// The front end of the attached-browser test.
const API = '${apiBase}';

async function loadOrders() {
  const response = await fetch(API + '/api/orders', { headers: { 'X-Api-Key': 'k', 'X-Trace': '1' } });
  return response.json();
}

loadOrders().catch(() => {});
`;
/** 1-based line and column of the fetch call in APP_JS. */
const FETCH_LINE = 5;
const FETCH_COLUMN = 26;

describe('Open Browser Through Inspector (attached over the DevTools pipe)', function () {
  this.timeout(120_000);
  let apiServer: http.Server;
  let pageServer: http.Server;
  let webDir: string;

  before(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the suite runs with a workspace folder');
    webDir = path.join(folder, 'attached-web');
    fs.mkdirSync(webDir, { recursive: true });
    // The API answers its preflight without X-Trace: Chromium names x-trace (its order, not the sorted one).
    apiServer = http.createServer((req, res) => {
      const origin = req.headers.origin ?? '*';
      if (req.method === 'OPTIONS') return res.writeHead(204, { 'access-control-allow-origin': origin, 'access-control-allow-headers': 'x-api-key' }).end();
      res.writeHead(200, { 'access-control-allow-origin': origin, 'content-type': 'application/json' }).end('[]');
    });
    const apiPort = await listen(apiServer);
    fs.writeFileSync(path.join(webDir, 'app.js'), APP_JS(`http://localhost:${apiPort}`));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><title>orders</title><script src="/app.js"></script>');
    // Serves the workspace folder's files, as a dev server does.
    pageServer = http.createServer((req, res) => {
      const file = path.join(webDir, (req.url ?? '/') === '/' ? 'index.html' : path.basename(req.url ?? ''));
      if (!fs.existsSync(file)) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'text/html' }).end(fs.readFileSync(file));
    });
    await listen(pageServer);
  });

  after(async () => {
    const a = await api();
    for (const b of a.browsers) b.close();
    await close(apiServer);
    await close(pageServer);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the browser\'s verdict and the fetch\'s line, and a click on it opens that line', async function () {
    const a = await api();
    const pagePort = (pageServer.address() as AddressInfo).port;
    const launched = await vscode.commands.executeCommand<{ pid: number }>('corsInspector.openBrowser', {
      url: `http://127.0.0.1:${pagePort}/`,
      headless: true,
      browserPath: '/usr/bin/chromium',
    });
    assert.ok(launched && launched.pid > 0, 'no browser launched');
    const record = await waitFor(
      'the preflight recorded from the browser',
      () => a.session.recorder.list().find((r) => r.type === 'preflight' && r.request.url.endsWith('/api/orders') && r.browser),
      30_000,
    );
    assert.strictEqual(record.cors.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.strictEqual(record.cors.failedParameter, 'x-trace');
    assert.strictEqual(record.browser?.corsError, 'HeaderDisallowedByPreflightResponse');
    assert.strictEqual(record.engine?.agrees, true, JSON.stringify(record.engine));
    assert.deepStrictEqual(
      record.initiator && { file: new URL(record.initiator.url).pathname, line: record.initiator.line, column: record.initiator.column, functionName: record.initiator.functionName },
      { file: '/app.js', line: FETCH_LINE, column: FETCH_COLUMN, functionName: 'loadOrders' },
    );

    await vscode.commands.executeCommand('corsInspector.showPanel');
    // The panel opened by the command may still be settling: wait until its list shows the row.
    await new Promise((r) => setTimeout(r, 1000));
    const frame = await webviewFrame(async (f) => (await f.locator('#list .row', { hasText: '/api/orders' }).count()) > 0);
    await frame.locator('#filter-text').fill('/api/orders');
    const row = frame.locator('#list .row', { hasText: '/api/orders' }).first();
    await waitFor('the row', async () => (await row.count()) === 1);
    // Real pointer clicks: the row, then (if the row only selects) Enter opens the detail.
    await row.click();
    if (!(await frame.locator('#detail .initiator-link').count())) await frame.locator('#list').press('Enter');
    const link = frame.locator('#detail .initiator-link');
    await waitFor('the initiator link in the detail', async () => (await link.count()) === 1);
    assert.strictEqual((await link.innerText()).trim(), `app.js:${FETCH_LINE}:${FETCH_COLUMN} (loadOrders)`);
    await screenshot(path.join(os.tmpdir(), 'cors-inspector-attached-detail.png')).catch(() => undefined);
    // Leave the list unfiltered for the suites after this one (the panel keeps its filter).
    await frame.locator('#filter-text').fill('');
    await link.click();
    const editor = await waitFor('app.js opened in an editor', () => {
      const e = vscode.window.activeTextEditor;
      return e && e.document.uri.fsPath === path.join(webDir, 'app.js') ? e : null;
    });
    assert.strictEqual(editor.selection.active.line + 1, FETCH_LINE);
    assert.strictEqual(editor.selection.active.character + 1, FETCH_COLUMN);
    assert.match(editor.document.lineAt(FETCH_LINE - 1).text, /await fetch\(/);
  });

  it('says, with the browser\'s last words, when the browser exits at once', async function () {
    // A "browser" that dies like Chromium without a display.
    const fake = path.join(os.tmpdir(), `cors-inspector-dying-browser-${process.pid}.sh`);
    fs.writeFileSync(fake, "#!/bin/sh\necho '[1201/120000.000000:ERROR:ozone_platform_x11.cc(240)] Missing X server or $DISPLAY' >&2\nexit 1\n", { mode: 0o755 });
    try {
      await vscode.commands.executeCommand('corsInspector.openBrowser', { url: 'http://127.0.0.1:9/', browserPath: fake });
      const page = await workbenchPage();
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'exited with code 1' });
      await waitFor('the error notification', async () => (await toast.count()) > 0, 20_000);
      const text = await toast.first().innerText();
      assert.match(text, /Missing X server or \$DISPLAY/);
      assert.match(text, /cors-inspector browse --headless/);
      assert.match(text, /corsInspector\.browserPath/);
    } finally {
      fs.rmSync(fake, { force: true });
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});
