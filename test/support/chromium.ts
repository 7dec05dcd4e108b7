// Launches the machine's Debian Chromium through playwright-core with the flags the
// project mandates, and opens raw CDP sessions on its pages. Tests use the real
// browser as the oracle for CORS decisions, so nothing here is simulated.
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags required on the shared test machine: headless, no sandbox/GPU/QUIC, no background traffic. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedChromium {
  browser: Browser;
  /** Version string as the browser reports it, e.g. "156.0.8078.79". */
  version: string;
  close(): Promise<void>;
}

/** `extraArgs` come after the mandated flags (e.g. --host-resolver-rules for fixed test origins). */
export async function launchChromium(extraArgs: string[] = []): Promise<LaunchedChromium> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    // Keep the browser from outliving a crashed test run.
    handleSIGINT: true,
    handleSIGTERM: true,
    handleSIGHUP: true,
  });
  return {
    browser,
    version: browser.version(),
    close: async () => {
      await browser.close().catch(() => undefined);
    },
  };
}

/** A CDP session bound to one page (Network events of that page's frames in its renderer). */
export async function openCdpSession(context: BrowserContext, page: Page): Promise<CDPSession> {
  return context.newCDPSession(page);
}
