// Starts Chromium, Chrome or Edge with a throwaway profile and the DevTools protocol
// on a pipe (no debugging port), and keeps the last lines it wrote to stderr so a
// browser that dies at once can be explained.
import { spawn, type ChildProcess } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import type { Readable, Writable } from 'stream';
import { CdpPipe } from './cdp-pipe';

export interface AttachedLaunchOptions {
  headless?: boolean;
  /** More command-line flags (e.g. the test machine's --disable-gpu). */
  extraArgs?: string[];
}

export interface AttachedBrowser {
  cdp: CdpPipe;
  process: ChildProcess;
  pid: number;
  executable: string;
  profileDir: string;
  /** When the process was started (ms since the epoch). */
  startedAt: number;
  /** The last lines the browser wrote to stderr (at most 40). */
  stderrTail(): string[];
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends the browser (gracefully over the protocol, then by signal) and removes the profile. */
  close(): Promise<void>;
}

export function attachedBrowserArgs(profileDir: string, options: AttachedLaunchOptions): string[] {
  const args = [
    '--remote-debugging-pipe',
    `--user-data-dir=${profileDir}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(options.extraArgs ?? []),
  ];
  // Chromium refuses to start as root with its sandbox on (containers, CI).
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  if (options.headless) args.push('--headless=new', '--disable-gpu');
  args.push('about:blank');
  return args;
}

export function launchAttached(executable: string, options: AttachedLaunchOptions = {}): AttachedBrowser {
  const profileDir = mkdtempSync(join(tmpdir(), 'cors-inspector-browser-'));
  const child = spawn(executable, attachedBrowserArgs(profileDir, options), {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  let partial = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (text: string) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) tail.push(line.trimEnd());
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  });
  const cdp = new CdpPipe(child.stdio[3] as Writable, child.stdio[4] as Readable);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => {
      tail.push(String(err.message));
      resolve({ code: -1, signal: null });
    });
  });
  void exited.then(() => {
    if (partial.trim()) tail.push(partial.trimEnd());
    cdp.close();
    // Helper processes may write a moment longer: retry, and never fail on a leftover folder.
    setTimeout(() => {
      try {
        rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch {
        // left in the temp folder; the OS cleans it
      }
    }, 300).unref();
  });
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    cdp,
    process: child,
    pid: child.pid ?? -1,
    executable,
    profileDir,
    startedAt: Date.now(),
    stderrTail: () => [...tail],
    exited,
    close: async () => {
      if (!running()) return void (await exited);
      await Promise.race([cdp.send('Browser.close').catch(() => undefined), new Promise((r) => setTimeout(r, 2000))]);
      const killer = setTimeout(() => running() && child.kill('SIGKILL'), 3000);
      if (running()) child.kill('SIGTERM');
      await exited;
      clearTimeout(killer);
    },
  };
}
