// The bundled demo as its README describes it, clicked in a real Chromium through
// the inspector: /api/hello is correct and must show as a plain pass (no warning,
// even after the credentialed call to the same server); the three broken calls are blocked.
import * as assert from 'assert';
import { fork, type ChildProcess } from 'child_process';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Browser, Frame } from 'playwright-core';
import { launchBrowser, screenshot, webviewFrame } from './support/workbench';
import { api, waitFor } from './support/extension';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  await waitFor(`a server on port ${port}`, () => new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  }));
}

describe('the demo', function () {
  this.timeout(120_000);
  const children: ChildProcess[] = [];
  let browser: Browser | undefined;

  after(async () => {
    await browser?.close();
    for (const c of children) c.kill();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('corsInspector.clear');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows /api/hello as a pass with no warning and the three broken endpoints as blocked', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the demo workspace is open');
    const [apiPort, webPort] = [await freePort(), await freePort()];
    const webOrigin = `http://localhost:${webPort}`;
    const a = await api();
    await a.session.stop();
    a.session.clear();
    const started = await vscode.commands.executeCommand<{ url: string; port: number }>('corsInspector.start', { target: `http://127.0.0.1:${apiPort}`, port: 0 });
    assert.ok(started);
    const silent = { stdio: 'ignore' as const };
    children.push(fork(path.join(folder.uri.fsPath, 'api', 'server.js'), [], { ...silent, env: { ...process.env, API_PORT: String(apiPort), DEMO_WEB_ORIGIN: webOrigin } }));
    children.push(fork(path.join(folder.uri.fsPath, 'web', 'server.js'), [], { ...silent, env: { ...process.env, WEB_PORT: String(webPort), API_BASE: `http://localhost:${started.port}` } }));
    await Promise.all([waitForPort(apiPort), waitForPort(webPort)]);

    browser = await launchBrowser();
    const tab = await browser.newPage();
    await tab.goto(`${webOrigin}/`);
    // Twice: the second /api/hello comes after the credentialed /api/profile to the same server.
    for (const n of [4, 8]) {
      await tab.click('#all');
      await tab.waitForFunction((count) => document.querySelectorAll('#log li').length >= count, n, { timeout: 20_000 });
    }
    const log = await tab.locator('#log li').allInnerTexts();
    assert.strictEqual(log.filter((t) => t.startsWith('hello: 200')).length, 2, log.join(' | '));
    assert.strictEqual(log.filter((t) => t.includes('blocked')).length, 6, log.join(' | '));

    await vscode.commands.executeCommand('corsInspector.showPanel');
    const frame: Frame = await webviewFrame(async (f) => (await f.locator('#list').count()) > 0);
    await waitFor('eight rows', async () => (await frame.locator('#list .row').count()) === 8);
    const byPath = async (p: string) => frame.locator('#list .row', { hasText: p }).evaluateAll((rows) => rows.map((r) => `${r.className} | ${r.querySelector('.c-reason')?.textContent ?? ''}`));
    assert.deepStrictEqual(await byPath('/api/hello'), ['row verdict-pass | ', 'row verdict-pass | ']);
    assert.deepStrictEqual(await byPath('/api/orders'), ['row verdict-fail | AllowOriginMismatch', 'row verdict-fail | AllowOriginMismatch']);
    assert.deepStrictEqual(await byPath('/api/todos'), ['row verdict-fail | HeaderDisallowedByPreflightResponse (preflight)', 'row verdict-fail | HeaderDisallowedByPreflightResponse (preflight)']);
    assert.deepStrictEqual(await byPath('/api/profile'), ['row verdict-fail | WildcardOriginNotAllowed', 'row verdict-fail | WildcardOriginNotAllowed']);
    assert.strictEqual(await frame.locator('#counts').innerText(), '8 of 8 · 6 failing');

    // The second hello, clicked: no warning, and the note says why credentials are not a concern here.
    await frame.locator('#list .row', { hasText: '/api/hello' }).nth(1).click();
    await waitFor('the hello detail', async () => (await frame.locator('#detail .hints').count()) > 0);
    assert.strictEqual(await frame.locator('#detail h3', { hasText: 'Warnings' }).count(), 0);
    assert.strictEqual(await frame.locator('#detail .fix').count(), 0, 'no fix for a correct endpoint');
    assert.match(await frame.locator('#detail .hints').innerText(), /GET \/api\/profile carried them\) and this request carried none, so it was sent without credentials/);
    await screenshot(path.join(__dirname, '..', '..', '..', 'test-results', 'demo-hello.png'));
  });
});
