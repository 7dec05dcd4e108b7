// One framework×kind case, for real, in five steps:
//  1. start the sample's server and `cors-inspector proxy --jsonl` in front of it;
//  2. Chromium makes the kind's calls through the proxy: the broken ones fail with the
//     expected corsError, the others pass;
//  3. `cors-inspector fix --from <that jsonl> --workspace <copy> --apply` exits 0
//     (a dry run first must print a diff and write nothing);
//  4. the server restarts; every call passes; each call from a foreign origin is blocked;
//  5. a second `fix --apply` exits 3 and leaves every byte as it was.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { BrowserHarness, Outcome } from './browser';
import { expand, type SampleCase } from './descriptor';
import { APP_ORIGIN, FOREIGN_ORIGINS, OLD_ORIGIN, type Call, type Expectation } from './kinds';
import { freePort, waitForHttp, type GroupProcess, type ProcessTracker } from './processes';
import { addedLines, addedNpmDependencies, changedFiles, installedVersion, makeWorkspace, resolvesFrom, ROOT, satisfies, snapshot, WORK_DIR } from './workspace';

export const STEPS = ['start', 'before', 'fix', 'after', 'again'] as const;
export type StepName = (typeof STEPS)[number];

export interface StepResult {
  step: StepName;
  ok: boolean;
  /** What went wrong (or, when ok, a short note). */
  detail: string;
}

export interface CaseResult {
  id: string;
  name: string;
  kind: string;
  passed: boolean;
  steps: StepResult[];
  /** Files the fix changed, and what `fix --apply` printed. */
  changed: string[];
  fixOutput: string;
  durationMs: number;
  /** Where the logs, JSONL files and (when the case failed) the edited workspace are. */
  artifacts: string;
  workspace: string;
}

export interface SuiteContext {
  browser: BrowserHarness;
  processes: ProcessTracker;
  /** Path of the built CLI (dist/cli.js): its `proxy` records the evidence. */
  cli: string;
  /** The fixer's command line before `--from …`; default: the CLI's `fix`. (The harness's own test swaps in a reference fixer.) */
  fixer?: string[];
}

class StepFailure extends Error {}

const LISTENING = /listening on http:\/\/127\.0\.0\.1:(\d+)/;
const PORT_TAKEN = /EADDRINUSE|address already in use/i;

function describeOutcome(o: Outcome): string {
  const what = `${o.call.method} ${o.call.path}${o.call.credentials ? ' (credentials)' : ''} from ${o.origin}`;
  if (o.ok) return `${what}: passed, status ${o.status}`;
  const cors = o.corsError ? `${o.corsError}${o.failedParameter ? ` (${o.failedParameter})` : ''}` : `no CORS error (${o.netError ?? o.error})`;
  return `${what}: blocked, ${cors}`;
}

function matches(o: Outcome, e: Expectation): boolean {
  if ('pass' in e) return o.ok && !o.corsError && o.status !== undefined && o.status >= 200 && o.status < 300;
  return !o.ok && o.corsError === e.corsError && (e.failedParameter === undefined || o.failedParameter === e.failedParameter);
}

function describeExpectation(e: Expectation): string {
  if ('pass' in e) return 'pass with a 2xx status';
  return `blocked with ${e.corsError}${e.failedParameter ? ` (${e.failedParameter})` : ''}`;
}

function originOf(call: Call): string {
  return call.from === 'old' ? OLD_ORIGIN : APP_ORIGIN;
}

/** The last line of each record id (a record re-judged later is written again). */
function readJsonl(file: string): Array<Record<string, any>> {
  const byId = new Map<string, Record<string, any>>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const rec = JSON.parse(line) as Record<string, any>;
    byId.set(String(rec.id), rec);
  }
  return [...byId.values()];
}

export async function verifyCase(ctx: SuiteContext, sample: SampleCase): Promise<CaseResult> {
  const started = Date.now();
  const d = sample.descriptor;
  const artifacts = path.join(WORK_DIR, sample.id.replace('/', '__'));
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const ws = makeWorkspace(sample.id, sample.sources, d.nodeModules);
  const steps: StepResult[] = [];
  const live = new Set<GroupProcess>();
  let changed: string[] = [];
  let fixOutput = '';
  let port = 0;
  let server: GroupProcess | null = null;

  const env = (): NodeJS.ProcessEnv => {
    const vars = { port: String(port), node: process.execPath, root: ROOT, ws };
    const extra = Object.fromEntries(Object.entries(d.env ?? {}).map(([k, v]) => [k, expand(v, vars)]));
    const binPath = [path.join(ws, 'node_modules', '.bin'), path.join(ROOT, 'node_modules', '.bin'), path.dirname(process.execPath)];
    return { ...process.env, PORT: String(port), ...extra, PATH: [...binPath, process.env.PATH ?? ''].join(path.delimiter) };
  };
  const argv = (cmd: string[]) => cmd.map((a) => expand(a, { port: String(port), node: process.execPath, root: ROOT, ws }));
  const readyTimeout = d.ready?.timeoutMs ?? 60_000;

  let outOfTime = false;
  const runStep = async (step: StepName, body: () => Promise<string | void>): Promise<boolean> => {
    if (outOfTime) return false;
    try {
      const note = await body();
      if (outOfTime) return false;
      steps.push({ step, ok: true, detail: note || '' });
      return true;
    } catch (err) {
      if (outOfTime) return false;
      steps.push({ step, ok: false, detail: err instanceof StepFailure ? err.message : String((err as Error)?.stack ?? err) });
      return false;
    }
  };

  const build = async () => {
    for (const cmd of d.build ?? []) {
      const res = await ctx.processes.run(argv(cmd), { cwd: ws, env: env(), logFile: path.join(artifacts, 'build.log'), timeoutMs: 180_000 });
      if (res.code !== 0) throw new StepFailure(`build "${cmd.join(' ')}" exited ${res.timedOut ? 'on its deadline' : res.code}:\n${res.output}`);
    }
  };

  const startServer = async (fresh: boolean) => {
    for (let attempt = 1; ; attempt++) {
      if (fresh) port = await freePort();
      const proc = ctx.processes.spawn(argv(d.start), { cwd: ws, env: env(), logFile: path.join(artifacts, 'server.log') });
      live.add(proc);
      try {
        await waitForHttp(`http://127.0.0.1:${port}${d.ready?.path ?? '/'}`, proc, readyTimeout);
        server = proc;
        return;
      } catch (err) {
        await proc.stop('SIGKILL', 0);
        live.delete(proc);
        // Another process took the free port in the meantime: pick another (only on the first start).
        if (fresh && attempt < 3 && PORT_TAKEN.test(proc.output())) continue;
        throw new StepFailure(`the server did not come up: ${(err as Error).message}`);
      }
    }
  };

  const stopServer = async () => {
    if (!server) return;
    const proc: GroupProcess = server;
    server = null;
    await proc.stop(d.stopSignal ?? 'SIGTERM');
    live.delete(proc);
  };

  const startProxy = async (jsonl: string) => {
    const proc = ctx.processes.spawn(
      [process.execPath, ctx.cli, 'proxy', '--target', `http://127.0.0.1:${port}`, '--jsonl', jsonl, '--pairing-window', '300'],
      { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, logFile: path.join(artifacts, `proxy-${path.basename(jsonl, '.jsonl')}.log`) },
    );
    live.add(proc);
    const m = await proc.waitForOutput(LISTENING, 15_000);
    return { proc, base: `http://localhost:${m[1]}` };
  };

  const stopProxy = async (proc: GroupProcess) => {
    const { code, signal } = await proc.stop('SIGINT', 10_000);
    live.delete(proc);
    if (code !== 0) throw new StepFailure(`the proxy exited ${code ?? signal} on SIGINT:\n${proc.output()}`);
  };

  const fix = async (label: string, extra: string[]) => {
    const res = await ctx.processes.run(
      [...(ctx.fixer ?? [process.execPath, ctx.cli, 'fix']), '--from', path.join(artifacts, 'before.jsonl'), '--workspace', ws, ...extra],
      { cwd: ws, env: { ...process.env, NO_COLOR: '1' }, timeoutMs: 60_000 },
    );
    writeFileSync(path.join(artifacts, `fix-${label}.txt`), `exit ${res.code}\n${res.output}`);
    return res;
  };

  const body = async () => {
    const ok1 = await runStep('start', async () => {
      await build();
      await startServer(true);
      return `port ${port}`;
    });
    if (!ok1) return;

    const ok2 = await runStep('before', async () => {
      const { proc, base } = await startProxy(path.join(artifacts, 'before.jsonl'));
      let outcomes: Outcome[];
      try {
        outcomes = await ctx.browser.run(base, sample.calls.map((call) => ({ origin: originOf(call), call })));
      } finally {
        await stopProxy(proc);
      }
      writeFileSync(path.join(artifacts, 'before-chromium.json'), JSON.stringify(outcomes, null, 2));
      const wrong = outcomes.filter((o) => !matches(o, o.call.before));
      if (wrong.length) {
        throw new StepFailure(
          'before the fix, Chromium did not say what this broken kind must say:\n' +
            wrong.map((o) => `  ${describeOutcome(o)} — expected ${describeExpectation(o.call.before)}`).join('\n'),
        );
      }
      // The evidence `fix` reads must hold each failure Chromium saw.
      const records = readJsonl(path.join(artifacts, 'before.jsonl'));
      const missing = outcomes.filter(
        (o) =>
          !o.ok &&
          !records.some((r) => new URL(r.request.url).pathname === o.call.path && r.cors?.verdict === 'fail' &&
            (r.type === 'preflight' ? r.request.headers['access-control-request-method'] === o.call.method : r.request.method === o.call.method)),
      );
      if (missing.length) throw new StepFailure(`the proxy recorded no failing exchange for: ${missing.map(describeOutcome).join('; ')}`);
      return outcomes.map(describeOutcome).join('\n');
    });
    if (!ok2) return;

    const ok3 = await runStep('fix', async () => {
      const pristine = snapshot(ws, d.ignore);
      const dry = await fix('dry-run', []);
      if (dry.code !== 0) throw new StepFailure(`fix (dry run) exited ${dry.code}, expected 0:\n${dry.output}`);
      const afterDry = changedFiles(pristine, snapshot(ws, d.ignore));
      if (afterDry.length) throw new StepFailure(`fix without --apply wrote ${afterDry.join(', ')}`);
      const manifests = d.dependencies?.manifests ?? ['package.json'];
      const manifestTexts = new Map(manifests.map((m) => [m, safeRead(path.join(ws, m))]));
      const applied = await fix('apply', ['--apply']);
      fixOutput = applied.output;
      if (applied.code !== 0) throw new StepFailure(`fix --apply exited ${applied.code}, expected 0:\n${applied.output}`);
      changed = changedFiles(pristine, snapshot(ws, d.ignore));
      if (!changed.length) throw new StepFailure(`fix --apply exited 0 but changed no file:\n${applied.output}`);
      for (const file of changed) {
        const text = safeRead(path.join(ws, file));
        if (text !== null) writeFileSync(path.join(artifacts, `fixed--${file.replace(/\//g, '__')}`), text);
      }
      // A dependency the fix adds must be the framework's CORS package, and resolvable.
      const allowed = new Set(d.dependencies?.allowed ?? []);
      for (const [manifest, beforeText] of manifestTexts) {
        const afterText = safeRead(path.join(ws, manifest));
        if (beforeText === null || afterText === null || beforeText === afterText) continue;
        const npm = manifest.endsWith('package.json');
        const addedNpm = npm ? addedNpmDependencies(beforeText, afterText) : [];
        const added = npm ? addedNpm.map((a) => a.name) : addedLines(beforeText, afterText);
        const unexpected = added.filter((a) => ![...allowed].some((name) => a === name || (!npm && a.includes(name))));
        if (unexpected.length) throw new StepFailure(`fix added ${unexpected.join(', ')} to ${manifest}; this sample expects only ${[...allowed].join(', ') || 'nothing'}`);
        for (const { name, range } of addedNpm) {
          // The server runs the repository's copy: the range written must admit it.
          const version = installedVersion(ws, name) ?? (resolvesFrom(ws, name) ? 'unknown' : null);
          if (version === null) throw new StepFailure(`fix added ${name} to ${manifest}, which Node cannot resolve from the workspace`);
          if (version !== 'unknown' && !satisfies(version, range)) {
            throw new StepFailure(`fix added ${name}@${range} to ${manifest}, but the version this project runs is ${version}`);
          }
        }
        if (added.length && npm && !/npm (i|install)\b/.test(applied.output)) {
          throw new StepFailure(`fix added ${added.join(', ')} to ${manifest} without saying which install command to run:\n${applied.output}`);
        }
      }
      return `changed ${changed.join(', ')}`;
    });
    if (!ok3) return;

    await runStep('after', async () => {
      if (d.restart) {
        const res = await ctx.processes.run(argv(d.restart), { cwd: ws, env: env(), logFile: path.join(artifacts, 'server.log'), timeoutMs: 60_000 });
        if (res.code !== 0) throw new StepFailure(`restart "${d.restart.join(' ')}" exited ${res.code}:\n${res.output}`);
        if (!server) throw new StepFailure('restart: no server is running');
        await waitForHttp(`http://127.0.0.1:${port}${d.ready?.path ?? '/'}`, server, readyTimeout);
      } else {
        await stopServer();
        await build();
        await startServer(false);
      }
      const { proc, base } = await startProxy(path.join(artifacts, 'after.jsonl'));
      const foreign = FOREIGN_ORIGINS.flatMap((origin) => sample.calls.map((call) => ({ origin, call })));
      let outcomes: Outcome[];
      try {
        outcomes = await ctx.browser.run(base, [...sample.calls.map((call) => ({ origin: originOf(call), call })), ...foreign]);
      } finally {
        await stopProxy(proc);
        await stopServer();
      }
      writeFileSync(path.join(artifacts, 'after-chromium.json'), JSON.stringify(outcomes, null, 2));
      const own = outcomes.slice(0, sample.calls.length);
      const strangers = outcomes.slice(sample.calls.length);
      const problems = [
        ...own.filter((o) => !matches(o, { pass: true })).map((o) => `  ${describeOutcome(o)} — expected to pass after the fix`),
        ...strangers.filter((o) => o.ok || !o.corsError).map((o) => `  ${describeOutcome(o)} — a foreign origin must stay blocked`),
      ];
      if (problems.length) throw new StepFailure(`after the fix and a restart:\n${problems.join('\n')}`);
      return `${own.length} calls pass, ${strangers.length} foreign calls blocked`;
    });

    await runStep('again', async () => {
      const before = snapshot(ws, d.ignore);
      const again = await fix('again', ['--apply']);
      const diff = changedFiles(before, snapshot(ws, d.ignore));
      if (diff.length) throw new StepFailure(`a second fix --apply changed ${diff.join(', ')}:\n${again.output}`);
      if (again.code !== 3) throw new StepFailure(`a second fix --apply exited ${again.code}, expected 3 (nothing to fix):\n${again.output}`);
    });
  };

  const budget = d.timeoutMs ?? 240_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      body(),
      new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          outOfTime = true;
          steps.push({ step: STEPS[Math.min(steps.length, STEPS.length - 1)], ok: false, detail: `the case ran out of its ${budget} ms budget` });
          resolve();
        }, budget);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    await Promise.all([...live].map((p) => p.stop('SIGKILL', 0)));
  }

  const passed = steps.length === STEPS.length && steps.every((s) => s.ok);
  const result: CaseResult = {
    id: sample.id,
    name: d.name,
    kind: sample.kind.id,
    passed,
    steps: [...steps],
    changed,
    fixOutput,
    durationMs: Date.now() - started,
    artifacts,
    workspace: passed ? '' : ws,
  };
  writeFileSync(path.join(artifacts, 'result.json'), JSON.stringify(result, null, 2));
  if (passed) rmSync(ws, { recursive: true, force: true });
  return result;
}

function safeRead(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}
