// Finds an installed Chromium-based browser: an explicit path, the chosen kind, or any known one.
import { existsSync } from 'fs';
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
