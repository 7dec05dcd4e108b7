// Entry point: wires commands, status bar, panel and diagnostics around one
// InspectorSession. Activation is cheap (onStartupFinished only to honour
// corsInspector.autoStart); the proxy runs only after "Start".
import * as vscode from 'vscode';
import * as net from 'net';
import { toHar, fromHar } from '../core/exchange/har';
import { toCurl } from '../core/exchange/curl';
import type { ExchangeRecord } from '../core/exchange/types';
import { InspectorSession } from './session';
import { InspectorStatusBar } from './statusBar';
import { InspectorPanel, PANEL_VIEW_TYPE } from './panel';
import { CorsDiagnostics } from './diagnostics';
import { EditorFixPlanner } from './fixPlanner';
import { CorsQuickFixes } from './quickFixes';
import { describeTargets, parseTargetSetting, readSettings, type TargetRoute } from './config';
import { pickTarget } from './targetPicker';
import { EARLY_EXIT_MS, earlyExitMessage, findBrowser, type LaunchedBrowser } from './browser';
import { launchAttached } from '../browser/launch';
import { BrowseSession } from '../browser/browse-session';
import { normalizeTargetUrl } from './targetCandidates';
import { PassiveAudit } from './passiveAudit';
import { StaticAudit } from './staticAudit';
import { AuditDiagnostics } from './auditDiagnostics';
import { ALLOW_LIST_COMMAND, AllowListQuickFix, allowListCommand } from './auditQuickFix';
import { auditCommand, type AuditArgs } from './auditCommand';

const REMEMBERED_TARGET = 'corsInspector.rememberedTarget';
/** Set once the first-run walkthrough was offered (once per install, in globalState). */
const WALKTHROUGH_OFFERED = 'corsInspector.walkthroughOffered';
const WALKTHROUGH_ID = 'corsInspector.gettingStarted';

export interface StartArgs {
  /** A URL, or routes `{ prefix, url }`; skips the picker. */
  target?: string | Array<{ prefix: string; url: string }>;
  port?: number;
  /** Show the picker even when a target is known. */
  pick?: boolean;
  /** Restart when already running (without it, Start while running only says so). */
  restart?: boolean;
}

export interface OpenBrowserArgs {
  url?: string;
  headless?: boolean;
  browserPath?: string;
}

/** What activate() returns; integration tests use it to look inside. */
export interface CorsInspectorApi {
  session: InspectorSession;
  diagnostics: CorsDiagnostics;
  quickFixes: CorsQuickFixes;
  audit: { passive: PassiveAudit; static: StaticAudit; diagnostics: AuditDiagnostics };
  statusBarText(): string;
  panel(): InspectorPanel | undefined;
  browsers: LaunchedBrowser[];
  /** Whether this activation opened the first-run walkthrough. */
  openedWalkthrough: boolean;
}

let session: InspectorSession | undefined;
let browsers: LaunchedBrowser[] = [];

export function activate(context: vscode.ExtensionContext): CorsInspectorApi {
  const settings = readSettings();
  const s = new InspectorSession(settings.maxExchanges);
  session = s;
  const statusBar = new InspectorStatusBar();
  // Problems describe what the running inspector saw since it started (HAR files imported
  // meanwhile included): none while stopped, and none for rows kept from an earlier run.
  const liveRecords = new WeakSet<ExchangeRecord>();
  const planner = new EditorFixPlanner(s);
  const diagnostics = new CorsDiagnostics(() => (s.state.running ? s.recorder.list().filter((r) => liveRecords.has(r)) : []), planner);
  const quickFixes = new CorsQuickFixes(planner, diagnostics);
  const output = vscode.window.createOutputChannel('CORS Inspector', { log: true });
  context.subscriptions.push(s, statusBar, quickFixes, diagnostics, planner, output);
  const passiveAudit = new PassiveAudit(() => s.recorder.list());
  const staticAudit = new StaticAudit();
  const auditDiagnostics = new AuditDiagnostics(staticAudit, passiveAudit);
  const auditOutput = vscode.window.createOutputChannel('CORS Inspector Audit');
  context.subscriptions.push(
    passiveAudit, staticAudit, auditDiagnostics, auditOutput,
    vscode.languages.registerCodeActionsProvider(
      [
        { scheme: 'file', language: 'javascript' }, { scheme: 'file', language: 'typescript' }, { scheme: 'file', language: 'javascriptreact' },
        { scheme: 'file', language: 'typescriptreact' }, { scheme: 'file', language: 'python' },
        // nginx configuration: VS Code has no nginx language of its own, so also by file name.
        { scheme: 'file', language: 'nginx' }, { scheme: 'file', pattern: '**/*.conf' },
      ],
      new AllowListQuickFix(() => s.recorder.list(), staticAudit),
      { providedCodeActionKinds: AllowListQuickFix.kinds },
    ),
  );
  // The workspace's server code is read once, after startup.
  void staticAudit.load();

  // Status bar: port and failing count, refreshed at most every 200 ms under load.
  let statusTimer: NodeJS.Timeout | undefined;
  const updateStatus = () => statusBar.update(s.state.port, s.recorder.failingCount, rememberedTargets() !== null);
  const refreshStatus = () => {
    if (statusTimer) return;
    statusTimer = setTimeout(() => {
      statusTimer = undefined;
      updateStatus();
    }, 200);
  };
  let upstreamWarned = false;
  let sawExchange = false;
  void vscode.commands.executeCommand('setContext', 'corsInspector.running', false);
  context.subscriptions.push(
    s.onDidChangeState((state) => {
      updateStatus();
      void vscode.commands.executeCommand('setContext', 'corsInspector.running', state.running);
      if (!state.running) diagnostics.clear();
    }),
    s.onDidRecord(({ record }) => {
      refreshStatus();
      if (s.state.running) liveRecords.add(record);
      if (!sawExchange) {
        sawExchange = true;
        void vscode.commands.executeCommand('setContext', 'corsInspector.hasExchanges', true);
      }
      diagnostics.schedule();
      passiveAudit.schedule();
      if (!upstreamWarned && s.state.running && !record.response && record.error && isDeadUpstream(record.error.code)) {
        upstreamWarned = true;
        warnDeadTarget(`The inspector could not reach ${s.state.target ?? 'the target'}: ${record.error.code}.`);
      }
    }),
    s.onDidReset(() => {
      refreshStatus();
      diagnostics.schedule();
      passiveAudit.schedule();
    }),
  );

  const rememberedTargets = (): TargetRoute[] | null =>
    readSettings().targets ?? parseTargetSetting(context.workspaceState.get<string>(REMEMBERED_TARGET));

  const warnDeadTarget = (message: string) => {
    void vscode.window.showWarningMessage(message, 'Change target…').then((choice) => {
      if (choice === 'Change target…') void vscode.commands.executeCommand('corsInspector.start', { pick: true });
    });
  };

  async function start(args?: StartArgs | string): Promise<{ url: string; port: number } | undefined> {
    const a: StartArgs = typeof args === 'string' ? { target: args } : args ?? {};
    const state = s.state;
    if (state.running && a.target === undefined && a.port === undefined && !a.pick && !a.restart) {
      // From the palette or a keybinding: say so instead of silently restarting.
      void vscode.window
        .showInformationMessage(`CORS Inspector is already running on ${state.url} → ${state.target}.`, 'Show Panel', 'Change Target…', 'Stop')
        .then((choice) => {
          if (choice === 'Show Panel') void vscode.commands.executeCommand('corsInspector.showPanel');
          if (choice === 'Change Target…') void vscode.commands.executeCommand('corsInspector.start', { pick: true });
          if (choice === 'Stop') void vscode.commands.executeCommand('corsInspector.stop');
        });
      return { url: state.url!, port: state.port! };
    }
    const current = readSettings();
    let routes: TargetRoute[] | null = null;
    if (a.target !== undefined) {
      routes = typeof a.target === 'string'
        ? parseTargetSetting(a.target)
        : parseTargetSetting(a.target);
      if (!routes) throw new Error(`Not a valid target: ${JSON.stringify(a.target)}`);
      if (typeof a.target === 'string') await context.workspaceState.update(REMEMBERED_TARGET, routes[0].target);
    } else if (!a.pick) {
      routes = rememberedTargets();
    }
    if (!routes) {
      const picked = await pickTarget(context.workspaceState.get<string>(REMEMBERED_TARGET));
      if (!picked) return undefined;
      await context.workspaceState.update(REMEMBERED_TARGET, picked);
      routes = [{ prefix: '/', target: picked }];
    }
    const port = a.port ?? current.port;
    const label = describeTargets(routes);
    try {
      upstreamWarned = false;
      const state = await s.start(
        {
          port,
          targets: routes,
          forward: true,
          // The browser opened through the inspector may also reach the targets' own hosts (e.g. a remote staging API).
          allowHosts: [...new Set(routes.map((r) => new URL(r.target).hostname))],
          bodyCaptureBytes: current.bodyCaptureBytes,
          maxExchanges: current.maxExchanges,
          onError: (err) => output.error(err.message),
        },
        label,
      );
      output.info(`Listening on ${state.url}, forwarding to ${label}`);
      void probeTargets(routes).then((dead) => {
        if (dead) warnDeadTarget(`Nothing answers at ${dead.target} (${dead.code}). Requests through the inspector will fail until the dev server runs.`);
      });
      return { url: state.url!, port: state.port! };
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES') {
        const why = e.code === 'EADDRINUSE' ? 'is already in use' : 'cannot be used';
        void vscode.window.showErrorMessage(`CORS Inspector: port ${port} ${why}.`, 'Use a free port', 'Change port…').then(async (choice) => {
          if (choice === 'Use a free port') await vscode.commands.executeCommand('corsInspector.start', { target: routes!.map((r) => ({ prefix: r.prefix, url: r.target })), port: 0 });
          if (choice === 'Change port…') {
            const value = await vscode.window.showInputBox({
              prompt: 'Port for the CORS Inspector (0 = any free port)',
              value: String(port),
              validateInput: (v) => (/^\d{1,5}$/.test(v) && Number(v) < 65536 ? undefined : 'A number from 0 to 65535'),
            });
            if (value === undefined) return;
            const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
            await vscode.workspace.getConfiguration('corsInspector').update('port', Number(value), target);
            await vscode.commands.executeCommand('corsInspector.start', { target: routes!.map((r) => ({ prefix: r.prefix, url: r.target })) });
          }
        });
        return undefined;
      }
      void vscode.window.showErrorMessage(`CORS Inspector could not start: ${e.message}`);
      return undefined;
    }
  }

  async function exportHar(arg?: string | vscode.Uri): Promise<string | undefined> {
    let uri = typeof arg === 'string' ? vscode.Uri.file(arg) : arg;
    if (!uri) {
      uri = await vscode.window.showSaveDialog({
        title: 'Export exchanges as HAR',
        filters: { 'HTTP Archive': ['har'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'cors-inspector.har') : undefined,
      });
      if (!uri) return undefined;
    }
    const har = toHar(s.recorder.list(), { maskSensitive: readSettings().maskSensitiveHeaders });
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(JSON.stringify(har, null, 2) + '\n'));
    if (!arg) void vscode.window.showInformationMessage(`Exported ${s.recorder.list().length} exchanges to ${vscode.workspace.asRelativePath(uri)}`);
    return uri.fsPath;
  }

  async function importHar(arg?: string | vscode.Uri): Promise<number | undefined> {
    let uri = typeof arg === 'string' ? vscode.Uri.file(arg) : arg;
    if (!uri) {
      const picked = await vscode.window.showOpenDialog({ title: 'Import a HAR file', filters: { 'HTTP Archive': ['har', 'json'] }, canSelectMany: false });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
    let records: ExchangeRecord[];
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      records = fromHar(JSON.parse(text));
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not import ${uri.fsPath}: ${(err as Error).message}`);
      return undefined;
    }
    s.importRecords(records);
    InspectorPanel.createOrShow(context.extensionUri, s, passiveAudit);
    return records.length;
  }

  async function openBrowser(arg?: OpenBrowserArgs): Promise<{ pid: number; executable: string } | undefined> {
    const a = arg ?? {};
    const cfg = readSettings();
    const executable = findBrowser(cfg.browser, a.browserPath ?? cfg.browserPath);
    if (!executable) {
      void vscode.window.showErrorMessage('CORS Inspector found no Chrome, Chromium or Edge. Set corsInspector.browserPath.', 'Open Settings').then((c) => {
        if (c) void vscode.commands.executeCommand('workbench.action.openSettings', 'corsInspector.browserPath');
      });
      return undefined;
    }
    let url = a.url;
    if (url === undefined) {
      url = await vscode.window.showInputBox({
        prompt: 'Page to open (your front-end); the inspector records every cross-origin request it makes',
        value: 'http://localhost:5173',
        validateInput: (v) => (normalizeTargetUrl(v) ? undefined : 'An http(s) URL'),
      });
      if (url === undefined) return undefined;
      if (!/^https?:\/\//i.test(url)) url = normalizeTargetUrl(url) ?? url;
    }
    // Attached over the DevTools pipe: the browser's own verdicts, HTTPS and remote APIs
    // included, with no proxy in between (so no certificate).
    const attached = launchAttached(executable, { headless: a.headless === true });
    let closing = false;
    const entry: LaunchedBrowser = {
      pid: attached.pid,
      executable,
      profileDir: attached.profileDir,
      close: () => {
        closing = true;
        void attached.close();
      },
    };
    browsers.push(entry);
    // Browser record ids → the recorder's, so a later update (a tainted canvas) finds its record.
    const ids = new Map<string, string>();
    const browse = new BrowseSession(attached, {
      onFlow: (flow) => {
        s.importRecords(flow.records);
        const held = s.recorder.list().slice(-flow.records.length);
        flow.records.forEach((r, i) => ids.set(r.id, held[i].id));
        if (flow.engineBug) output.warn(`Engine disagrees with the browser (${flow.engineBug.difference}): ${JSON.stringify(flow.engineBug.records.map((r) => ({ request: r.request, response: r.response, browser: r.browser })))}`);
      },
      onUpdate: (record) => {
        const id = ids.get(record.id);
        const held = id ? s.recorder.get(id) : undefined;
        if (held) s.recorder.replace({ ...record, id: held.id, pairId: held.pairId });
      },
      onError: (err) => output.error(err.message),
    });
    void attached.exited.then((exit) => {
      void browse.stop();
      browsers = browsers.filter((b) => b !== entry);
      const seconds = (Date.now() - attached.startedAt) / 1000;
      output.info(`Browser ${executable} (pid ${attached.pid}) ended after ${seconds.toFixed(1)} s (${exit.signal ?? `code ${exit.code}`})`);
      for (const line of attached.stderrTail()) output.info(`  ${line}`);
      if (!closing && seconds * 1000 < EARLY_EXIT_MS) {
        void vscode.window.showErrorMessage(earlyExitMessage(executable, exit, attached.stderrTail(), seconds), 'Open Settings', 'Show Output').then((c) => {
          if (c === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'corsInspector.browserPath');
          if (c === 'Show Output') output.show();
        });
      }
    });
    try {
      await Promise.race([browse.open(url), attached.exited.then(() => Promise.reject(new Error('the browser exited')))]);
    } catch (err) {
      output.error(`Could not open ${url} in ${executable}: ${(err as Error).message}`);
      return undefined;
    }
    output.info(`Launched ${executable} (pid ${attached.pid}), attached over its DevTools pipe, opening ${url}`);
    InspectorPanel.createOrShow(context.extensionUri, s, passiveAudit, true);
    return { pid: attached.pid, executable };
  }

  async function copyAsCurl(id?: string): Promise<string | undefined> {
    let record = id ? s.recorder.get(id) : undefined;
    if (!id) {
      const items = s.recorder
        .list()
        .slice(-300)
        .reverse()
        .map((r) => ({ label: `${r.request.method} ${r.request.url}`, description: `${r.response?.status ?? r.error?.code ?? ''} ${r.cors.corsError ?? r.cors.verdict}`, record: r }));
      if (items.length === 0) {
        void vscode.window.showInformationMessage('No exchanges recorded yet.');
        return undefined;
      }
      record = (await vscode.window.showQuickPick(items, { title: 'Copy exchange as cURL', matchOnDescription: true }))?.record;
    }
    if (!record) return undefined;
    const curl = toCurl(record);
    await vscode.env.clipboard.writeText(curl);
    return curl;
  }

  const register = (name: string, fn: (...args: never[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(name, fn as (...args: unknown[]) => unknown));
  register('corsInspector.start', start);
  register('corsInspector.stop', async () => {
    if (!s.state.running) {
      void vscode.window.showInformationMessage('CORS Inspector is not running.', 'Start').then((choice) => {
        if (choice === 'Start') void vscode.commands.executeCommand('corsInspector.start');
      });
      return;
    }
    await s.stop();
    output.info('Stopped; Problems from this run were cleared (the panel keeps its rows).');
  });
  register('corsInspector.openWalkthrough', () =>
    vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false),
  );
  register('corsInspector.showPanel', () => {
    InspectorPanel.createOrShow(context.extensionUri, s, passiveAudit);
  });
  register('corsInspector.clear', () => {
    s.clear();
    diagnostics.clear();
  });
  register('corsInspector.exportHar', exportHar);
  register('corsInspector.importHar', importHar);
  register('corsInspector.openBrowser', openBrowser);
  register('corsInspector.copyAsCurl', copyAsCurl);
  register('corsInspector.audit', (args?: AuditArgs) =>
    auditCommand(
      {
        records: () => s.recorder.list(),
        configuredTargets: rememberedTargets,
        output: auditOutput,
        onReport: (report) => auditDiagnostics.setActiveReport(report),
      },
      args,
    ),
  );
  register(ALLOW_LIST_COMMAND, (uri: vscode.Uri, line: number, character: number, id: string, given?: string[]) => allowListCommand(staticAudit, uri, line, character, id, given));

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel) {
        InspectorPanel.revive(panel, context.extensionUri, s, passiveAudit);
      },
    }),
    { dispose: () => InspectorPanel.current?.dispose() },
  );

  // Settings the running proxy was started with: offer a restart rather than silently ignoring a change.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('corsInspector.target')) updateStatus();
      const keys = ['target', 'port', 'maxExchanges', 'bodyCaptureKiB'].map((k) => `corsInspector.${k}`);
      if (!s.state.running || !keys.some((k) => e.affectsConfiguration(k))) return;
      void vscode.window.showInformationMessage('CORS Inspector settings changed. Restart the inspector to apply them?', 'Restart').then((c) => {
        if (c === 'Restart') void start({ restart: true });
      });
    }),
  );

  updateStatus();
  if (settings.autoStart && rememberedTargets()) void start();
  const openedWalkthrough = offerWalkthroughOnce(context);

  return {
    session: s,
    diagnostics,
    quickFixes,
    audit: { passive: passiveAudit, static: staticAudit, diagnostics: auditDiagnostics },
    statusBarText: () => statusBar.text,
    panel: () => InspectorPanel.current,
    get browsers() {
      return browsers;
    },
    openedWalkthrough,
  };
}

/**
 * Opens the getting-started walkthrough on the first activation after install, once.
 * VS Code's own "open walkthroughs on install" setting turns that off where the
 * extension host can read it (it is machine-scoped: a remote host reads the remote's).
 */
function offerWalkthroughOnce(context: vscode.ExtensionContext): boolean {
  if (context.globalState.get<boolean>(WALKTHROUGH_OFFERED)) return false;
  void context.globalState.update(WALKTHROUGH_OFFERED, true);
  if (vscode.workspace.getConfiguration('workbench').get<boolean>('welcomePage.walkthroughs.openOnInstall') === false) return false;
  void vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
  return true;
}

export async function deactivate(): Promise<void> {
  for (const b of browsers) b.close();
  browsers = [];
  await session?.stop();
  session = undefined;
}

function isDeadUpstream(code: string): boolean {
  return ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN'].includes(code);
}

/** The first target nothing listens on, found with a plain TCP connect. */
async function probeTargets(routes: TargetRoute[]): Promise<{ target: string; code: string } | null> {
  for (const r of routes) {
    const url = new URL(r.target);
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const code = await new Promise<string | null>((resolve) => {
      const socket = net.connect({ host, port });
      const done = (result: string | null) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(1500, () => done('ETIMEDOUT'));
      socket.once('connect', () => done(null));
      socket.once('error', (e: NodeJS.ErrnoException) => done(e.code ?? 'ERROR'));
    });
    if (code) return { target: r.target, code };
  }
  return null;
}

