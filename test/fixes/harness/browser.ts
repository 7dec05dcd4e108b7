// One Debian Chromium for the whole suite, and the front-end pages that call the API
// through the proxy. The pages live on fixed origins (http://localhost:5173 and the
// others in kinds.ts) so samples can name them as a developer would; Chromium's
// --host-resolver-rules sends those host:port pairs to one page server on a free port.
// Chromium's own verdict comes from CDP: Network.loadingFailed → corsErrorStatus.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, CDPSession } from 'playwright-core';
import { launchChromium, openCdpSession, type LaunchedChromium } from '../../support/chromium';
import { APP_ORIGIN, FOREIGN_ORIGINS, OLD_ORIGIN, SESSION_COOKIE, type Call } from './kinds';

/** What happened to one fetch. */
export interface Outcome {
  origin: string;
  call: Call;
  /** fetch() resolved. */
  ok: boolean;
  status?: number;
  /** fetch()'s rejection, e.g. "TypeError: Failed to fetch". */
  error?: string;
  /** From CDP, when Chromium blocked it for CORS. */
  corsError?: string;
  failedParameter?: string;
  /** From CDP, e.g. net::ERR_FAILED. */
  netError?: string;
  /** Chromium's console lines while the call ran. */
  console: string[];
}

interface Sent {
  requestId: string;
  url: string;
  method: string;
  preflight: boolean;
}

interface Settled {
  failed?: { errorText: string; corsErrorStatus?: { corsError: string; failedParameter: string } };
}

const PAGE_ORIGINS = [APP_ORIGIN, OLD_ORIGIN, ...FOREIGN_ORIGINS];
const FETCH_TIMEOUT_MS = 20_000;

export class BrowserHarness {
  private constructor(
    private readonly chromium: LaunchedChromium,
    private readonly pages: http.Server,
  ) {}

  static async launch(): Promise<BrowserHarness> {
    const pages = http.createServer((req, res) => {
      if (req.url !== '/') {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end(`<!doctype html><meta charset="utf-8"><title>front end</title><p>front end on ${escapeHtml(req.headers.host ?? '')}`);
    });
    await new Promise<void>((resolve, reject) => {
      pages.once('error', reject);
      pages.listen(0, '127.0.0.1', resolve);
    });
    const port = (pages.address() as AddressInfo).port;
    const rules = PAGE_ORIGINS.map((o) => `MAP ${new URL(o).host} 127.0.0.1:${port}`).join(', ');
    try {
      const chromium = await launchChromium([`--host-resolver-rules=${rules}`]);
      return new BrowserHarness(chromium, pages);
    } catch (err) {
      pages.close();
      throw err;
    }
  }

  get version(): string {
    return this.chromium.version;
  }

  /**
   * Makes `calls` from their pages against `apiBase`, in a fresh browser context (no
   * preflight cache, no cookies from earlier runs). Calls of one origin run in order in
   * one tab; `origins` maps each call to the page origin it is made from.
   */
  async run(apiBase: string, calls: Array<{ origin: string; call: Call }>): Promise<Outcome[]> {
    const context = await this.chromium.browser.newContext();
    try {
      const byOrigin = new Map<string, Array<{ index: number; call: Call }>>();
      calls.forEach(({ origin, call }, index) => {
        if (!byOrigin.has(origin)) byOrigin.set(origin, []);
        byOrigin.get(origin)!.push({ index, call });
      });
      const outcomes: Outcome[] = new Array(calls.length);
      for (const [origin, list] of byOrigin) {
        const tab = await openTab(context, origin, list.some((c) => c.call.credentials));
        try {
          for (const { index, call } of list) outcomes[index] = await tab.fetch(apiBase, origin, call);
        } finally {
          await tab.close();
        }
      }
      return outcomes;
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    await this.chromium.close();
    await new Promise<void>((resolve) => {
      this.pages.closeAllConnections();
      this.pages.close(() => resolve());
    });
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function openTab(context: BrowserContext, origin: string, withCookie: boolean) {
  const page = await context.newPage();
  const cdp: CDPSession = await openCdpSession(context, page);
  const sent: Sent[] = [];
  const settled = new Map<string, Settled>();
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const w of [...waiters]) w();
  };
  const consoleLines: string[] = [];
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string; method: string }; type?: string }) => {
    sent.push({ requestId: e.requestId, url: e.request.url, method: e.request.method, preflight: e.type === 'Preflight' });
  });
  cdp.on('Network.loadingFinished', (e: { requestId: string }) => {
    settled.set(e.requestId, {});
    wake();
  });
  cdp.on('Network.loadingFailed', (e: { requestId: string; errorText: string; corsErrorStatus?: { corsError: string; failedParameter: string } }) => {
    settled.set(e.requestId, { failed: { errorText: e.errorText, corsErrorStatus: e.corsErrorStatus } });
    wake();
  });
  cdp.on('Log.entryAdded', (e: { entry: { text: string } }) => consoleLines.push(e.entry.text));
  await cdp.send('Network.enable');
  await cdp.send('Log.enable');
  await page.goto(origin + '/');
  if (withCookie) {
    await page.evaluate((cookie) => {
      document.cookie = `${cookie}; SameSite=Lax; Path=/`;
    }, SESSION_COOKIE);
  }

  /** The terminal CDP event of the first non-preflight request for (method, url) sent after `from`. */
  const settlement = (from: number, method: string, url: string, timeoutMs: number) =>
    new Promise<Settled | null>((resolve) => {
      const check = () => {
        const req = sent.slice(from).find((s) => !s.preflight && s.method === method && s.url === url);
        const done = req && settled.get(req.requestId);
        if (done) finish(done);
      };
      const timer = setTimeout(() => finish(null), timeoutMs);
      const finish = (value: Settled | null) => {
        clearTimeout(timer);
        waiters.delete(check);
        resolve(value);
      };
      waiters.add(check);
      check();
    });

  return {
    async fetch(apiBase: string, from: string, call: Call): Promise<Outcome> {
      const url = apiBase + call.path;
      const mark = sent.length;
      const consoleMark = consoleLines.length;
      const result = await page.evaluate(
        async ({ url, method, headers, body, credentials, timeoutMs }) => {
          try {
            const res = await fetch(url, {
              method,
              headers,
              body,
              credentials: credentials ? 'include' : 'same-origin',
              signal: AbortSignal.timeout(timeoutMs),
            });
            await res.arrayBuffer();
            return { ok: true, status: res.status };
          } catch (err) {
            return { ok: false, error: String(err) };
          }
        },
        { url, method: call.method, headers: call.headers ?? {}, body: call.body, credentials: Boolean(call.credentials), timeoutMs: FETCH_TIMEOUT_MS },
      );
      const cdpResult = await settlement(mark, call.method, url, 5000);
      const failed = cdpResult?.failed;
      return {
        origin: from,
        call,
        ok: result.ok,
        status: result.status,
        error: result.error,
        corsError: failed?.corsErrorStatus?.corsError,
        failedParameter: failed?.corsErrorStatus?.failedParameter,
        netError: failed?.errorText ?? (cdpResult ? undefined : 'no CDP event for this request'),
        console: consoleLines.slice(consoleMark),
      };
    },
    async close() {
      await cdp.detach().catch(() => undefined);
      await page.close().catch(() => undefined);
    },
  };
}
