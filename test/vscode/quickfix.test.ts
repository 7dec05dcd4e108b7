// vscode-test-workspace: express-app
// The quick fix as a user meets it, in a real Express app (test/vscode/workspaces/
// express-app, no CORS at all) run with `node --watch`: a real Chromium page on
// another origin calls it through the inspector and is blocked; the lightbulb on
// the Problem (Ctrl+. in the workbench, then a click) writes the fix, the server
// restarts by itself, the next request passes and the Problem goes away; one undo
// brings the broken code back. Then the same through the API, through the preview
// and through the panel's "Apply fix in code" button.
import * as assert from 'assert';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import * as vscode from 'vscode';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchBrowser, screenshot, webviewFrame, workbenchPage } from './support/workbench';
import { waitFor } from './support/extension';
import { freePort, runWatched } from './support/processes';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const shots = path.join(repoRoot, 'test-results', 'quickfix');
/** What the fix is called for these two calls: the page's origin, the JSON POST's header, the cookies. */
const TITLE = /^Allow origin http:\/\/127\.0\.0\.1:\d+, header content-type with credentials$/;

/** The page's two calls, as the front end makes them: a GET with cookies and a JSON POST (preflighted). */
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

describe('CORS quick fix in an Express app', function () {
  this.timeout(180_000);
  let folder: vscode.WorkspaceFolder;
  let serverUri: vscode.Uri;
  let manifestUri: vscode.Uri;
  let originalServer: string;
  let originalManifest: string;
  let express: ChildProcess;
  let expressLog = '';
  let pageServer: http.Server;
  let browser: Browser;
  let tab: Page;
  let proxyUrl: string;
  let workbench: Page;

  const starts = () => expressLog.split('notes API on').length - 1;
  const serverDiagnostics = () => vscode.languages.getDiagnostics(serverUri).filter((d) => d.source === 'CORS Inspector');
  const diskText = (uri: vscode.Uri) => fs.readFileSync(uri.fsPath, 'utf8');
  /** The quick fixes the editor gets for a range of server.js, as the lightbulb asks for them. */
  const quickFixesAt = (range: vscode.Range) =>
    vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', serverUri, range, vscode.CodeActionKind.QuickFix.value);

  /** Chromium is blocked on both calls, and the inspector shows both as Problems on server.js. */
  async function brokenAgain(): Promise<vscode.Diagnostic[]> {
    assert.deepStrictEqual(await callApi(tab, proxyUrl), ['GET blocked', 'POST blocked'], 'Chromium itself must block both calls');
    return waitFor('two CORS Problems on server.js', () => {
      const list = serverDiagnostics();
      return list.length === 2 ? list : null;
    });
  }

  /** After a fix: the server restarted with it, Chromium gets through, and the Problems are gone. */
  async function passesAfterRestart(startsBefore: number): Promise<void> {
    await waitFor('the server restarted by node --watch', () => starts() > startsBefore, 30_000);
    const results = await waitFor('Chromium gets through', async () => {
      const r = await callApi(tab, proxyUrl);
      return r[0] === 'GET 200' && r[1] === 'POST 201' ? r : null;
    }, 20_000);
    assert.deepStrictEqual(results, ['GET 200', 'POST 201']);
    await waitFor('the Problems gone after the passing requests', () => serverDiagnostics().length === 0);
  }

  /** One undo in the editor reverts the whole fix, package.json included; saved, the server runs the broken code again. */
  async function undoOnce(byKeyboard: boolean, laterMs = 0): Promise<void> {
    const editor = await vscode.window.showTextDocument(serverUri, { preview: false });
    // Some time after the fix, as a person notices and undoes: the editor may have unloaded package.json by then.
    await new Promise((r) => setTimeout(r, laterMs));
    const before = starts();
    if (byKeyboard) {
      await workbench.locator('.monaco-editor.focused textarea, .monaco-editor textarea').first().focus();
      await workbench.keyboard.press('Control+z');
    } else {
      await vscode.commands.executeCommand('undo');
    }
    // VS Code may ask whether to undo in every file of the edit.
    const ask = workbench.locator('.monaco-dialog-box .monaco-button', { hasText: /^Undo in \d+ Files$/ });
    await waitFor('the fix undone', async () => {
      if (await ask.count()) await ask.click();
      return editor.document.getText() === originalServer;
    });
    const manifest = await vscode.workspace.openTextDocument(manifestUri);
    assert.strictEqual(manifest.getText(), originalManifest, 'the same undo reverts the package.json dependency');
    for (const doc of [editor.document, manifest]) if (doc.isDirty) await doc.save();
    assert.strictEqual(diskText(serverUri), originalServer);
    assert.strictEqual(diskText(manifestUri), originalManifest);
    await waitFor('the server restarted with the broken code', () => starts() > before, 30_000);
  }

  before(async () => {
    folder = vscode.workspace.workspaceFolders![0];
    serverUri = vscode.Uri.joinPath(folder.uri, 'server.js');
    manifestUri = vscode.Uri.joinPath(folder.uri, 'package.json');
    originalServer = diskText(serverUri);
    originalManifest = diskText(manifestUri);
    fs.mkdirSync(shots, { recursive: true });
    const apiPort = await freePort();
    // As after `npm install`: express and cors resolve from the repository's node_modules.
    express = runWatched('server.js', { cwd: folder.uri.fsPath, env: { PORT: String(apiPort), NODE_PATH: path.join(repoRoot, 'node_modules') } }, (t) => (expressLog += t));
    await waitFor('the Express app listening', () => starts() > 0, 20_000);

    pageServer = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>notes</title>notes'));
    await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
    const pagePort = (pageServer.address() as AddressInfo).port;
    const started = await vscode.commands.executeCommand<{ url: string }>('corsInspector.start', { target: `http://127.0.0.1:${apiPort}`, port: 0 });
    proxyUrl = started.url;
    browser = await launchBrowser();
    tab = await browser.newPage();
    await tab.goto(`http://127.0.0.1:${pagePort}/`);
    // A session cookie for the API's host: the credentialed calls carry it.
    await tab.evaluate(() => (document.cookie = 'session=demo; path=/'));
    workbench = await workbenchPage();
  });

  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    express?.kill();
    await new Promise((r) => pageServer?.close(r));
    fs.writeFileSync(serverUri.fsPath, originalServer);
    fs.writeFileSync(manifestUri.fsPath, originalManifest);
  });

  it('puts the Problems on the line that creates the app, with the route as related information', async () => {
    const problems = await brokenAgain();
    const appLine = originalServer.split('\n').findIndex((l) => l.startsWith('const app = express()'));
    assert.deepStrictEqual(problems.map((d) => d.range.start.line), [appLine, appLine]);
    assert.deepStrictEqual(problems.map((d) => d.code).sort(), ['MissingAllowOriginHeader', 'PreflightMissingAllowOriginHeader']);
    const routeLine = originalServer.split('\n').findIndex((l) => l.startsWith("app.get('/api/notes'"));
    const get = problems.find((d) => d.code === 'MissingAllowOriginHeader')!;
    assert.strictEqual(get.relatedInformation?.[0]?.location.range.start.line, routeLine);
  });

  it('Ctrl+. on the Problem offers the fix by name; choosing it fixes, restarts and passes; one Ctrl+Z reverts it', async () => {
    const [problem] = serverDiagnostics();
    const editor = await vscode.window.showTextDocument(serverUri, { preview: false });
    editor.selection = new vscode.Selection(problem.range.start, problem.range.start);
    const menu = workbench.locator('.action-widget');
    const fixRow = menu.locator('.monaco-list-row', { hasText: TITLE });
    // The first Ctrl+. can come before the TypeScript extension is ready: ask again until the menu has our fix.
    await waitFor('the quick fix menu with the CORS fix', async () => {
      if (await menu.isVisible()) await workbench.keyboard.press('Escape');
      await workbench.locator('.monaco-editor textarea').first().focus();
      await workbench.keyboard.press('Control+.');
      await fixRow.waitFor({ state: 'visible', timeout: 3000 });
      return true;
    }, 30_000);
    const rows = await menu.locator('.monaco-list-row').allInnerTexts();
    assert.ok(rows.includes('Preview CORS fix…'), `menu: ${JSON.stringify(rows)}`);
    assert.strictEqual(await menu.locator('.monaco-list-row.focused').innerText(), await fixRow.innerText(), 'the fix is the preferred (first, focused) action');
    await screenshot(path.join(shots, 'lightbulb-menu.png'));
    const before = starts();
    // A real pointer click on the menu entry.
    const box = (await fixRow.boundingBox())!;
    await workbench.mouse.click(box.x + 24, box.y + box.height / 2);

    await waitFor('the fix written and saved', () => diskText(serverUri).includes("require('cors')") && diskText(manifestUri).includes('"cors"'));
    assert.match(editor.document.getText(), /app\.use\(cors\(/);
    const note = workbench.locator('.notification-toast', { hasText: /CORS fix applied: Allow origin .* run `npm install`/ });
    await waitFor('the notification naming the install command', async () => (await note.count()) > 0);
    await screenshot(path.join(shots, 'after-fix.png'));
    await passesAfterRestart(before);
    await vscode.commands.executeCommand('notifications.clearAll');

    await undoOnce(true);
    await brokenAgain();
  });

  it('vscode.executeCodeActionProvider gives the same preferred fix, and applying its edit and command fixes it', async () => {
    const [problem] = serverDiagnostics();
    const actions = await quickFixesAt(problem.range);
    const fix = actions.find((a) => a.isPreferred);
    assert.ok(fix?.edit, `no preferred fix with an edit: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.match(fix.title, TITLE);
    assert.deepStrictEqual(fix.edit.entries().map(([uri]) => path.basename(uri.fsPath)).sort(), ['package.json', 'server.js']);
    // In the file that gets the CORS code, the lines the fix changes offer it too, without a Problem there;
    // a line far from it (app.listen) does not.
    const serverEdits = fix.edit.get(serverUri);
    const cursor = new vscode.Range(serverEdits[0].range.start, serverEdits[0].range.start);
    assert.ok(!serverDiagnostics().some((d) => d.range.intersection(cursor)), 'the edit line itself has no Problem');
    const atEdit = await quickFixesAt(cursor);
    assert.ok(atEdit.some((a) => a.isPreferred && a.title === fix.title), `at the edit: ${JSON.stringify(atEdit.map((a) => a.title))}`);
    const listenLine = originalServer.split('\n').findIndex((l) => l.startsWith('app.listen'));
    const far = await quickFixesAt(new vscode.Range(listenLine, 0, listenLine, 0));
    assert.ok(!far.some((a) => a.title === fix.title), 'no CORS fix offered far from the CORS code');
    const before = starts();
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await vscode.commands.executeCommand(fix.command!.command, ...(fix.command!.arguments ?? []));
    await passesAfterRestart(before);
    await vscode.commands.executeCommand('notifications.clearAll');
    await undoOnce(false, 8000);
    await brokenAgain();
  });

  it('"Preview CORS fix…" shows every changed file as a diff, and Apply writes exactly that', async () => {
    const [problem] = serverDiagnostics();
    const actions = await quickFixesAt(problem.range);
    const preview = actions.find((a) => a.title === 'Preview CORS fix…');
    assert.ok(preview?.command);
    const applied = Promise.resolve(vscode.commands.executeCommand<boolean>(preview.command.command, ...(preview.command.arguments ?? [])));
    const tab = () => vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
    await waitFor('the multi-file diff', () => /^CORS fix: Allow origin .* \(2 files\)$/.test(tab()));
    const diff = workbench.locator('.monaco-workbench .multiDiffEditor, .monaco-workbench .multi-diff-editor');
    await screenshot(path.join(shots, 'preview.png'));
    assert.ok((await workbench.locator('.editor-group-container.active .monaco-editor').count()) >= 2 || (await diff.count()) > 0, 'diff editors shown');
    assert.strictEqual(diskText(serverUri), originalServer, 'nothing written before Apply');
    const before = starts();
    const applyButton = workbench.locator('.notification-toast .monaco-button', { hasText: /^Apply$/ });
    await waitFor('the Apply button', async () => (await applyButton.count()) > 0);
    await applyButton.first().click();
    assert.strictEqual(await applied, true);
    assert.ok(!tab().startsWith('CORS fix:'), 'the preview is closed after Apply');
    await passesAfterRestart(before);
    await vscode.commands.executeCommand('notifications.clearAll');
    await undoOnce(false);
    await brokenAgain();
  });

  it('the panel links the failing row to the line and its "Apply fix in code" button fixes it', async () => {
    await vscode.commands.executeCommand('corsInspector.showPanel');
    const frame: Frame = await webviewFrame(async (f) => (await f.locator('#list').count()) > 0);
    const row = frame.locator('#list .row.verdict-fail', { hasText: 'GET' }).last();
    await waitFor('a failing GET row', async () => (await row.count()) > 0);
    await row.click();
    await frame.locator('#list').press('Enter');
    const link = frame.locator('#code-fix .source-link');
    await waitFor('the source link', async () => (await link.count()) > 0, 20_000);
    const appLine = originalServer.split('\n').findIndex((l) => l.startsWith('const app = express()'));
    assert.strictEqual(await link.innerText(), `server.js:${appLine + 1}`);
    assert.match(await frame.locator('#code-fix .fix-title').innerText(), TITLE);
    await screenshot(path.join(shots, 'panel-code-fix.png'));

    await link.click();
    await waitFor('server.js opened at the line', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.toString() === serverUri.toString() && e.selection.start.line === appLine;
    });
    await vscode.commands.executeCommand('corsInspector.showPanel');
    const panel = await webviewFrame(async (f) => (await f.locator('#code-fix .apply-fix').count()) > 0);
    const before = starts();
    await panel.locator('#code-fix .apply-fix').click();
    await waitFor('the fix written by the button', () => diskText(serverUri).includes("require('cors')"));
    await passesAfterRestart(before);
    await vscode.commands.executeCommand('notifications.clearAll');
  });
});
