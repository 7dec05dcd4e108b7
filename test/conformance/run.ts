// Runs scenarios through real Chromium: a page on origin A fetch()es each scenario's
// URL on the API origin (or on `apiBase`, e.g. a proxy in front of the API), while a
// CDP session collects Chromium's own verdict (Network.loadingFailed with
// corsErrorStatus, or a finished load). Returns, per scenario, what Chromium decided
// and every exchange the scenario server saw for it.
import type { CDPSession, Frame, Page } from 'playwright-core';
import { launchChromium, openCdpSession, type LaunchedChromium } from '../support/chromium';
import { ScenarioServer, type RecordedExchange, type Scenario } from '../support/scenario-server';

export type ChromiumOutcomeKind =
  /** fetch() resolved: the browser let the response through. */
  | 'pass'
  /** Blocked by a CORS check; corsError says which. */
  | 'cors-error'
  /** Failed for another reason (connection refused, reset, ERR_INVALID_HTTP_RESPONSE...). Not a CORS verdict. */
  | 'network-error'
  /** fetch() did not settle within the time limit. */
  | 'timeout'
  /** fetch() rejected but no Network.loadingFailed arrived to say why. */
  | 'unexplained';

export interface ChromiumOutcome {
  kind: ChromiumOutcomeKind;
  corsError: string | null;
  failedParameter: string;
  /** Network.loadingFailed errorText, e.g. "net::ERR_FAILED". */
  errorText?: string;
  blockedReason?: string;
  /** HTTP status the page saw (pass only). */
  status?: number;
  /** The page-side error message when fetch() rejected. */
  fetchError?: string;
}

export interface ScenarioRun {
  scenario: Scenario;
  /** The URL the page fetched. */
  url: string;
  chromium: ChromiumOutcome;
  /** What the scenario server received for this scenario's (last) fetch: preflights, actual request, redirect hops, in order. */
  exchanges: RecordedExchange[];
  /** What it received for the earlier fetches of a repeated scenario (empty otherwise). */
  earlierExchanges: RecordedExchange[];
}

export interface RunOptions {
  /** Use this (already started) server; otherwise one is started and closed around the run. */
  server?: ScenarioServer;
  /**
   * Base URL the page fetches instead of the API origin (must forward /s/... to server.origins.B).
   * 127.0.0.1 is spelled localhost so the test cookie (host localhost) still reaches it.
   */
  apiBase?: string;
  /** Reuse a launched browser; otherwise one is launched and closed around the run. */
  chromium?: LaunchedChromium;
  /** Fetches in flight at once (Chromium allows 6 connections per host). */
  concurrency?: number;
  /** Per-fetch time limit in ms. */
  timeoutMs?: number;
}

export interface RunResult {
  chromiumVersion: string;
  runId: string;
  origins: ScenarioServer['origins'];
  apiBase: string;
  runs: ScenarioRun[];
}

/** The cookie placed for host localhost so credentialed fetches show a Cookie on the wire. */
export const TEST_COOKIE = { name: 'conformance_session', value: 'c00kie' };

interface NetworkTrace {
  url: string;
  type?: string;
  failed?: { errorText: string; corsError?: string; failedParameter?: string; blockedReason?: string };
  finished?: boolean;
}

interface PageFetchResult {
  ok: boolean;
  status?: number;
  error?: string;
  timedOut?: boolean;
}

export async function runScenariosInChromium(scenarios: Scenario[], options: RunOptions = {}): Promise<RunResult> {
  const ownServer = !options.server;
  const server = options.server ?? (await ScenarioServer.start());
  const ownBrowser = !options.chromium;
  const launched = options.chromium ?? (await launchChromium());
  const context = await launched.browser.newContext();
  try {
    const apiBase = (options.apiBase ?? server.origins.B).replace(/\/+$/, '').replace('//127.0.0.1:', '//localhost:');
    const runId = server.beginRun(scenarios, apiBase);
    await context.addCookies([{ ...TEST_COOKIE, url: server.origins.B, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const cdp = await openCdpSession(context, page);
    const traces = new Map<string, NetworkTrace>();
    await traceNetwork(cdp, traces);
    await page.goto(server.origins.A + '/', { waitUntil: 'load' });
    const opaqueFrame = await findOpaqueFrame(page);
    // Chromium may isolate the sandboxed frame in its own renderer (an out-of-process
    // iframe); its network events then only reach a session attached to that frame.
    const frameCdp = await context.newCDPSession(opaqueFrame).catch(() => null);
    if (frameCdp) await traceNetwork(frameCdp, traces);

    const timeoutMs = options.timeoutMs ?? 15000;
    const urls = scenarios.map((s) => (s.request.target === 'page-origin' ? server.origins.A : apiBase) + server.pathOf(runId, s.id));
    const pageResults: PageFetchResult[] = new Array(scenarios.length);
    const lastFetchFirstSeq: number[] = new Array(scenarios.length).fill(0);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < scenarios.length) {
        const i = next++;
        const frame = scenarios[i].request.opaqueOrigin ? opaqueFrame : page.mainFrame();
        const attempts = Math.max(1, Math.min(scenarios[i].request.repeat ?? 1, 5));
        for (let attempt = 0; attempt < attempts; attempt++) {
          // Everything the server records from here on belongs to this fetch (earlier ones have settled).
          lastFetchFirstSeq[i] = server.nextSeq;
          pageResults[i] = await fetchInFrame(frame, urls[i], scenarios[i], timeoutMs);
        }
      }
    };
    const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, 6));
    await Promise.all(Array.from({ length: concurrency }, worker));

    // CDP events may trail the page's promise by a moment; wait (bounded) for every rejected fetch's reason.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const missing = urls.some((u, i) => !pageResults[i].ok && !findMainTrace(traces, u)?.failed);
      if (!missing) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    if (process.env.CONFORMANCE_DEBUG) for (const [id, t] of traces) console.log(id, JSON.stringify(t));
    const runs: ScenarioRun[] = scenarios.map((scenario, i) => {
      const seen = server.exchangesFor(runId, scenario.id);
      return {
        scenario,
        url: urls[i],
        chromium: outcomeOf(pageResults[i], findMainTrace(traces, urls[i])),
        exchanges: seen.filter((e) => e.seq >= lastFetchFirstSeq[i]),
        earlierExchanges: seen.filter((e) => e.seq < lastFetchFirstSeq[i]),
      };
    });
    return { chromiumVersion: launched.version, runId, origins: { ...server.origins }, apiBase, runs };
  } finally {
    await context.close().catch(() => undefined);
    if (ownBrowser) await launched.close();
    if (ownServer) await server.close();
  }
}

async function traceNetwork(cdp: CDPSession, traces: Map<string, NetworkTrace>): Promise<void> {
  cdp.on('Network.requestWillBeSent', (e) => {
    // A redirect reuses the requestId; keep the first URL, which is the scenario URL.
    if (!traces.has(e.requestId)) traces.set(e.requestId, { url: e.request.url, type: e.type });
  });
  cdp.on('Network.loadingFailed', (e) => {
    const t = traces.get(e.requestId) ?? { url: '' };
    t.failed = {
      errorText: e.errorText,
      corsError: e.corsErrorStatus?.corsError,
      failedParameter: e.corsErrorStatus?.failedParameter,
      blockedReason: e.blockedReason,
    };
    traces.set(e.requestId, t);
  });
  cdp.on('Network.loadingFinished', (e) => {
    const t = traces.get(e.requestId);
    if (t) t.finished = true;
  });
  await cdp.send('Network.enable');
}

/**
 * The fetch itself (resource type Fetch), not its preflight, which Chromium reports as a
 * separate request. For a repeated scenario, the last fetch (traces keep insertion order).
 */
function findMainTrace(traces: Map<string, NetworkTrace>, url: string): NetworkTrace | undefined {
  let found: NetworkTrace | undefined;
  for (const t of traces.values()) if (t.url === url && t.type === 'Fetch') found = t;
  return found;
}

function outcomeOf(result: PageFetchResult, trace: NetworkTrace | undefined): ChromiumOutcome {
  if (result.timedOut) return { kind: 'timeout', corsError: null, failedParameter: '', fetchError: result.error };
  if (result.ok) {
    // The page and CDP must tell the same story; a resolved fetch that CDP saw fail is not a pass.
    if (trace?.failed) {
      return { kind: 'unexplained', corsError: null, failedParameter: '', errorText: trace.failed.errorText, status: result.status, fetchError: 'fetch resolved but CDP reported loadingFailed' };
    }
    return { kind: 'pass', corsError: null, failedParameter: '', status: result.status };
  }
  const failed = trace?.failed;
  if (!failed) return { kind: 'unexplained', corsError: null, failedParameter: '', fetchError: result.error };
  if (failed.corsError) {
    return {
      kind: 'cors-error',
      corsError: failed.corsError,
      failedParameter: failed.failedParameter ?? '',
      errorText: failed.errorText,
      fetchError: result.error,
    };
  }
  return {
    kind: 'network-error',
    corsError: null,
    failedParameter: '',
    errorText: failed.errorText,
    blockedReason: failed.blockedReason,
    fetchError: result.error,
  };
}

async function findOpaqueFrame(page: Page): Promise<Frame> {
  const deadline = Date.now() + 10000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().endsWith('/frame'));
    if (frame) {
      await frame.waitForLoadState('load');
      return frame;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the sandboxed iframe on origin A did not load');
}

async function fetchInFrame(frame: Frame, url: string, scenario: Scenario, timeoutMs: number): Promise<PageFetchResult> {
  const { method, headers, credentials, body } = scenario.request;
  return frame.evaluate(
    async ({ url, method, headers, credentials, body, timeoutMs }) => {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      try {
        const init: RequestInit = { method, headers, credentials, mode: 'cors', signal: controller.signal };
        if (body !== undefined) init.body = body;
        const response = await fetch(url, init);
        await response.arrayBuffer();
        return { ok: true, status: response.status };
      } catch (e) {
        return { ok: false, error: String(e), timedOut };
      } finally {
        clearTimeout(timer);
      }
    },
    { url, method, headers, credentials, body, timeoutMs },
  );
}
