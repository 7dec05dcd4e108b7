// Smoke test of the in-VS-Code test infrastructure itself: the suite really
// runs in an extension host with our extension loaded, and the workbench
// helpers really reach the workbench DOM, a webview's document and a second
// browser. If these fail, every other VS Code test is suspect.
import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import { launchBrowser, statusBarItems, webviewFrame, workbenchPage } from './support/workbench';

const EXTENSION_ID = 'cors-inspector.cors-inspector';

describe('VS Code test infrastructure', () => {
  it('runs inside a real extension host with CORS Inspector loaded in development mode', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    await ext.activate();
    assert.strictEqual(ext.isActive, true);
  });

  it('registers every command the manifest contributes', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const declared: string[] = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command);
    assert.ok(declared.length > 0, 'the manifest declares no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, [], 'declared but not registered');
  });

  it('sees the workbench DOM over CDP: the window shows the opened folder and a status bar', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder open');
    const page = await workbenchPage();
    const title = await page.title();
    assert.ok(title.includes(path.basename(folder.uri.fsPath)), `window title "${title}" lacks the folder name`);
    const items = await statusBarItems(page);
    assert.ok(items.length > 0, 'status bar has no items');
  });

  it('reaches the document inside a webview (markdown preview of a file we write)', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const marker = `Smoke marker ${Date.now()}`;
    const file = vscode.Uri.joinPath(folder, 'smoke-preview.md');
    await vscode.workspace.fs.writeFile(file, Buffer.from(`# ${marker}\n\nHello from the smoke test.\n`));
    try {
      await vscode.commands.executeCommand('markdown.showPreview', file);
      const frame = await webviewFrame(async (f) => (await f.locator('h1').allInnerTexts()).includes(marker));
      assert.strictEqual(await frame.locator('h1').first().innerText(), marker);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file);
    }
  });

  it('launches a second Chromium that makes a real cross-origin fetch to a loopback server', async () => {
    // Two loopback servers on different ports = two origins; the API allows the page's origin.
    const api = http.createServer((req, res) => {
      res.writeHead(200, { 'access-control-allow-origin': req.headers.origin ?? '*', 'content-type': 'text/plain' });
      res.end(`pong ${req.method}`);
    });
    const pageServer = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>smoke</title>');
    });
    await Promise.all([api, pageServer].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
    const apiPort = (api.address() as AddressInfo).port;
    const pagePort = (pageServer.address() as AddressInfo).port;
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${pagePort}/`);
      const body = await page.evaluate(async (url) => (await fetch(url)).text(), `http://localhost:${apiPort}/ping`);
      assert.strictEqual(body, 'pong GET');
    } finally {
      await browser.close();
      await Promise.all([api, pageServer].map((s) => new Promise((r) => s.close(r))));
    }
  });
});
