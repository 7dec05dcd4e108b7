// Helpers for tests running INSIDE the extension host that need to see what a
// person sees: the workbench DOM (status bar, webview panels) of the real
// browser window VS Code is running in, reached over the Chrome DevTools
// Protocol at the endpoint the launcher passes in CORS_INSPECTOR_WORKBENCH_CDP,
// and a second, separate headless Chromium for making real cross-origin fetches.
//
// Typical use:
//   const text = await statusBarText(/CORS/);
//   const panel = await webviewFrame(async (f) => (await f.title()) === 'CORS Inspector');
//   await panel.locator('tr.failing').first().click();
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Frame, Page } from 'playwright-core';

/** Flags every Chromium in this project runs with (see the project rules). */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
export const CHROMIUM_PATH = process.env.CORS_INSPECTOR_CHROMIUM || '/usr/bin/chromium';

// playwright-core is external to the test bundle: load the repo's copy lazily so
// test files that never touch the DOM don't pay for it.
function playwright(): typeof import('playwright-core') {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return require('playwright-core');
}

let workbenchBrowser: Promise<Browser> | undefined;

/** True when the launcher gave us a way into the workbench DOM. */
export function hasWorkbench(): boolean {
  return !!process.env.CORS_INSPECTOR_WORKBENCH_CDP;
}

/** The workbench browser, connected once over CDP and shared by all tests. */
export function workbenchBrowserConnection(): Promise<Browser> {
  const endpoint = process.env.CORS_INSPECTOR_WORKBENCH_CDP;
  if (!endpoint) {
    return Promise.reject(new Error('CORS_INSPECTOR_WORKBENCH_CDP is not set: run the suite through scripts/run-vscode-tests.js'));
  }
  workbenchBrowser ??= playwright().chromium.connectOverCDP(endpoint).catch((err: Error) => {
    workbenchBrowser = undefined; // allow a retry
    throw err;
  });
  return workbenchBrowser;
}

/** The page showing the VS Code workbench (the one with `.monaco-workbench`). */
export async function workbenchPage(timeoutMs = 15_000): Promise<Page> {
  const browser = await workbenchBrowserConnection();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const context of browser.contexts()) {
      for (const page of context.pages()) {
        if (await page.locator('.monaco-workbench').count().catch(() => 0)) return page;
      }
    }
    await delay(200);
  }
  throw new Error('no page with a VS Code workbench found over CDP');
}

/**
 * Text of the first status bar item whose text matches (substring or RegExp),
 * polling until it appears. Codicons render as empty spans, so the text is what
 * a person reads next to the icon.
 */
export async function statusBarText(matcher: string | RegExp, timeoutMs = 15_000): Promise<string> {
  const page = await workbenchPage();
  const matches = (t: string) => (typeof matcher === 'string' ? t.includes(matcher) : matcher.test(t));
  const deadline = Date.now() + timeoutMs;
  let seen: string[] = [];
  while (Date.now() < deadline) {
    seen = await statusBarItems(page);
    const hit = seen.find(matches);
    if (hit !== undefined) return hit;
    await delay(200);
  }
  throw new Error(`no status bar item matching ${matcher} within ${timeoutMs} ms; saw: ${JSON.stringify(seen)}`);
}

/** Texts of all visible status bar items, left to right. */
export async function statusBarItems(page?: Page): Promise<string[]> {
  const p = page ?? (await workbenchPage());
  const texts = await p.locator('#workbench\\.parts\\.statusbar .statusbar-item').allInnerTexts();
  return texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
}

/**
 * The document frame of a webview panel, once it has loaded and `predicate`
 * accepts it. VS Code nests each webview twice: an outer `iframe.webview` (its
 * host page) containing `iframe#active-frame`, which holds the extension's HTML.
 * The predicate gets each candidate inner frame, e.g.
 *   (f) => f.locator('#exchanges').count().then((n) => n > 0)
 */
export async function webviewFrame(
  predicate: (frame: Frame) => boolean | Promise<boolean> = () => true,
  timeoutMs = 20_000,
): Promise<Frame> {
  const page = await workbenchPage();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!isWebviewContentFrame(frame)) continue;
      try {
        const ready = await frame.evaluate(() => document.readyState);
        if (ready !== 'complete') continue;
        if (await predicate(frame)) return frame;
      } catch {
        // frame navigated or detached while we looked at it: try the next round
      }
    }
    await delay(250);
  }
  throw new Error(`no webview frame accepted by the predicate within ${timeoutMs} ms`);
}

/** Inner webview frames: loaded children of a VS Code webview host page. */
function isWebviewContentFrame(frame: Frame): boolean {
  const parent = frame.parentFrame();
  if (!parent || frame.isDetached()) return false;
  // code-server serves the host page over http; desktop VS Code uses vscode-webview://.
  const parentUrl = parent.url();
  const parentIsWebviewHost = parentUrl.includes('/webview/browser/pre/index.html') || parentUrl.startsWith('vscode-webview://');
  return parentIsWebviewHost && (frame.name() === 'active-frame' || frame.url() !== 'about:blank');
}

/** Saves a PNG of the whole workbench window (creates the folder). */
export async function screenshot(file: string): Promise<string> {
  const page = await workbenchPage();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
  return file;
}

/**
 * A second, independent headless Chromium (Debian's, project flags) for real
 * cross-origin fetches through the inspector. The caller closes it.
 */
export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return playwright().chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
