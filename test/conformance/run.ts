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
  /** Chromium's console line for this request (CDP Log.entryAdded), when it printed one. */
  consoleMessage?: string;
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

/** CDP's resource type of the request each initiator makes (the preflight is a separate 'Preflight'). */
const RESOURCE_TYPES: Record<NonNullable<Scenario['request']['initiator']>, string> = {
  fetch: 'Fetch', xhr: 'XHR', img: 'Image', 'no-cors-img': 'Image', script: 'Script', style: 'Stylesheet', font: 'Font',
};

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
  // tsx compiles the page functions below with esbuild's keepNames, which calls __name().
  await context.addInitScript('globalThis.__name = (f) => f;');
  try {
    const apiBase = (options.apiBase ?? server.origins.B).replace(/\/+$/, '').replace('//127.0.0.1:', '//localhost:');
    const runId = server.beginRun(scenarios, apiBase);
    await context.addCookies([{ ...TEST_COOKIE, url: server.origins.B, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const cdp = await openCdpSession(context, page);
    const traces = new Map<string, NetworkTrace>();
    const consoleLines: string[] = [];
    await traceNetwork(cdp, traces, consoleLines);
    await page.goto(server.origins.A + '/', { waitUntil: 'load' });
    const opaqueFrame = await findOpaqueFrame(page);
    // Chromium may isolate the sandboxed frame in its own renderer (an out-of-process
    // iframe); its network events then only reach a session attached to that frame.
    const frameCdp = await context.newCDPSession(opaqueFrame).catch(() => null);
    if (frameCdp) await traceNetwork(frameCdp, traces, consoleLines);

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
      const missing = urls.some((u, i) => {
        const trace = findMainTrace(traces, u, typeOf(scenarios[i]));
        if (isElement(scenarios[i])) return !trace?.failed && !trace?.finished;
        return !pageResults[i].ok && !trace?.failed;
      });
      if (!missing) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    if (process.env.CONFORMANCE_DEBUG) for (const [id, t] of traces) console.log(id, JSON.stringify(t));
    const runs: ScenarioRun[] = scenarios.map((scenario, i) => {
      const seen = server.exchangesFor(runId, scenario.id);
      return {
        scenario,
        url: urls[i],
        chromium: {
          ...outcomeOf(pageResults[i], findMainTrace(traces, urls[i], typeOf(scenario)), isElement(scenario)),
          consoleMessage: consoleLineFor(consoleLines, urls[i]),
        },
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

const typeOf = (s: Scenario): string => RESOURCE_TYPES[s.request.initiator ?? 'fetch'];
/** Elements report no CORS reason to the page (only load or error): CDP alone tells their outcome. */
const isElement = (s: Scenario): boolean => !['fetch', 'xhr', undefined].includes(s.request.initiator);

/** The last "Access to … at '<url>' …" line (a repeated scenario prints one per fetch), redirects included. */
function consoleLineFor(lines: string[], url: string): string | undefined {
  let found: string | undefined;
  for (const line of lines) if (line.startsWith('Access to ') && (line.includes(` at '${url}' `) || line.includes(`(redirected from '${url}')`))) found = line;
  return found;
}

async function traceNetwork(cdp: CDPSession, traces: Map<string, NetworkTrace>, consoleLines: string[]): Promise<void> {
  cdp.on('Log.entryAdded', (e) => {
    if (e.entry.source === 'javascript' && e.entry.level === 'error') consoleLines.push(e.entry.text);
  });
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
  await cdp.send('Log.enable');
}

/**
 * The fetch itself (resource type Fetch), not its preflight, which Chromium reports as a
 * separate request. For a repeated scenario, the last fetch (traces keep insertion order).
 */
function findMainTrace(traces: Map<string, NetworkTrace>, url: string, type: string): NetworkTrace | undefined {
  let found: NetworkTrace | undefined;
  for (const t of traces.values()) if (t.url === url && t.type === type) found = t;
  return found;
}

function outcomeOf(result: PageFetchResult, trace: NetworkTrace | undefined, element: boolean): ChromiumOutcome {
  if (element && !result.timedOut) {
    // The element's load/error event only says it settled (a text body is no image); CDP says why.
    if (trace?.finished && !trace.failed) return { kind: 'pass', corsError: null, failedParameter: '' };
    if (!trace?.failed) return { kind: 'unexplained', corsError: null, failedParameter: '', fetchError: result.error };
    result = { ok: false, error: result.error };
  }
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
  const initiator = scenario.request.initiator ?? 'fetch';
  if (initiator === 'xhr') return xhrInFrame(frame, url, scenario, timeoutMs);
  if (initiator !== 'fetch') return elementInFrame(frame, url, scenario, timeoutMs);
  const { method, credentials, body } = scenario.request;
  // fetch() types its header pairs as mutable; a copy leaves the scenario's list as it is.
  const headers = scenario.request.headers.map(([n, v]): [string, string] => [n, v]);
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

/** XMLHttpRequest, headers set in the scenario's order; withCredentials for credentials 'include'. */
async function xhrInFrame(frame: Frame, url: string, scenario: Scenario, timeoutMs: number): Promise<PageFetchResult> {
  const { method, headers, credentials, body } = scenario.request;
  return frame.evaluate(
    ({ url, method, headers, credentials, body, timeoutMs }) =>
      new Promise<PageFetchResult>((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open(method, url);
        xhr.withCredentials = credentials === 'include';
        xhr.timeout = timeoutMs;
        for (const [name, value] of headers) xhr.setRequestHeader(name, value);
        xhr.onload = () => resolve({ ok: true, status: xhr.status });
        xhr.onerror = () => resolve({ ok: false, error: 'XMLHttpRequest error' });
        xhr.ontimeout = () => resolve({ ok: false, error: 'XMLHttpRequest timeout', timedOut: true });
        xhr.send(body ?? null);
      }),
    { url, method, headers, credentials, body, timeoutMs },
  );
}

/** An element that loads the URL; resolves when it settled (load or error), or times out. */
async function elementInFrame(frame: Frame, url: string, scenario: Scenario, timeoutMs: number): Promise<PageFetchResult> {
  const { initiator, credentials } = scenario.request;
  return frame.evaluate(
    ({ url, initiator, credentials, timeoutMs }) =>
      new Promise<PageFetchResult>((resolve) => {
        const timer = setTimeout(() => resolve({ ok: false, error: 'element did not settle', timedOut: true }), timeoutMs);
        const done = (ok: boolean) => {
          clearTimeout(timer);
          resolve({ ok, error: ok ? undefined : 'element error event' });
        };
        const crossOrigin = credentials === 'include' ? 'use-credentials' : 'anonymous';
        if (initiator === 'font') {
          const family = `f${Math.random().toString(36).slice(2)}`;
          const style = document.createElement('style');
          style.textContent = `@font-face { font-family: ${family}; src: url("${url}"); }`;
          document.head.appendChild(style);
          document.fonts.load(`16px ${family}`).then(() => done(true), () => done(false));
          return;
        }
        let element: HTMLImageElement | HTMLScriptElement | HTMLLinkElement;
        if (initiator === 'img' || initiator === 'no-cors-img') {
          element = document.createElement('img');
          if (initiator === 'img') element.crossOrigin = crossOrigin;
          element.src = url;
        } else if (initiator === 'script') {
          element = document.createElement('script');
          element.crossOrigin = crossOrigin;
          element.src = url;
        } else {
          const link = document.createElement('link');
          link.rel = 'stylesheet';
          link.crossOrigin = crossOrigin;
          link.href = url;
          element = link;
        }
        element.addEventListener('load', () => done(true));
        element.addEventListener('error', () => done(false));
        document.body.appendChild(element);
      }),
    { url, initiator, credentials, timeoutMs },
  );
}
