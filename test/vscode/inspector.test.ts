// CORS Inspector inside a real VS Code (code-server's extension host): real
// target servers on loopback, a real Chromium making cross-origin fetches, and
// the panel's real webview DOM read over CDP.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Browser, Frame } from 'playwright-core';
import { launchBrowser, screenshot, statusBarText, webviewFrame, workbenchPage } from './support/workbench';

import { api, waitFor } from './support/extension';
import { close, listen } from './support/http';

const EVIL_ORIGIN = '<img src=x onerror="window.__corsPwned=1">';
const EVIL_HEADER = '<script>window.__corsPwned=2</script><b id="injected">bold</b>';

/** Request targets the dev server saw, in order. */
const seenByTarget: string[] = [];

/** The dev server under test: one broken preflight, one allowed GET, one response full of markup. */
function targetServer(): http.Server {
  return http.createServer((req, res) => {
    seenByTarget.push(req.url ?? '');
    const origin = req.headers.origin ?? '*';
    if (req.url?.startsWith('/api/items')) {
      // Preflight answered without Access-Control-Allow-Origin: the browser blocks the PUT.
      if (req.method === 'OPTIONS') return res.writeHead(204).end();
      return res.writeHead(200, { 'access-control-allow-origin': origin }).end('updated');
    }
    if (req.url?.startsWith('/api/pair')) {
      // A preflight that passes, then the actual PUT answered 201.
      if (req.method === 'OPTIONS') {
        return res.writeHead(204, { 'access-control-allow-origin': origin, 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-client' }).end();
      }
      return res.writeHead(201, { 'access-control-allow-origin': origin }).end('created');
    }
    if (req.url?.startsWith('/api/ok')) {
      return res.writeHead(200, { 'access-control-allow-origin': origin, 'content-type': 'text/plain' }).end('ok');
    }
    if (req.url?.startsWith('/api/evil')) {
      return res.writeHead(200, { 'access-control-allow-origin': EVIL_ORIGIN, 'x-evil': EVIL_HEADER }).end('evil');
    }
    res.writeHead(404).end();
  });
}

function pageServer(script = ''): http.Server {
  return http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>page</title><body>page</body>${script}`);
  });
}

async function panelFrame(): Promise<Frame> {
  await vscode.commands.executeCommand('corsInspector.showPanel');
  return webviewFrame(async (f) => (await f.locator('#list').count()) > 0);
}

async function rowTexts(frame: Frame): Promise<string[]> {
  return frame.locator('#list .row').evaluateAll((rows) =>
    rows.map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()),
  );
}

describe('CORS Inspector in VS Code', function () {
  this.timeout(120_000);
  let target: http.Server;
  let page: http.Server;
  let targetPort: number;
  let pagePort: number;
  let browser: Browser | undefined;
  let proxyUrl: string;

  before(async () => {
    target = targetServer();
    page = pageServer();
    targetPort = await listen(target);
    pagePort = await listen(page);
    const a = await api();
    await a.session.stop();
    a.session.clear();
  });

  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await Promise.all([close(target), close(page)]);
  });

  it('starts from a command with a target URL and shows port and failing count in the status bar', async () => {
    assert.match(await statusBarText(/CORS/), /CORS off/);
    const started = await vscode.commands.executeCommand<{ url: string; port: number }>('corsInspector.start', {
      target: `http://127.0.0.1:${targetPort}`,
      port: 0,
    });
    assert.ok(started && started.port > 0, 'start returned no port');
    proxyUrl = started.url;
    const text = await statusBarText(new RegExp(`CORS :${started.port}`));
    assert.strictEqual(text, `CORS :${started.port} · 0 failing`);
    // The proxy really forwards to the target.
    const body = await new Promise<string>((resolve, reject) => {
      http.get(`${proxyUrl}/api/ok`, (res) => {
        let b = '';
        res.on('data', (c) => (b += c));
        res.on('end', () => resolve(b));
      }).on('error', reject);
    });
    assert.strictEqual(body, 'ok');
  });

  it('passes the request path on to the dev server exactly as the client sent it', async () => {
    // Repeated slashes are a different resource to many servers; inside VS Code's
    // extension host (whose http module VS Code wraps) they must survive too.
    const exact = '/api/ok//twice/x?q=a//b';
    seenByTarget.length = 0;
    await new Promise<void>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: new URL(proxyUrl).port, path: exact }, (res) => {
        res.resume();
        res.on('end', () => resolve());
      });
      req.on('error', reject);
      req.end();
    });
    assert.deepStrictEqual(seenByTarget, [exact]);
  });

  it('shows a real Chromium cross-origin fetch as one failing preflight+request row with the reason', async () => {
    browser = await launchBrowser();
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    const outcome = await tab.evaluate(async (base) => {
      const results: string[] = [];
      try {
        await fetch(`${base}/api/items/7`, { method: 'PUT', headers: { 'X-Client': 'test' }, body: 'x' });
        results.push('put-ok');
      } catch {
        results.push('put-blocked');
      }
      results.push(await (await fetch(`${base}/api/ok`)).text());
      results.push(await (await fetch(`${base}/api/pair/1`, { method: 'PUT', headers: { 'X-Client': 'test' }, body: 'x' })).text());
      return results;
    }, proxyUrl);
    assert.deepStrictEqual(outcome, ['put-blocked', 'ok', 'created'], 'Chromium itself must block the PUT and allow the GET and the other PUT');

    const frame = await panelFrame();
    const rows = await waitFor('a failing PUT row', async () => {
      const texts = await rowTexts(frame);
      return texts.some((t) => t.includes('PUT') && t.includes('PreflightMissingAllowOriginHeader')) ? texts : null;
    });
    const putRows = rows.filter((t) => t.includes('/api/items/7'));
    assert.strictEqual(putRows.length, 1, `preflight and request must be ONE row: ${JSON.stringify(rows)}`);
    assert.match(putRows[0], /Blocked/);
    assert.match(putRows[0], /preflight \+ \/api\/items\/7/);
    const failing = frame.locator('#list .row.verdict-fail');
    assert.strictEqual(await failing.count(), 1);
    assert.strictEqual(await failing.getAttribute('role'), 'option');
    assert.match((await failing.getAttribute('aria-label')) ?? '', /Blocked: PUT \/api\/items\/7, with preflight, PreflightMissingAllowOriginHeader/);
    // A correct endpoint called without credentials is a plain pass: no warning without evidence.
    // (The earlier /api/ok calls from Node carried no Origin: those rows are "Not CORS".)
    const ok = frame.locator('#list .row:not(.verdict-not-cors)').filter({ has: frame.locator('.path-text', { hasText: /^\/api\/ok$/ }) });
    await waitFor('the allowed GET row', async () => (await ok.count()) === 1);
    assert.match(await ok.getAttribute('class') ?? '', /verdict-pass/);
    assert.strictEqual((await ok.locator('.c-reason').innerText()).trim(), '');
    assert.strictEqual(await frame.locator('#list .row.verdict-warn').count(), 0, `a warning without evidence: ${JSON.stringify(await rowTexts(frame))}`);
    // A paired row shows the actual request's status, the preflight's beside it.
    const pair = frame.locator('#list .row', { hasText: '/api/pair/1' });
    await waitFor('the paired PUT row', async () => (await pair.count()) === 1);
    assert.strictEqual(await pair.locator('.status-main').innerText(), '201');
    assert.strictEqual(await pair.locator('.status-preflight').innerText(), 'preflight 204');
    assert.strictEqual(await pair.locator('.c-status').getAttribute('title'), 'Actual request: 201; preflight: 204');
    // The blocked preflight's request was never sent: no status of its own, the preflight's beside it; the full reason is the tooltip.
    const blocked = frame.locator('#list .row', { hasText: '/api/items/7' });
    assert.strictEqual(await blocked.locator('.status-main').innerText(), '—');
    assert.strictEqual(await blocked.locator('.status-preflight').innerText(), 'preflight 204');
    assert.strictEqual(await blocked.locator('.c-reason').getAttribute('title'), 'Blocked on the preflight: PreflightMissingAllowOriginHeader');
    assert.strictEqual(await statusBarText(/CORS :/), `CORS :${new URL(proxyUrl).port} · 1 failing`);
  });

  it('filters by failing only, by method and by path text', async () => {
    const frame = await panelFrame();
    assert.deepStrictEqual(await frame.locator('#filter-method option').allInnerTexts(), ['All methods', 'GET', 'PUT']);
    await frame.locator('#filter-text').fill('');
    await frame.locator('#filter-failing').check();
    await waitFor('only failing rows', async () => (await rowTexts(frame)).length === 1);
    assert.match((await rowTexts(frame))[0], /PUT/);
    await frame.locator('#filter-failing').uncheck();
    await frame.locator('#filter-method').selectOption('GET');
    await waitFor('only GET rows', async () => {
      const t = await rowTexts(frame);
      return t.length > 0 && t.every((r) => r.includes('GET'));
    });
    await frame.locator('#filter-method').selectOption('');
    await frame.locator('#filter-text').fill('items');
    await waitFor('only /api/items rows', async () => {
      const t = await rowTexts(frame);
      return t.length === 1 && t[0].includes('/api/items/7');
    });
    await frame.locator('#filter-text').fill('');
    await waitFor('all rows back', async () => (await rowTexts(frame)).length >= 2);
  });

  it('opens the detail with the keyboard, highlights the missing header and closes with Escape', async () => {
    const frame = await panelFrame();
    const list = frame.locator('#list');
    await list.focus();
    await list.press('Home');
    const selected = frame.locator('#list .row[aria-selected="true"]');
    assert.strictEqual(await selected.count(), 1);
    assert.strictEqual(await selected.getAttribute('aria-posinset'), '1');
    // Walk down with the arrow key to the blocked PUT (bounded by the row count).
    const total = await frame.locator('#list .row').count();
    for (let i = 0; i < total && !(await selected.innerText()).includes('PUT'); i++) await list.press('ArrowDown');
    assert.match(await selected.innerText(), /PUT/);
    assert.strictEqual(await list.getAttribute('aria-activedescendant'), await selected.getAttribute('id'));
    await list.press('Enter');
    await waitFor('detail shown', async () => (await frame.locator('#detail').getAttribute('hidden')) === null);
    const offending = frame.locator('#detail tr.offending');
    await waitFor('offending header row', async () => (await offending.count()) > 0);
    assert.match(await offending.first().innerText(), /access-control-allow-origin[\s\S]*\(missing\)/i);
    assert.match(await frame.locator('#detail .console-message').innerText(), /blocked by CORS policy/);
    assert.match(await frame.locator('#detail .fix').innerText(), /Access-Control-Allow-Origin: http:\/\/127\.0\.0\.1:\d+/);
    await screenshot(path.join(__dirname, '..', '..', '..', 'test-results', 'panel-detail.png'));
    // The buttons copy through the extension (the webview cannot reach the clipboard itself).
    await vscode.env.clipboard.writeText('before');
    await frame.locator('#detail button.copy-fix').click();
    await waitFor('fix on the clipboard', async () => /^# On the preflight \(OPTIONS\) response:\nAccess-Control-Allow-Origin: http:\/\/127\.0\.0\.1:\d+/.test(await vscode.env.clipboard.readText()));
    await frame.locator('#detail button.copy-curl').first().click();
    await waitFor('curl on the clipboard', async () => {
      const text = await vscode.env.clipboard.readText();
      return text.startsWith('curl ') && text.includes('-X OPTIONS') && text.includes('/api/items/7');
    });
    await list.press('Escape');
    await waitFor('detail hidden', async () => (await frame.locator('#detail').getAttribute('hidden')) !== null);
  });

  it('shows the detail on a mouse click, keeps the row under the pointer through updates, and opens on double-click', async () => {
    const frame = await panelFrame();
    const page = await workbenchPage();
    const detail = frame.locator('#detail');
    const putRow = frame.locator('#list .row', { hasText: '/api/items/7' });
    assert.strictEqual(await detail.getAttribute('hidden'), '', 'the detail starts closed');
    // A real pointer click (Playwright moves the mouse and presses it through CDP Input events).
    await putRow.click();
    await waitFor('detail shown by a click', async () => (await detail.getAttribute('hidden')) === null && (await frame.locator('#detail h2').count()) > 0);
    assert.strictEqual(await frame.locator('#detail h2').innerText(), 'PUT /api/items/7');
    assert.strictEqual(await putRow.getAttribute('aria-selected'), 'true');
    // New traffic re-renders the list: the element under the pointer must stay the same element.
    const handle = await putRow.elementHandle();
    assert.ok(handle);
    await handle.evaluate((node) => ((node as unknown as { marker: number }).marker = 42));
    const before = await frame.locator('#list .row').count();
    await new Promise<void>((resolve, reject) => {
      http.get(`${proxyUrl}/api/ok?again=1`, { headers: { Origin: `http://127.0.0.1:${pagePort}` } }, (res) => res.resume().on('end', () => resolve())).on('error', reject);
    });
    await waitFor('the new row', async () => (await frame.locator('#list .row').count()) > before);
    assert.strictEqual(await handle.evaluate((node) => node.isConnected && (node as unknown as { marker?: number }).marker), 42, 'the row element was replaced');
    // A double-click on another row shows that one.
    await frame.locator('#list .row', { hasText: '/api/ok?again=1' }).dblclick();
    await waitFor('detail of the double-clicked row', async () => (await frame.locator('#detail h2').innerText()) === 'GET /api/ok?again=1');
    // Its detail says it passes, with no warning, and keeps what credentials would do as a quiet note.
    assert.strictEqual(await frame.locator('#detail h3', { hasText: 'Warnings' }).count(), 0);
    assert.match(await frame.locator('#detail .hints').innerText(), /Nothing seen says this page sends credentials/);

    // The splitter: dragged with the mouse, moved with the keyboard, remembered when the panel comes back.
    const splitter = frame.locator('#splitter');
    const start = Number(await splitter.getAttribute('aria-valuenow'));
    const box = await splitter.boundingBox();
    assert.ok(box);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 120, { steps: 6 });
    await page.mouse.up();
    const dragged = Number(await splitter.getAttribute('aria-valuenow'));
    assert.ok(dragged < start - 5, `dragging up shrinks the list: ${start}% -> ${dragged}%`);
    const listBox = await frame.locator('#list').boundingBox();
    const after = await splitter.boundingBox();
    assert.ok(listBox && after && Math.abs(listBox.y + listBox.height - after.y) < 8, 'the list ends at the splitter');
    await splitter.focus();
    await splitter.press('ArrowDown');
    const keyed = Number(await splitter.getAttribute('aria-valuenow'));
    assert.strictEqual(keyed, dragged + 5);
    const doc = await vscode.workspace.openTextDocument({ content: 'hide the panel' });
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await waitFor('panel hidden', async () => !(await api()).panel()?.panel.visible);
    const again = await panelFrame();
    await waitFor('detail and splitter restored', async () => (await again.locator('#detail h2').count()) > 0 && Number(await again.locator('#splitter').getAttribute('aria-valuenow')) === keyed);
    await screenshot(path.join(__dirname, '..', '..', '..', 'test-results', 'panel-mouse.png'));
    await again.locator('#list').press('Escape');
    await waitFor('detail hidden', async () => (await again.locator('#detail').getAttribute('hidden')) !== null);
  });

  it('reports the failing endpoint as a problem where the app is created, with the route that handles it', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder');
    const serverFile = vscode.Uri.joinPath(folder.uri, 'cors-route-under-test.js');
    const source = "const express = require('express');\nconst app = express();\n\napp.get('/health', h);\napp.put('/api/items/:id', update);\n";
    await vscode.workspace.fs.writeFile(serverFile, Buffer.from(source));
    try {
      const a = await api();
      await a.diagnostics.update();
      // The route index hears of the new file from a file watcher, which can come after
      // a first pass has placed the Problem without its route: wait for the pass after it.
      const diag = await waitFor('a diagnostic on the route file, with its route', async () => {
        await a.diagnostics.update();
        return vscode.languages.getDiagnostics(serverFile).find((d) => d.code === 'PreflightMissingAllowOriginHeader' && d.relatedInformation);
      });
      // No CORS code in that app: the fix goes where the app is created; the route is related information.
      assert.strictEqual(diag.range.start.line, 1);
      assert.strictEqual(diag.relatedInformation?.[0]?.location.uri.toString(), serverFile.toString());
      assert.strictEqual(diag.relatedInformation?.[0]?.location.range.start.line, 4);
      assert.match(diag.message, /PUT \/api\/items\/7/);
      assert.match(diag.message, /Access-Control-Allow-Origin/);
    } finally {
      await vscode.workspace.fs.delete(serverFile);
    }
  });

  it('exports a HAR, clears, and imports it back into the panel', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cors-har-')), 'out.har');
    const written = await vscode.commands.executeCommand<string>('corsInspector.exportHar', file);
    assert.strictEqual(written, file);
    const har = JSON.parse(fs.readFileSync(file, 'utf8'));
    const urls: string[] = har.log.entries.map((e: { request: { url: string } }) => e.request.url);
    assert.ok(urls.some((u) => u.includes('/api/items/7')), `HAR lacks the PUT flow: ${urls.join(', ')}`);

    const frame = await panelFrame();
    await vscode.commands.executeCommand('corsInspector.clear');
    await waitFor('empty list', async () => (await rowTexts(frame)).length === 0);
    // The status bar refreshes at most every 200 ms.
    await waitFor('0 failing in the status bar', async () => / 0 failing$/.test(await statusBarText(/CORS :/)));

    const count = await vscode.commands.executeCommand<number>('corsInspector.importHar', file);
    assert.strictEqual(count, har.log.entries.length);
    const rows = await waitFor('imported rows', async () => {
      const t = await rowTexts(frame);
      return t.some((r) => r.includes('PreflightMissingAllowOriginHeader')) ? t : null;
    });
    assert.strictEqual(rows.filter((r) => r.includes('/api/items/7')).length, 1, 'imported pair must be one row again');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });

  it('shows markup from response headers as text and runs none of it', async () => {
    browser ??= await launchBrowser();
    await panelFrame(); // open before the fetch, so the failure arrives live
    // Announcements are batched per second: let any from the previous test go out first,
    // so this failure is announced on its own.
    await new Promise((r) => setTimeout(r, 1500));
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    const blocked = await tab.evaluate(async (url) => fetch(url).then(() => false, () => true), `${proxyUrl}/api/evil`);
    assert.strictEqual(blocked, true);

    const frame = await panelFrame();
    // VS Code injects its own script into every webview document: compare against that baseline.
    const baselineScripts = await frame.evaluate(() => document.querySelectorAll('script').length);
    await frame.locator('#filter-text').fill('evil');
    const row = frame.locator('#list .row', { hasText: '/api/evil' });
    await waitFor('evil row', async () => (await row.count()) === 1);
    // Screen readers hear about a failure that arrives while the panel is open.
    const live = frame.locator('#live[aria-live="polite"]');
    let announced = '';
    await waitFor('failure announced', async () => /^New CORS failure: GET \/api\/evil \w+/.test((announced = await live.innerText())))
      .catch((err: Error) => assert.fail(`${err.message}; live region says "${announced}"`));
    await row.click();
    await frame.locator('#list').press('Enter');
    const evilCell = frame.locator('#detail td', { hasText: '<script>' });
    await waitFor('header with markup shown as text', async () => (await evilCell.count()) > 0);
    assert.strictEqual(await evilCell.first().innerText(), EVIL_HEADER);
    assert.ok(await frame.locator('#detail td', { hasText: 'onerror=' }).count() > 0, 'the Allow-Origin markup is shown as text');
    // Give an injected handler time to fire if it had been parsed as HTML.
    await new Promise((r) => setTimeout(r, 500));
    const dom = await frame.evaluate(() => ({
      pwned: (window as unknown as { __corsPwned?: number }).__corsPwned ?? null,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      injected: document.getElementById('injected') !== null,
    }));
    assert.deepStrictEqual(dom, { pwned: null, imgs: 0, scripts: baselineScripts, injected: false });
    await frame.locator('#filter-text').fill('');
    await frame.locator('#list').press('Escape');
  });

  it('opens a browser attached to the inspector that records its cross-origin fetches with the browser\'s verdict', async function () {
    const a = await api();
    const script = `<script>fetch('http://localhost:${targetPort}/api/items/9', { method: 'PUT', headers: { 'X-Client': 'b' } }).catch(() => {})</script>`;
    const appServer = pageServer(script);
    const appPort = await listen(appServer);
    try {
      const launched = await vscode.commands.executeCommand<{ pid: number }>('corsInspector.openBrowser', {
        url: `http://127.0.0.1:${appPort}/`,
        headless: true,
        browserPath: '/usr/bin/chromium',
      });
      assert.ok(launched && launched.pid > 0, 'no browser launched');
      const rec = await waitFor(
        'the fetch recorded from the browser\'s own events',
        () => a.session.recorder.list().find((r) => r.type === 'preflight' && r.request.url.includes(`:${targetPort}/api/items/9`) && r.browser),
        30_000,
      );
      assert.strictEqual(rec.cors.corsError, 'PreflightMissingAllowOriginHeader');
      assert.strictEqual(rec.browser?.corsError, 'PreflightMissingAllowOriginHeader');
      // Attached, not proxied: the page itself never went through the inspector.
      assert.ok(!a.session.recorder.list().some((r) => r.request.url.startsWith(`http://127.0.0.1:${appPort}/`)));
    } finally {
      for (const b of a.browsers) b.close();
      await close(appServer);
    }
  });

  it('stops from a command and the status bar says so', async () => {
    await vscode.commands.executeCommand('corsInspector.stop');
    assert.strictEqual(await statusBarText(/CORS off/), 'CORS off');
    const a = await api();
    assert.strictEqual(a.session.state.running, false);
    await assert.rejects(
      new Promise((resolve, reject) => http.get(`${proxyUrl}/api/ok`, resolve).on('error', reject)),
      /ECONNREFUSED/,
    );
  });
});
