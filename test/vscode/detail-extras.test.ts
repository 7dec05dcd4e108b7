// What the proxy records beside the CORS check — a 103 Early Hints before the
// final response, the trailers of a chunked response, and the proxy's notices
// (here a reason phrase with a control byte, replaced on the way) — shown in the
// panel's detail as a person gets there: a real Chromium fetch through the
// inspector to a real loopback upstream, the row clicked with the pointer or
// reached with the keyboard, the webview's real DOM read over CDP.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Browser, Frame, Locator } from 'playwright-core';
import { launchBrowser, screenshot, webviewFrame, workbenchPage } from './support/workbench';

import { api, waitFor } from './support/extension';
import { close, listen } from './support/http';

const HINT_LINK = '</assets/app.css>; rel=preload; as=style';
/** Markup in the 103's headers, in a response header and in a trailer: each must show as text. */
const EVIL_HINT = '<img src=x onerror="window.__corsPwned=\'hint\'">';
const EVIL_HEADER = '<img src=x onerror="window.__corsPwned=\'header\'"><b id="injected-header">b</b>';
const EVIL_TRAILER = '<img src=x onerror="window.__corsPwned=\'trailer\'"><b id="injected-trailer">b</b>';
/** One long token with no place to break: it must wrap inside the detail, not widen it. */
const LONG_TRAILER = 'sha256-' + 'A1b2C3d4E5f6'.repeat(30);
const SERVER_TIMING = 'db;dur=53, app;dur=47.2';

/** Where the screenshots go (not committed); the report names them. */
const SHOTS = process.env.CORS_INSPECTOR_SHOTS_DIR || path.join(__dirname, '..', '..', '..', 'test-results', 'detail-extras');

/**
 * The upstream: raw bytes on a socket, because Node's http server will neither
 * write a control byte in a reason phrase nor let a test choose the wire exactly.
 * GET /early answers a 103 Early Hints, then "200 O\x01K" chunked with trailers.
 */
function rawUpstream(): net.Server {
  return net.createServer((socket) => {
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const origin = /\r\norigin: *([^\r\n]*)/i.exec(head)?.[1] ?? '*';
      const isPreflight = head.startsWith('OPTIONS ');
      head = '';
      if (isPreflight) {
        socket.end(`HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: ${origin}\r\nConnection: close\r\n\r\n`);
        return;
      }
      socket.end(Buffer.from(
        'HTTP/1.1 103 Early Hints\r\n' +
          `Link: ${HINT_LINK}\r\n` +
          `X-Hint: ${EVIL_HINT}\r\n` +
          '\r\n' +
          'HTTP/1.1 200 O\x01K\r\n' +
          `Access-Control-Allow-Origin: ${origin}\r\n` +
          'Content-Type: text/plain\r\n' +
          `X-Evil: ${EVIL_HEADER}\r\n` +
          'Transfer-Encoding: chunked\r\n' +
          'Trailer: Server-Timing, X-Evil-Trailer, Digest\r\n' +
          'Connection: close\r\n' +
          '\r\n' +
          '5\r\nearly\r\n' +
          '0\r\n' +
          `Server-Timing: ${SERVER_TIMING}\r\n` +
          `X-Evil-Trailer: ${EVIL_TRAILER}\r\n` +
          `Digest: ${LONG_TRAILER}\r\n` +
          '\r\n',
        'latin1',
      ));
    });
    socket.on('error', () => socket.destroy());
  });
}

function pageServer(): http.Server {
  return http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>page</title><body>page</body>');
  });
}

async function panelFrame(): Promise<Frame> {
  await vscode.commands.executeCommand('corsInspector.showPanel');
  return webviewFrame(async (f) => (await f.locator('#list').count()) > 0);
}

/** A headers table of the detail by its accessible name, as [name, value] pairs as shown. */
async function tableRows(table: Locator): Promise<string[][]> {
  return table.locator('tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c as HTMLElement).innerText)));
}

describe('Detail: interim responses, trailers and proxy notices', function () {
  this.timeout(120_000);
  let upstream: net.Server;
  let page: http.Server;
  let upstreamPort: number;
  let pagePort: number;
  let browser: Browser | undefined;
  let proxyUrl: string;

  before(async () => {
    upstream = rawUpstream();
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamPort = (upstream.address() as net.AddressInfo).port;
    page = pageServer();
    pagePort = await listen(page);
    const a = await api();
    await a.session.stop();
    a.session.clear();
    const started = await vscode.commands.executeCommand<{ url: string; port: number }>('corsInspector.start', {
      target: `http://127.0.0.1:${upstreamPort}`,
      port: 0,
    });
    assert.ok(started && started.port > 0, 'the inspector did not start');
    proxyUrl = started.url;
  });

  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('corsInspector.clear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise<void>((r) => upstream.close(() => r()));
    await close(page);
  });

  it('records the 103, the trailers and the replaced reason phrase of a real Chromium fetch through the inspector', async () => {
    browser = await launchBrowser();
    const tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    // Two exchanges, so the keyboard has somewhere to go; Chromium reads both (the proxy replaced the phrase).
    const bodies = await tab.evaluate(async (base) => [await (await fetch(`${base}/early`)).text(), await (await fetch(`${base}/other`)).text()], proxyUrl);
    assert.deepStrictEqual(bodies, ['early', 'early']);
    const a = await api();
    const rec = await waitFor('the /early record', () => a.session.recorder.list().find((r) => r.request.url.endsWith('/early') && r.response));
    assert.deepStrictEqual(rec.response?.informational?.map((i) => i.status), [103]);
    assert.deepStrictEqual(rec.response?.trailers?.map(([n]) => n), ['Server-Timing', 'X-Evil-Trailer', 'Digest']);
    assert.deepStrictEqual(rec.notices?.map((n) => n.code), ['EBADREASON']);
    assert.strictEqual(rec.cors.verdict, 'pass');
  });

  it('shows them in the detail of a row clicked with the pointer, each marked as not part of the CORS check', async () => {
    const frame = await panelFrame();
    const row = frame.locator('#list .row').filter({ has: frame.locator('.path-text', { hasText: /^\/early$/ }) });
    await waitFor('the /early row', async () => (await row.count()) === 1);
    assert.match((await row.getAttribute('class')) ?? '', /verdict-pass/, 'a notice does not make the exchange fail');
    const detail = frame.locator('#detail');
    assert.strictEqual(await detail.getAttribute('hidden'), '', 'the detail starts closed');
    await row.click(); // a real pointer click: Playwright moves the mouse there and presses it (CDP Input events)
    const trailers = frame.locator('#detail table[aria-label="Response trailers (not part of the CORS check)"]');
    await waitFor('the detail with the trailers', async () => (await frame.locator('#detail h2').innerText().catch(() => '')) === 'GET /early' && (await trailers.count()) === 1);
    assert.strictEqual(await row.getAttribute('aria-selected'), 'true');
    assert.match(await frame.locator('#detail .detail-head').innerText(), /Allowed/);

    // The status line shows the phrase that came, its control byte made visible; the notice right under it says what was done.
    const request = frame.locator('#detail section.exchange');
    assert.strictEqual(await request.count(), 1);
    assert.match(await request.locator('.status-line').innerText(), /^Status: 200 O\\x01K · \d+ ms$/);
    const notice = request.locator('[role="group"][aria-label="Proxy notice (not part of the CORS check)"]');
    assert.strictEqual(await notice.count(), 1);
    assert.ok(await notice.isVisible());
    assert.strictEqual(await notice.locator('h4').innerText(), 'Proxy notice (not part of the CORS check)');
    assert.strictEqual(await notice.locator('code.notice-code').innerText(), 'EBADREASON');
    assert.match(await notice.locator('li').innerText(), /^EBADREASON the server's reason phrase contains the control byte 0x01, which HTTP forbids; the client got "200 OK" instead/);

    // The 103, the final response's headers, then the trailers: in the order they came, only the asides marked.
    const headings = (await request.locator('h4').allInnerTexts()).map((t) => t.trim());
    assert.deepStrictEqual(headings, [
      'Proxy notice (not part of the CORS check)',
      'Request headers',
      'Interim response 103 headers (not part of the CORS check)',
      'Response headers',
      'Response trailers (not part of the CORS check)',
    ]);
    const interim = request.locator('table[aria-label="Interim response 103 headers (not part of the CORS check)"]');
    assert.deepStrictEqual(await tableRows(interim), [['Link', HINT_LINK], ['X-Hint', EVIL_HINT]]);
    assert.deepStrictEqual(await tableRows(trailers), [['Server-Timing', SERVER_TIMING], ['X-Evil-Trailer', EVIL_TRAILER], ['Digest', LONG_TRAILER]]);
    const response = await tableRows(request.locator('table[aria-label="Response headers"]'));
    assert.ok(response.some(([n, v]) => n === 'Trailer' && v === 'Server-Timing, X-Evil-Trailer, Digest'));
    assert.ok(!response.some(([n]) => n === 'Server-Timing' || n === 'Link'), `trailers and hints are not response headers: ${JSON.stringify(response)}`);
    for (const table of [interim, trailers]) assert.ok(await table.isVisible());

    // The long trailer wraps inside the detail: nothing wider than the pane, no sideways scrolling.
    await trailers.scrollIntoViewIfNeeded();
    const fit = await frame.evaluate(() => {
      const pane = document.getElementById('detail')!;
      const cell = Array.from(pane.querySelectorAll('td')).find((td) => td.textContent!.startsWith('sha256-'))!;
      return { paneScroll: pane.scrollWidth - pane.clientWidth, cellRight: cell.getBoundingClientRect().right, paneRight: pane.getBoundingClientRect().right, lines: Math.round(cell.getBoundingClientRect().height / parseFloat(getComputedStyle(cell).lineHeight || '16')) };
    });
    assert.ok(fit.paneScroll <= 0, `the detail scrolls sideways by ${fit.paneScroll}px`);
    assert.ok(fit.cellRight <= fit.paneRight, `the long trailer ends at ${fit.cellRight}px, past the pane (${fit.paneRight}px)`);
  });

  it('reaches the row and opens its detail with the keyboard alone', async () => {
    const frame = await panelFrame();
    const list = frame.locator('#list');
    await list.focus();
    await list.press('Escape');
    const detail = frame.locator('#detail');
    await waitFor('detail closed', async () => (await detail.getAttribute('hidden')) !== null);
    // Tab from the path filter lands on the list.
    await frame.locator('#filter-text').focus();
    await frame.locator('#filter-text').press('Tab');
    assert.strictEqual(await frame.evaluate(() => document.activeElement?.id), 'list');
    const selected = frame.locator('#list .row[aria-selected="true"]');
    const selectedPath = () => selected.locator('.path-text').innerText();
    await list.press('Home');
    assert.strictEqual(await selected.getAttribute('aria-posinset'), '1');
    await list.press('End');
    assert.strictEqual(await selected.getAttribute('aria-posinset'), await selected.getAttribute('aria-setsize'));
    const total = await frame.locator('#list .row').count();
    for (let i = 0; i < total && (await selectedPath()) !== '/early'; i++) await list.press('ArrowUp');
    assert.strictEqual(await selectedPath(), '/early');
    assert.strictEqual(await list.getAttribute('aria-activedescendant'), await selected.getAttribute('id'));
    const trailers = frame.locator('#detail table[aria-label="Response trailers (not part of the CORS check)"]');
    for (const key of ['Space', 'Enter']) {
      await list.press(key);
      await waitFor(`detail opened with ${key}`, async () => (await detail.getAttribute('hidden')) === null && (await frame.locator('#detail h2').innerText().catch(() => '')) === 'GET /early' && (await trailers.count()) === 1);
      assert.strictEqual(await frame.locator('#detail [aria-label="Proxy notice (not part of the CORS check)"]').count(), 1);
      assert.strictEqual(await frame.evaluate(() => document.activeElement?.id), 'list', 'focus stays on the list');
      await list.press('Escape');
      await waitFor('detail closed with Escape', async () => (await detail.getAttribute('hidden')) !== null);
    }
  });

  it('shows markup in the 103, a header and a trailer as text and runs none of it', async () => {
    const frame = await panelFrame();
    // VS Code injects its own script into every webview document: compare against that baseline.
    const baselineScripts = await frame.evaluate(() => document.querySelectorAll('script').length);
    await frame.locator('#list .row').filter({ has: frame.locator('.path-text', { hasText: /^\/early$/ }) }).click();
    await waitFor('the detail with the trailers', async () => (await frame.locator('#detail table[aria-label="Response trailers (not part of the CORS check)"]').count()) === 1);
    for (const evil of [EVIL_HINT, EVIL_HEADER, EVIL_TRAILER]) {
      const cells = frame.locator('#detail td').filter({ hasText: evil });
      assert.strictEqual(await cells.count(), 1, `${evil} shown once, as text`);
      assert.strictEqual(await cells.innerText(), evil);
    }
    // Give an injected handler time to fire if anything had been parsed as HTML.
    await new Promise((r) => setTimeout(r, 500));
    const dom = await frame.evaluate(() => ({
      pwned: (window as unknown as { __corsPwned?: string }).__corsPwned ?? null,
      imgs: document.querySelectorAll('img').length,
      scripts: document.querySelectorAll('script').length,
      injected: document.querySelectorAll('#injected-header, #injected-trailer, #detail b').length,
    }));
    assert.deepStrictEqual(dom, { pwned: null, imgs: 0, scripts: baselineScripts, injected: 0 });
  });

  it('looks right in a dark and a light theme (screenshots of the open detail)', async () => {
    const frame = await panelFrame();
    const detail = frame.locator('#detail');
    if ((await detail.getAttribute('hidden')) !== null) {
      await frame.locator('#list .row').filter({ has: frame.locator('.path-text', { hasText: /^\/early$/ }) }).click();
    }
    await waitFor('the detail with the trailers', async () => (await frame.locator('#detail table[aria-label="Response trailers (not part of the CORS check)"]').count()) === 1);
    // Most of the height to the detail, and a window tall enough to show the whole exchange.
    await frame.locator('#splitter').focus();
    await frame.locator('#splitter').press('Home');
    const wb = await workbenchPage();
    const viewport = wb.viewportSize() ?? { width: 1440, height: 900 };
    const workbench = vscode.workspace.getConfiguration('workbench');
    const saved = workbench.inspect('colorTheme')?.globalValue;
    fs.mkdirSync(SHOTS, { recursive: true });
    const looks: string[] = [];
    try {
      await wb.setViewportSize({ width: 1280, height: 1500 });
      for (const [theme, name] of [['Default Dark Modern', 'dark'], ['Default Light Modern', 'light']]) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        // Dark Modern's editor background is #1f1f1f, Light Modern's #ffffff.
        const background = name === 'dark' ? 'rgb(31, 31, 31)' : 'rgb(255, 255, 255)';
        const look = await waitFor(`the panel styled by ${theme}`, async () => {
          const l = await frame.evaluate(() => `${getComputedStyle(document.body).backgroundColor}|${getComputedStyle(document.body).color}`);
          return l.startsWith(background + '|') ? l : null;
        });
        looks.push(look);
        await frame.locator('#list').focus();
        await frame.evaluate(() => { document.getElementById('detail')!.scrollTop = 0; });
        await new Promise((r) => setTimeout(r, 300)); // let the theme's repaint land
        const box = await detail.boundingBox();
        assert.ok(box && box.height > 600, `the detail is ${box?.height}px tall`);
        await wb.screenshot({ path: path.join(SHOTS, `detail-extras-${name}.png`), clip: box });
        await screenshot(path.join(SHOTS, `window-${name}.png`));
        // The marking and the notice are readable: WCAG AA contrast (4.5:1) against the panel's background.
        for (const selector of ['#detail .not-cors-mark', '#detail li.notice', '#detail code.notice-code']) {
          const ratio = await frame.locator(selector).first().evaluate((n) => {
            const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
            const lum = (c: string) => {
              const [r, g, b] = rgb(c).map((v) => (v / 255 <= 0.03928 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
              return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const [a, b] = [lum(getComputedStyle(n).color), lum(getComputedStyle(document.body).backgroundColor)];
            return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
          });
          assert.ok(ratio >= 4.5, `${selector} in ${theme}: contrast ${ratio.toFixed(2)}:1`);
        }
      }
      assert.strictEqual(new Set(looks).size, 2, `two different looks: ${looks.join(' / ')}`);
    } finally {
      await workbench.update('colorTheme', saved, vscode.ConfigurationTarget.Global);
      await wb.setViewportSize(viewport);
      await frame.locator('#splitter').press('Enter').catch(() => undefined);
      await frame.locator('#list').press('Escape').catch(() => undefined);
    }
  });
});
