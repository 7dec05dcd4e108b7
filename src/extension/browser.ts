// Finds an installed Chromium-based browser and launches it with a throwaway
// profile that sends every request — loopback included — through the inspector.
import { spawn, type ChildProcess } from 'child_process';
import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

export type BrowserChoice = 'auto' | 'chrome' | 'chromium' | 'edge';

function knownPaths(): Record<Exclude<BrowserChoice, 'auto'>, string[]> {
  const env = process.env;
  const win = (sub: string) =>
    [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']].filter((d): d is string => !!d).map((d) => join(d, sub));
  switch (process.platform) {
    case 'darwin':
      return {
        chrome: ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
        chromium: ['/Applications/Chromium.app/Contents/MacOS/Chromium'],
        edge: ['/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
      };
    case 'win32':
      return {
        chrome: win('Google\\Chrome\\Application\\chrome.exe'),
        chromium: win('Chromium\\Application\\chrome.exe'),
        edge: win('Microsoft\\Edge\\Application\\msedge.exe'),
      };
    default:
      return {
        chrome: ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/opt/google/chrome/chrome'],
        chromium: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/snap/bin/chromium'],
        edge: ['/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/opt/microsoft/msedge/msedge'],
      };
  }
}

/** The browser to launch: an explicit path wins, then the chosen kind, then any known one. */
export function findBrowser(choice: BrowserChoice, explicitPath: string, exists: (p: string) => boolean = existsSync): string | null {
  if (explicitPath) return exists(explicitPath) ? explicitPath : null;
  const paths = knownPaths();
  const order: Array<Exclude<BrowserChoice, 'auto'>> = choice === 'auto' ? ['chrome', 'chromium', 'edge'] : [choice];
  for (const kind of order) for (const p of paths[kind]) if (exists(p)) return p;
  return null;
}

export function browserArgs(proxyUrl: string, profileDir: string, startUrl: string, headless: boolean): string[] {
  const proxy = new URL(proxyUrl);
  const args = [
    `--user-data-dir=${profileDir}`,
    `--proxy-server=http://${proxy.host}`,
    // Chromium bypasses the proxy for loopback by default; "<-loopback>" removes that rule.
    '--proxy-bypass-list=<-loopback>',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // Chromium refuses to start as root with its sandbox on (containers, CI).
  if (process.platform === 'linux' && process.getuid?.() === 0) args.push('--no-sandbox');
  if (headless) args.push('--headless=new', '--disable-gpu');
  args.push(startUrl);
  return args;
}

export interface LaunchedBrowser {
  pid: number;
  executable: string;
  profileDir: string;
  process: ChildProcess;
  /** Ends the browser and removes its temporary profile. */
  close(): void;
}

export function launchBrowser(executable: string, proxyUrl: string, startUrl: string, headless = false): LaunchedBrowser {
  const profileDir = mkdtempSync(join(tmpdir(), 'cors-inspector-browser-'));
  const child = spawn(executable, browserArgs(proxyUrl, profileDir, startUrl, headless), { stdio: 'ignore' });
  // Chromium's helper processes may still write for a moment after the main one exits:
  // retry, and never let a leftover temp folder become an error in the extension host.
  const cleanup = () => {
    setTimeout(() => {
      try {
        rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      } catch {
        // left in the temp folder; the OS cleans it
      }
    }, 500).unref();
  };
  child.once('exit', cleanup);
  child.once('error', cleanup);
  return {
    pid: child.pid ?? -1,
    executable,
    profileDir,
    process: child,
    close: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
    },
  };
}
