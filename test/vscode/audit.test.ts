// vscode-test-workspace: audit-app
// The CORS audit inside a real VS Code: a reflecting Express server in the
// workspace shows a static finding in Problems; Chromium's traffic through the
// inspector shows a passive finding as a shield in the panel, a Security section in
// the detail and a warning in Problems; the active audit command finds the
// reflection; the quick fix rewrites the config into an allow-list of the recorded
// origin, and the audit of the restarted server then has nothing high or medium.
import * as assert from 'assert';
import { spawn, type ChildProcess } from 'child_process';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Browser, Frame } from 'playwright-core';
import type { AuditReport } from '../../src/core/audit/active';
import { api, waitFor } from './support/extension';
import { launchBrowser, screenshot, webviewFrame, workbenchPage } from './support/workbench';

const REPO = path.resolve(__dirname, '..', '..', '..');

function startServer(file: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NODE_PATH: path.join(REPO, 'node_modules'), PORT: '0' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}${err}`)), 15_000);
    child.stderr!.on('data', (c) => (err += c));
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /api on (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${m[1]}`, child });
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

function auditDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'CORS Inspector audit');
}

function allAuditDiagnostics(): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics().flatMap(([, list]) => list.filter((d) => d.source === 'CORS Inspector audit'));
}

describe('CORS audit in VS Code', function () {
  this.timeout(180_000);
  let file: vscode.Uri;
  let server: { url: string; child: ChildProcess } | undefined;
  let page: http.Server;
  let pageOrigin: string;
  let browser: Browser | undefined;

  before(async () => {
    // The flawed server is in the workspace when it opens, as in a project a user opens.
    file = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'server.js');
    page = http.createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>app</title><p>app</p>'));
    await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
    pageOrigin = `http://127.0.0.1:${(page.address() as AddressInfo).port}`;
    const a = await api();
    await a.session.stop();
    a.session.clear();
  });

  after(async () => {
    await browser?.close();
    await vscode.commands.executeCommand('corsInspector.stop');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await stop(server?.child);
    page.close();
  });

  it('shows the reflecting Express config as a static finding in Problems', async () => {
    const d = await waitFor('a static audit Problem on server.js', () => auditDiagnostics(file).find((x) => x.code === 'any-origin-reflected'), 60_000); // the first read of the workspace is slow on a loaded machine
    assert.strictEqual(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.strictEqual(d.range.start.line, 5, 'on the origin option of the cors() call');
    assert.match(d.message, /`origin: true` with `credentials: true`/);
    // As a person sees it: the Problems view lists it.
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    const wb = await workbenchPage();
    await waitFor('the Problems view lists the finding', async () => (await wb.locator('.markers-panel').innerText().catch(() => '')).includes('origin: true'));
  });

  it('shows a passive finding from real Chromium traffic: a shield on the row, a Security section, a Problem', async () => {
    server = await startServer(file.fsPath);
    const started = await vscode.commands.executeCommand<{ url: string }>('corsInspector.start', { target: server.url, port: 0 });
    assert.ok(started, 'the inspector did not start');
    browser = await launchBrowser();
    const tab = await browser.newPage();
    await tab.goto(pageOrigin + '/');
    const got = await tab.evaluate(async (base) => {
      const me = await (await fetch(`${base}/api/me`, { credentials: 'include' })).json();
      const session = await (await fetch(`${base}/api/session`)).json();
      return [me.user, session.ok];
    }, started.url);
    assert.deepStrictEqual(got, ['alice', true], 'Chromium lets both through: the flaws pass in the browser');

    await vscode.commands.executeCommand('corsInspector.showPanel');
    const frame: Frame = await webviewFrame(async (f) => (await f.locator('#list').count()) > 0);
    const row = frame.locator('#list .row', { hasText: '/api/session' });
    await waitFor('a shield on the /api/session row', async () => (await row.locator('.audit-badge.audit-medium').count()) === 1);
    assert.match((await row.getAttribute('aria-label')) ?? '', /security finding: medium risk/);
    assert.strictEqual(await frame.locator('#list .row', { hasText: '/api/me' }).locator('.audit-badge').count(), 0, 'the echoed origin of one front end is not claimed as reflection');
    await row.click();
    await frame.locator('#list').press('Enter');
    const security = frame.locator('#detail section.security');
    await waitFor('the Security section in the detail', async () => (await security.count()) === 1);
    assert.match(await security.innerText(), /wildcard-with-cookies/);
    assert.match(await security.innerText(), /sets a cookie/);
    await screenshot(path.join(REPO, 'test-results', 'audit-panel.png'));

    const passive = await waitFor('the passive finding in Problems', () => auditDiagnostics(file).find((d) => d.code === 'wildcard-with-cookies'));
    assert.match(passive.message, /seen in recorded traffic/);
    assert.strictEqual(passive.range.start.line, 5, 'placed on the CORS code of the server whose route answered');
  });

  it('the active audit command finds the reflection and puts it in Problems', async () => {
    const report = await vscode.commands.executeCommand<AuditReport>('corsInspector.audit', { target: server!.url, origin: pageOrigin, paths: ['/api/me'], quiet: true });
    assert.ok(report, 'no report');
    const high = report.findings.find((f) => f.id === 'any-origin-reflected');
    assert.strictEqual(high?.severity, 'high', JSON.stringify(report.findings));
    await waitFor('the active finding in Problems', () => allAuditDiagnostics().find((d) => d.code === 'any-origin-reflected' && d.message.includes('active audit')));
  });

  it('the quick fix turns the reflecting config into an allow-list the audit then passes', async () => {
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    const d = auditDiagnostics(file).find((x) => x.code === 'any-origin-reflected' && !x.message.includes('active audit'))!;
    // The editor may cancel a request while it settles on the newly opened document: ask again.
    const fix = await waitFor('the allow-list quick fix', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, d.range, vscode.CodeActionKind.QuickFix.value);
      return actions?.find((a) => a.title.startsWith('Allow only'));
    });
    assert.ok(fix.edit, 'the quick fix carries its edit');
    assert.strictEqual(fix.title, `Allow only ${pageOrigin} (with credentials)`, 'the origin comes from the recorded traffic');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await doc.save();
    assert.match(doc.getText(), new RegExp(`app\\.use\\(cors\\(\\{ origin: \\['${pageOrigin.replace(/[.]/g, '\\.')}'\\], credentials: true`));
    await waitFor('the static Problem gone', () => !auditDiagnostics(file).some((x) => x.code === 'any-origin-reflected' && !x.message.includes('active audit')));

    await stop(server?.child);
    server = await startServer(file.fsPath);
    const report = await vscode.commands.executeCommand<AuditReport>('corsInspector.audit', { target: server.url, origin: pageOrigin, paths: ['/api/me'], quiet: true });
    assert.ok(report);
    assert.deepStrictEqual(report.findings.filter((f) => f.severity !== 'low').map((f) => f.id), [], JSON.stringify(report.findings));
    await waitFor('the active finding gone from Problems', () => !allAuditDiagnostics().some((x) => x.message.includes('active audit') && x.code === 'any-origin-reflected'));
  });
});
