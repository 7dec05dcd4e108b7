// Real servers for the tests that fix code: a free loopback port, and a Node
// script run as a developer runs it in the background, `node --watch` (it
// restarts by itself when the script or what it requires is saved).
import { spawn, type ChildProcess } from 'child_process';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = http.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** `node --watch <script>`; everything it prints goes to `onOutput`. The caller kills it. */
export function runWatched(script: string, options: { cwd?: string; env?: Record<string, string> }, onOutput: (text: string) => void): ChildProcess {
  // In the extension host under code-server, execPath is Node itself; under Electron it would not be.
  const node = path.basename(process.execPath).startsWith('node') ? process.execPath : 'node';
  const child = spawn(node, ['--watch', script], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (c) => onOutput(String(c)));
  child.stderr!.on('data', (c) => onOutput(String(c)));
  return child;
}
