// Start and Stop as a person meets them: the palette offers only the one that
// applies, the other says why it does nothing, and Problems go with Stop.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import type { Page } from 'playwright-core';
import { workbenchPage } from './support/workbench';
import { api, waitFor } from './support/extension';

async function toast(page: Page, text: RegExp) {
  const item = page.locator('.notification-toast', { hasText: text });
  await waitFor(`a notification matching ${text}`, async () => (await item.count()) > 0);
  return item.first();
}

/** The CORS Inspector Start/Stop entries the command palette lists. */
async function paletteStartStop(page: Page): Promise<string[]> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill('>CORS Inspector: St');
  const rows = page.locator('.quick-input-list .monaco-list-row');
  const texts = await waitFor('palette entries', async () => {
    const t = await rows.allInnerTexts();
    return t.length > 0 ? t : null;
  });
  await page.keyboard.press('Escape');
  return texts.map((t) => t.replace(/\s+/g, ' ')).filter((t) => /(Start|Stop) CORS Inspector/.test(t)).map((t) => (t.includes('Start') ? 'Start' : 'Stop'));
}

describe('Start and Stop', function () {
  this.timeout(90_000);
  let target: http.Server;
  let targetPort: number;

  before(async () => {
    // Answers without any CORS header: every cross-origin call to it fails.
    target = http.createServer((_req, res) => res.writeHead(200).end('no cors'));
    await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
    targetPort = (target.address() as AddressInfo).port;
    const a = await api();
    await a.session.stop();
    a.session.clear();
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await (await api()).session.stop();
    await vscode.commands.executeCommand('notifications.clearAll');
    await new Promise((r) => target.close(r));
  });

  it('Stop while stopped says so and offers Start; the palette offers only Start', async () => {
    const page = await workbenchPage();
    assert.deepStrictEqual(await paletteStartStop(page), ['Start']);
    await vscode.commands.executeCommand('corsInspector.stop');
    const note = await toast(page, /CORS Inspector is not running\./);
    assert.strictEqual(await note.locator('.monaco-button', { hasText: 'Start' }).count(), 1);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('Start while running says so and keeps the running inspector; the palette offers only Stop', async () => {
    const page = await workbenchPage();
    const a = await api();
    const started = await vscode.commands.executeCommand<{ url: string; port: number }>('corsInspector.start', { target: `http://127.0.0.1:${targetPort}`, port: 0 });
    assert.ok(started);
    await waitFor('Stop offered', async () => JSON.stringify(await paletteStartStop(page)) === '["Stop"]');
    const again = await vscode.commands.executeCommand<{ url: string; port: number }>('corsInspector.start');
    assert.deepStrictEqual(again, started, 'the running inspector is kept');
    const note = await toast(page, new RegExp(`CORS Inspector is already running on ${started.url.replace(/[.]/g, '\\.')} → http://127\\.0\\.0\\.1:${targetPort}\\.`));
    for (const b of ['Show Panel', 'Change Target…', 'Stop']) assert.strictEqual(await note.locator('.monaco-button', { hasText: b }).count(), 1, b);
    assert.strictEqual(a.session.state.port, started.port);
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('clears Problems on Stop, and a later Start does not bring back those of the earlier run', async () => {
    const a = await api();
    const url = a.session.state.url;
    assert.ok(url, 'running from the previous test');
    await new Promise<void>((resolve, reject) => {
      http.get(`${url}/api/nocors`, { headers: { Origin: 'http://localhost:5173' } }, (res) => res.resume().on('end', () => resolve())).on('error', reject);
    });
    await waitFor('a Problem for the failing call', async () => {
      await a.diagnostics.update();
      return a.diagnostics.entries().some(([, list]) => list.some((d) => d.code === 'MissingAllowOriginHeader'));
    });
    await vscode.commands.executeCommand('corsInspector.stop');
    await waitFor('Problems cleared', async () => a.diagnostics.entries().length === 0);
    assert.ok(a.session.recorder.list().some((r) => r.request.url.endsWith('/api/nocors')), 'the panel keeps the row');
    await vscode.commands.executeCommand('corsInspector.start', { target: `http://127.0.0.1:${targetPort}`, port: 0 });
    await a.diagnostics.update();
    assert.deepStrictEqual(a.diagnostics.entries(), [], 'Problems from the earlier run came back');
    await vscode.commands.executeCommand('corsInspector.stop');
  });
});
