// Activation as a person meets it: the proxy starts by itself only when
// corsInspector.autoStart is on (and a target is known); otherwise activating
// costs nothing but a status bar item saying it is off.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { CorsInspectorApi } from '../../src/extension/extension';
import { statusBarText, workbenchPage } from './support/workbench';

describe('CORS Inspector activation', function () {
  this.timeout(60_000);

  it('opens the getting-started walkthrough on the first activation', async () => {
    const ext = vscode.extensions.getExtension<CorsInspectorApi>('cors-inspector.cors-inspector');
    assert.ok(ext);
    const a = await ext.activate();
    assert.strictEqual(a.openedWalkthrough, true, 'a fresh profile is a first activation');
    const page = await workbenchPage();
    const walkthrough = page.locator('.gettingStartedContainer', { hasText: 'Get Started with CORS Inspector' });
    await walkthrough.waitFor({ state: 'visible', timeout: 20_000 });
    const steps = await walkthrough.locator('.getting-started-step .step-title').allInnerTexts();
    assert.deepStrictEqual(steps.map((t) => t.trim()), ['Pick your API dev server', 'Send your calls through it', 'See a failure explained', 'Apply the fix']);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The command opens it again whenever asked.
    await vscode.commands.executeCommand('corsInspector.openWalkthrough');
    await walkthrough.waitFor({ state: 'visible', timeout: 20_000 });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('honours corsInspector.autoStart', async () => {
    const config = vscode.workspace.getConfiguration('corsInspector');
    const autoStart = config.get<boolean>('autoStart') === true && !!config.get('target');
    const port = config.get<number>('port') ?? 0;
    const ext = vscode.extensions.getExtension<CorsInspectorApi>('cors-inspector.cors-inspector');
    assert.ok(ext);
    const a = await ext.activate();
    const page = await workbenchPage();
    // Port taken by something else on this machine: then the port-conflict notification is the right outcome.
    const conflict = page.locator('.notification-toast', { hasText: `port ${port} is already in use` });
    const deadline = Date.now() + (autoStart ? 20_000 : 2_000);
    while (Date.now() < deadline && !a.session.state.running && (await conflict.count()) === 0) {
      await new Promise((r) => setTimeout(r, 200));
    }
    if (!autoStart) {
      assert.strictEqual(a.session.state.running, false, 'started although autoStart is off');
      assert.strictEqual(await statusBarText(/CORS/), 'CORS off');
      return;
    }
    if (a.session.state.running) {
      if (port) assert.strictEqual(a.session.state.port, port);
      assert.match(await statusBarText(/CORS :/), new RegExp(`^CORS :${a.session.state.port} · \\d+ failing$`));
    } else {
      assert.ok((await conflict.count()) > 0, 'neither running nor a port-conflict notification after 20 s');
    }
    await vscode.commands.executeCommand('corsInspector.stop');
    assert.strictEqual(await statusBarText(/CORS off/), 'CORS off');
  });
});
