// Real processes for the suite: servers and proxies in their own process groups (so a
// dev server's workers die with it), commands run to completion with a deadline, free
// ports, and an HTTP readiness probe. A ProcessTracker kills whatever is still alive
// when the suite ends, even when it ends abruptly.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';

export interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Everything the process prints goes here too. */
  logFile?: string;
}

const TAIL_BYTES = 16 * 1024;

/** A long-running process (server, proxy) leading its own process group. */
export class GroupProcess {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private tail = '';
  private readonly listeners: Array<() => void> = [];
  private readonly log: WriteStream | null;

  constructor(
    readonly argv: string[],
    readonly child: ChildProcess,
    logFile: string | undefined,
  ) {
    this.log = logFile ? createWriteStream(logFile, { flags: 'a' }) : null;
    const take = (chunk: Buffer) => {
      this.log?.write(chunk);
      this.tail = (this.tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
      for (const l of [...this.listeners]) l();
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        for (const l of [...this.listeners]) l();
        resolve({ code, signal });
      });
      child.once('error', (err) => {
        this.tail += `\n[spawn failed: ${err.message}]`;
        resolve({ code: -1, signal: null });
      });
    });
    this.exited.then(() => this.log?.end());
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** What it printed lately (stdout and stderr interleaved). */
  output(): string {
    return this.tail;
  }

  /** Resolves with the first match of `pattern` in the output; rejects if the process exits or time runs out. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(this.tail);
        if (m) return finish(() => resolve(m));
        if (!this.running) finish(() => reject(new Error(`${this.argv.join(' ')} exited before printing ${pattern}:\n${this.tail}`)));
      };
      const timer = setTimeout(() => finish(() => reject(new Error(`${this.argv.join(' ')}: no ${pattern} within ${timeoutMs} ms:\n${this.tail}`))), timeoutMs);
      const finish = (then: () => void) => {
        clearTimeout(timer);
        const i = this.listeners.indexOf(check);
        if (i >= 0) this.listeners.splice(i, 1);
        then();
      };
      this.listeners.push(check);
      check();
    });
  }

  /** Sends `signal` to the whole group, waits up to `graceMs`, then SIGKILLs whatever of the group is left. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const pid = this.child.pid;
    if (pid !== undefined && this.running) {
      killGroup(pid, signal);
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
      await Promise.race([this.exited, timer]);
    }
    if (pid !== undefined) killGroup(pid, 'SIGKILL');
    return this.exited;
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is gone already.
  }
}

/** Owns every process the suite starts, and kills the groups still alive when it is disposed or the process exits. */
export class ProcessTracker {
  private readonly live = new Set<GroupProcess>();
  private readonly onExit = () => {
    for (const p of this.live) if (p.child.pid !== undefined) killGroup(p.child.pid, 'SIGKILL');
  };

  constructor() {
    process.on('exit', this.onExit);
  }

  spawn(argv: string[], options: SpawnOptions): GroupProcess {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new GroupProcess(argv, child, options.logFile);
    this.live.add(proc);
    proc.exited.then(() => {
      // The leader is gone; its group may not be (a dev server's workers).
      if (child.pid !== undefined) killGroup(child.pid, 'SIGKILL');
      this.live.delete(proc);
    });
    return proc;
  }

  /** Runs a command to completion (in its own group, killed at the deadline). */
  async run(argv: string[], options: SpawnOptions & { timeoutMs: number }): Promise<{ code: number | null; output: string; timedOut: boolean }> {
    const proc = this.spawn(argv, options);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void proc.stop('SIGKILL', 0);
    }, options.timeoutMs);
    const { code } = await proc.exited;
    clearTimeout(timer);
    return { code, output: proc.output(), timedOut };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.live].map((p) => p.stop('SIGKILL', 0)));
    process.off('exit', this.onExit);
  }
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once `url` answers with any HTTP status; rejects if `proc` exits first or time runs out. */
export async function waitForHttp(url: string, proc: GroupProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!proc.running) throw new Error(`${proc.argv.join(' ')} exited before answering ${url}:\n${proc.output()}`);
    if (await answers(url)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 15_000 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}
