// The browser's own network events (CDP Network.* and Log.entryAdded) turned into the
// same records the proxy writes: one per preflight, request and redirect hop, raw
// headers from the ExtraInfo events, the browser's verdict (corsErrorStatus) in `cors`,
// the engine's judgement from the wire beside it, and the initiator from the JavaScript
// stack. Pure: the caller hands in events and the time, and collects finished flows.
import { judgeFlow } from '../cors/flow';
import { chromiumMessage } from '../cors/messages';
import { initiatorFromResourceType } from '../cors/initiator';
import type { CorsErrorName, CorsFlow, CorsJudgement, FlowJudgement } from '../cors/types';
import { CORS_ERRORS } from '../cors/types';
import type { HeaderList, WireExchange } from '../http/types';
import { getHeader } from '../http/headers';
import { canonicalUrl, originOf } from '../http/origin';
import { IsoTimeFormatter } from '../exchange/iso-time';
import type { BrowserVerdict, EngineOpinion, ExchangeRecord, SourceLocation } from '../exchange/types';

export interface CdpMessage {
  method: string;
  params: Record<string, unknown>;
  sessionId?: string;
}

interface Hop {
  url: string;
  method: string;
  headers: HeaderList;
  rawHeaders: boolean;
  startedAt: number;
  /** CDP monotonic seconds when the hop started, for durations. */
  timestamp: number;
  response: { status: number; statusText: string; headers: HeaderList; httpVersion?: string; raw: boolean } | null;
  endTimestamp?: number;
}

interface Tracked {
  key: string;
  sessionId: string;
  requestId: string;
  type?: string;
  documentUrl: string;
  initiator?: Record<string, unknown>;
  hops: Hop[];
  /** ExtraInfo events waiting for their hop (they may arrive before requestWillBeSent). */
  requestExtras: HeaderList[];
  responseExtras: Array<{ headers: HeaderList; status?: number; statusText?: string; httpVersion?: string }>;
  requestExtrasSeen: number;
  responseExtrasSeen: number;
  done: null | { at: number; failed?: { errorText: string; corsError?: string; failedParameter?: string; blockedReason?: string } };
  /** Preflights the browser sent for this request, by their own request id. */
  preflights: Tracked[];
  /** For a preflight: its main request. */
  preflightFor?: string;
}

export interface BrowserFlow {
  /** The records of one fetch, in order: preflight(s), request, redirect hops. */
  records: ExchangeRecord[];
  /** Set when the engine, from the wire alone, did not reach the browser's verdict. */
  engineBug?: { difference: string; records: ExchangeRecord[] };
}

export interface NetworkLogOptions {
  /** How long after a load ends its trailing ExtraInfo and console events may still come (ms). */
  settleMs?: number;
}

const RESOURCE_TYPES_RECORDED = new Set(['Fetch', 'XHR', 'Image', 'Script', 'Stylesheet', 'Font', 'Media', 'TextTrack', 'Other', 'Manifest', 'EventSource']);

/** CDP's header object → header lines. Chromium joins repeated lines with "\n". */
export function headerLines(headers: unknown): HeaderList {
  if (!headers || typeof headers !== 'object') return [];
  const out: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    for (const v of String(value).split('\n')) out.push([name, v]);
  }
  return out;
}

/** An HTTP/1.x response head as text → header lines, exactly as sent (order, case, repeats). */
export function headLines(headersText: string): { lines: HeaderList; statusText?: string; httpVersion?: string } {
  const rows = headersText.split(/\r?\n/);
  const status = /^HTTP\/(\d(?:\.\d)?) \d{3} ?(.*)$/.exec(rows[0] ?? '');
  const lines: Array<[string, string]> = [];
  for (const row of rows.slice(1)) {
    if (!row) continue;
    const colon = row.indexOf(':');
    if (colon <= 0) continue;
    lines.push([row.slice(0, colon), row.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')]);
  }
  return { lines, statusText: status?.[2], httpVersion: status?.[1] };
}

/** The same number of lines per header name (the text lost none). */
function sameLineCounts(a: HeaderList, b: HeaderList): boolean {
  const count = (list: HeaderList) => {
    const m = new Map<string, number>();
    for (const [n] of list) m.set(n.toLowerCase(), (m.get(n.toLowerCase()) ?? 0) + 1);
    return m;
  };
  const ca = count(a);
  const cb = count(b);
  return ca.size === cb.size && [...ca].every(([n, c]) => cb.get(n) === c);
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}

/** The top of the JavaScript stack (async parents included), or the element's place in the document, 1-based. */
export function initiatorLocation(initiator: Record<string, unknown> | undefined): SourceLocation | undefined {
  if (!initiator) return undefined;
  let stack = initiator.stack as { callFrames?: Array<Record<string, unknown>>; parent?: unknown } | undefined;
  while (stack) {
    const frame = stack.callFrames?.find((f) => str(f.url));
    if (frame) {
      return { url: str(frame.url), line: num(frame.lineNumber) + 1, column: num(frame.columnNumber) + 1, functionName: str(frame.functionName) };
    }
    stack = stack.parent as typeof stack;
  }
  if (str(initiator.url)) {
    return { url: str(initiator.url), line: num(initiator.lineNumber) + 1, column: num(initiator.columnNumber) + 1, functionName: '' };
  }
  return undefined;
}

function isCorsError(name: string | undefined): name is CorsErrorName {
  return name !== undefined && (CORS_ERRORS as readonly string[]).includes(name);
}

/** Preflight-stage errors: the record of the preflight carries them. */
function onPreflight(error: string): boolean {
  return error.startsWith('Preflight') || error.endsWith('PreflightResponse');
}

export class BrowserNetworkLog {
  private readonly tracked = new Map<string, Tracked>();
  private readonly consoleLines: Array<{ text: string; sessionId: string }> = [];
  /** Where script set an element's src/href, per URL: images load later, with no stack of their own. */
  private readonly elementSources = new Map<string, SourceLocation[]>();
  private readonly settleMs: number;
  private nextId = 0;
  private nextPair = 0;
  private readonly time = new IsoTimeFormatter();

  constructor(options: NetworkLogOptions = {}) {
    this.settleMs = options.settleMs ?? 400;
  }

  /** Feeds one protocol event; `now` is the wall clock in ms. */
  handle(event: CdpMessage, now: number): void {
    const p = event.params;
    const sessionId = event.sessionId ?? '';
    switch (event.method) {
      case 'Network.requestWillBeSent': {
        const t = this.get(sessionId, str(p.requestId));
        const request = p.request as Record<string, unknown>;
        if (p.redirectResponse && t.hops.length > 0) this.setResponse(t, t.hops[t.hops.length - 1], p.redirectResponse as Record<string, unknown>);
        t.type = str(p.type) || t.type;
        t.documentUrl = str(p.documentURL) || t.documentUrl;
        if (!t.initiator) t.initiator = p.initiator as Record<string, unknown>;
        const hop: Hop = {
          url: str(request.url),
          method: str(request.method),
          headers: headerLines(request.headers),
          rawHeaders: false,
          startedAt: typeof p.wallTime === 'number' ? p.wallTime * 1000 : now,
          timestamp: num(p.timestamp),
          response: null,
        };
        if (t.hops.length > 0) t.hops[t.hops.length - 1].endTimestamp = num(p.timestamp);
        t.hops.push(hop);
        this.applyExtras(t);
        const initiator = p.initiator as Record<string, unknown> | undefined;
        // A preflight is its own request (type Other, then Preflight) whose initiator names the main one.
        if (initiator && str(initiator.type) === 'preflight' && str(initiator.requestId)) {
          t.preflightFor = str(initiator.requestId);
          const main = this.get(sessionId, t.preflightFor);
          if (!main.preflights.includes(t)) main.preflights.push(t);
        }
        break;
      }
      case 'Network.requestWillBeSentExtraInfo': {
        const t = this.get(sessionId, str(p.requestId));
        t.requestExtras.push(headerLines(p.headers));
        this.applyExtras(t);
        break;
      }
      case 'Network.responseReceived': {
        const t = this.get(sessionId, str(p.requestId));
        t.type = str(p.type) || t.type;
        const hop = t.hops[t.hops.length - 1];
        if (hop) this.setResponse(t, hop, p.response as Record<string, unknown>);
        break;
      }
      case 'Network.responseReceivedExtraInfo': {
        const t = this.get(sessionId, str(p.requestId));
        const text = str(p.headersText);
        // headersText is decoded as UTF-8: a byte that is not (e.g. Latin-1 é) can swallow the line break
        // after it. The exact lines are used only when they hold every header the browser parsed.
        let head = text ? headLines(text) : null;
        if (head && !sameLineCounts(head.lines, headerLines(p.headers))) head = { ...head, lines: headerLines(p.headers) };
        t.responseExtras.push({
          headers: head ? head.lines : headerLines(p.headers),
          status: typeof p.statusCode === 'number' ? p.statusCode : undefined,
          statusText: head?.statusText,
          httpVersion: head?.httpVersion,
        });
        this.applyExtras(t);
        break;
      }
      case 'Network.loadingFinished': {
        const t = this.get(sessionId, str(p.requestId));
        t.done = { at: now };
        const hop = t.hops[t.hops.length - 1];
        if (hop) hop.endTimestamp = num(p.timestamp) || hop.endTimestamp;
        break;
      }
      case 'Network.loadingFailed': {
        const t = this.get(sessionId, str(p.requestId));
        const cors = p.corsErrorStatus as Record<string, unknown> | undefined;
        t.done = {
          at: now,
          failed: {
            errorText: str(p.errorText),
            corsError: cors ? str(cors.corsError) : undefined,
            failedParameter: cors ? str(cors.failedParameter) : undefined,
            blockedReason: str(p.blockedReason) || undefined,
          },
        };
        t.type = str(p.type) || t.type;
        const hop = t.hops[t.hops.length - 1];
        if (hop) hop.endTimestamp = num(p.timestamp) || hop.endTimestamp;
        break;
      }
      case 'Log.entryAdded': {
        const entry = p.entry as Record<string, unknown> | undefined;
        const text = str(entry?.text);
        if (text.startsWith('Access to ') && text.includes(' has been blocked by CORS policy: ')) this.consoleLines.push({ text, sessionId });
        break;
      }
      default:
        break;
    }
  }

  /** The page's script pointed an element at `url` from `location` (reported by the page instrumentation). */
  noteElementSource(url: string, location: SourceLocation): void {
    const list = this.elementSources.get(url) ?? [];
    list.push(location);
    this.elementSources.set(url, list);
    if (this.elementSources.size > 2000) this.elementSources.delete(this.elementSources.keys().next().value as string);
  }

  /** Flows whose loads ended at least `settleMs` ago (or whose every ExtraInfo event arrived). */
  take(now: number, all = false): BrowserFlow[] {
    const out: BrowserFlow[] = [];
    for (const t of [...this.tracked.values()]) {
      if (t.preflightFor) continue;
      if (!t.done && !all) continue;
      const parts = [...t.preflights, t];
      const settled = all || (t.done !== null && (now - t.done.at >= this.settleMs || parts.every((x) => this.extrasComplete(x))));
      if (!settled) continue;
      for (const x of parts) this.tracked.delete(x.key);
      const flow = this.buildFlow(t);
      if (flow) out.push(flow);
    }
    // Console lines no flow claimed within a while are dropped (e.g. a request we do not record).
    if (this.consoleLines.length > 500) this.consoleLines.splice(0, this.consoleLines.length - 500);
    return out;
  }

  private extrasComplete(t: Tracked): boolean {
    // Served from a cache, a load has no ExtraInfo at all: wait the settle time instead.
    return t.hops.length > 0 && t.requestExtrasSeen >= t.hops.length && t.responseExtrasSeen >= t.hops.length;
  }

  private get(sessionId: string, requestId: string): Tracked {
    const key = `${sessionId}|${requestId}`;
    let t = this.tracked.get(key);
    if (!t) {
      t = {
        key, sessionId, requestId, documentUrl: '', hops: [], requestExtras: [], responseExtras: [],
        requestExtrasSeen: 0, responseExtrasSeen: 0, done: null, preflights: [],
      };
      this.tracked.set(key, t);
    }
    return t;
  }

  private setResponse(t: Tracked, hop: Hop, response: Record<string, unknown>): void {
    if (hop.response?.raw) return;
    const protocol = str(response.protocol);
    hop.response = {
      status: num(response.status),
      statusText: str(response.statusText),
      headers: headerLines(response.headers),
      httpVersion: protocol.startsWith('http/') ? protocol.slice(5) : protocol || undefined,
      raw: false,
    };
    this.applyExtras(t);
  }

  /** The nth ExtraInfo event belongs to the nth hop: raw headers replace the filtered ones. */
  private applyExtras(t: Tracked): void {
    while (t.requestExtrasSeen < t.requestExtras.length && t.requestExtrasSeen < t.hops.length) {
      const hop = t.hops[t.requestExtrasSeen];
      hop.headers = t.requestExtras[t.requestExtrasSeen];
      hop.rawHeaders = true;
      t.requestExtrasSeen++;
    }
    // A response the browser blocked for CORS never gets responseReceived: its ExtraInfo is all there is.
    while (t.responseExtrasSeen < t.responseExtras.length && t.responseExtrasSeen < t.hops.length) {
      const hop = t.hops[t.responseExtrasSeen];
      const extra = t.responseExtras[t.responseExtrasSeen];
      const previous = hop.response ?? { status: 0, statusText: extra.statusText ?? '', httpVersion: extra.httpVersion, headers: [], raw: false };
      hop.response = { ...previous, headers: extra.headers, status: extra.status ?? previous.status, statusText: previous.statusText || extra.statusText || '', raw: true };
      t.responseExtrasSeen++;
    }
  }

  private claimConsoleLine(sessionId: string, urls: string[]): string | undefined {
    const names = (text: string, u: string): boolean => text.includes(` at '${u}' `) || text.includes(`(redirected from '${u}')`);
    // Two fetches redirected to the same URL both fail "at" it: the line that also names
    // where this one started ("redirected from …", the chain's first URL) is this one's.
    const first = urls[0];
    const last = urls[urls.length - 1];
    let i = this.consoleLines.findIndex((l) => l.sessionId === sessionId && names(l.text, first) && names(l.text, last));
    if (i < 0) i = this.consoleLines.findIndex((l) => l.sessionId === sessionId && urls.some((u) => names(l.text, u)));
    if (i < 0) return undefined;
    return this.consoleLines.splice(i, 1)[0].text;
  }

  private exchangeOf(hop: Hop, failedHere: boolean, errorText?: string): WireExchange {
    const error = !hop.response && failedHere ? { code: errorText || 'net::ERR_FAILED', message: errorText || 'the browser reported no response' } : null;
    return {
      request: { method: hop.method, url: hop.url, headers: hop.headers },
      response: hop.response ? { status: hop.response.status, statusText: hop.response.statusText, headers: hop.response.headers, httpVersion: hop.response.httpVersion } : null,
      error,
    };
  }

  private buildFlow(t: Tracked): BrowserFlow | null {
    if (t.hops.length === 0 || !t.type || !RESOURCE_TYPES_RECORDED.has(t.type)) return null;
    const pageOrigin = originOf(t.documentUrl);
    const first = t.hops[0];
    const httpish = (u: string) => /^https?:/i.test(u);
    // Only cross-origin exchanges (at some hop), as the proxy records them.
    if (!t.hops.some((h) => httpish(h.url) && originOf(h.url) !== pageOrigin) || !httpish(first.url)) return null;

    const failed = t.done?.failed;
    const corsError = failed?.corsError && isCorsError(failed.corsError) ? failed.corsError : null;
    const browser: BrowserVerdict = {
      verdict: failed ? 'fail' : 'pass',
      corsError,
      failedParameter: corsError ? failed?.failedParameter ?? '' : '',
      errorText: failed?.errorText || undefined,
      resourceType: t.type,
    };
    // A load the page aborted, or one the browser blocked for other reasons, is not a CORS verdict.
    const aborted = failed?.errorText === 'net::ERR_ABORTED' && !corsError;

    const preflightExchanges = t.preflights.map((pf) => this.exchangeOf(pf.hops[0] ?? first, true, pf.done?.failed?.errorText));
    const requestExchanges = t.hops.map((h, i) => this.exchangeOf(h, i === t.hops.length - 1 && Boolean(failed) && !corsError, failed?.errorText));
    // A request the browser never sent (its preflight failed) has no exchange of its own.
    const sent = !(corsError && onPreflight(corsError) && !t.hops[t.hops.length - 1].response && t.preflights.length > 0);
    const initiatorKind = initiatorFromResourceType(t.type, getHeader(first.headers, 'sec-fetch-dest') ?? undefined).kind;
    const flow: CorsFlow = {
      preflight: preflightExchanges[0] ?? null,
      requests: sent ? requestExchanges : [],
      redirectPreflights: preflightExchanges.slice(1),
      complete: true,
      initiator: initiatorKind,
    };
    const consoleMessage = this.claimConsoleLine(t.sessionId, t.hops.map((h) => canonicalUrl(h.url)));
    if (consoleMessage) browser.consoleMessage = consoleMessage;

    let judged = judgeFlow(flow);
    let engine = opinion(judged, browser, aborted);
    if (!engine.agrees && browser.verdict === 'fail') {
      // The wire never shows credentials mode "include" without a cookie; the browser's verdict may.
      const credentialed = judgeFlow({ ...flow, credentialsMode: 'include' });
      const second = opinion(credentialed, browser, aborted);
      if (second.agrees) {
        judged = credentialed;
        engine = { ...second, difference: 'agrees once the browser showed the request was sent with credentials mode "include" (nothing on the wire did)' };
      }
    }

    // Pair ids live apart from record ids ("bp…" vs "b…"): readers group rows by pair id or, alone, by id.
    const pairId = preflightExchanges.length + (sent ? requestExchanges.length : 0) > 1 ? `bp${++this.nextPair}` : null;
    const records: ExchangeRecord[] = [];
    const location = initiatorLocation(t.initiator) ?? this.elementSources.get(first.url)?.shift();
    const make = (ex: WireExchange, hop: Hop, type: 'preflight' | 'request', cors: CorsJudgement): ExchangeRecord => ({
      id: `b${++this.nextId}`,
      type,
      pairId,
      startedAt: this.time.format(hop.startedAt),
      durationMs: hop.endTimestamp && hop.timestamp ? Math.max(0, Math.round((hop.endTimestamp - hop.timestamp) * 1e6) / 1000) : 0,
      request: { method: ex.request.method, url: ex.request.url, headers: ex.request.headers },
      response: ex.response ? { status: ex.response.status, statusText: ex.response.statusText, httpVersion: ex.response.httpVersion, headers: ex.response.headers } : null,
      error: ex.error ?? null,
      cors,
      initiator: location,
      browser,
      engine,
    });
    t.preflights.forEach((pf, i) => {
      const cors = i === 0 ? judged.preflight : judged.redirectPreflights?.[i - 1];
      records.push(make(preflightExchanges[i], pf.hops[0] ?? first, 'preflight', cors ?? judged.decisive));
    });
    if (sent) t.hops.forEach((hop, i) => records.push(make(requestExchanges[i], hop, 'request', judged.requests[i] ?? judged.decisive)));
    applyBrowserVerdict(records, browser, judged, engine, t.documentUrl);

    const result: BrowserFlow = { records };
    if (!engine.agrees) result.engineBug = { difference: engine.difference ?? '', records };
    return result;
  }
}

function opinion(judged: FlowJudgement, browser: BrowserVerdict, aborted: boolean): EngineOpinion {
  const base = { verdict: judged.verdict, corsError: judged.corsError, failedParameter: judged.failedParameter };
  if (aborted) return { ...base, agrees: true, difference: 'the page aborted the load: no verdict to compare' };
  const engineBlocked = judged.verdict === 'fail';
  if (browser.verdict === 'pass') {
    return engineBlocked ? { ...base, agrees: false, difference: `the browser let it through but the engine says fail (${judged.corsError ?? 'network error'})` } : { ...base, agrees: true };
  }
  if (!browser.corsError) {
    return engineBlocked && judged.corsError === null
      ? { ...base, agrees: true }
      : { ...base, agrees: false, difference: `the browser failed it with ${browser.errorText} (not CORS) but the engine says ${judged.verdict}${judged.corsError ? ` (${judged.corsError})` : ''}` };
  }
  if (!engineBlocked) return { ...base, agrees: false, difference: `the browser blocked it (${browser.corsError}) but the engine says ${judged.verdict}` };
  const diffs: string[] = [];
  if (browser.corsError !== judged.corsError) diffs.push(`corsError ${browser.corsError} vs engine ${judged.corsError}`);
  if (browser.failedParameter !== judged.failedParameter) diffs.push(`failedParameter ${JSON.stringify(browser.failedParameter)} vs engine ${JSON.stringify(judged.failedParameter)}`);
  return diffs.length ? { ...base, agrees: false, difference: diffs.join('; ') } : { ...base, agrees: true };
}

/**
 * `cors` holds the browser's verdict. Where the engine agrees its judgements stand (with
 * Chromium's own console line); where it does not, the deciding record says what the
 * browser reported, and the engine's view stays in `engine`.
 */
function applyBrowserVerdict(records: ExchangeRecord[], browser: BrowserVerdict, judged: FlowJudgement, engine: EngineOpinion, documentUrl: string): void {
  if (records.length === 0) return;
  const decisiveIndex = (() => {
    if (browser.corsError && onPreflight(browser.corsError)) {
      const pf = records.findIndex((r) => r.type === 'preflight' && r.cors.verdict === 'fail');
      if (pf >= 0) return pf;
      const anyPf = records.findIndex((r) => r.type === 'preflight');
      if (anyPf >= 0) return anyPf;
    }
    const failing = records.findIndex((r) => r.cors.verdict === 'fail');
    return failing >= 0 ? failing : records.length - 1;
  })();
  const target = records[decisiveIndex];
  if (engine.agrees) {
    if (browser.verdict === 'fail' && target.cors.verdict === 'fail') {
      // The browser said which error it was: what the wire alone left open (the credentials mode) is settled.
      const warnings = target.cors.warnings.filter((w) => !w.startsWith('If the page sent this with credentials'));
      target.cors = { ...target.cors, message: browser.consoleMessage ?? target.cors.message, warnings };
    }
    return;
  }
  if (browser.verdict === 'pass') {
    for (const r of records) {
      if (r.cors.verdict === 'fail') {
        r.cors = { ...r.cors, verdict: 'pass', corsError: null, failedParameter: '', message: '', fix: [], explanation: `The browser let this through. (The engine judged it ${engine.corsError ?? 'a failure'} from the wire: an engine bug, logged.)` };
      }
    }
    return;
  }
  const corsError = browser.corsError as CorsErrorName | null;
  const url = canonicalUrl(target.request.url);
  const message = browser.consoleMessage
    ?? (corsError ? chromiumMessage(corsError, browser.failedParameter, { url, initialUrl: canonicalUrl(records.find((r) => r.type === 'request')?.request.url ?? url), origin: originOf(documentUrl), initiator: judged.initiator.kind }) : '');
  target.cors = {
    ...target.cors,
    verdict: 'fail',
    corsError,
    failedParameter: browser.failedParameter,
    message,
    explanation: `The browser reported ${corsError ?? browser.errorText ?? 'a failure'}${browser.failedParameter ? ` (${browser.failedParameter})` : ''}. The engine, from the wire alone, judged ${engine.verdict}${engine.corsError ? ` (${engine.corsError})` : ''}: ${engine.difference}. ${target.cors.explanation}`.trim(),
  };
}

/**
 * A V8 stack (Error().stack) → its first frame in a page script (http(s) URL), 1-based.
 * Frames of the inspector's own instrumentation have no URL and are skipped.
 */
export function firstPageFrame(stack: string): SourceLocation | undefined {
  for (const line of stack.split('\n').slice(1)) {
    const m = /^\s*at (?:(.*?) \()?((?:https?|file):\/\/.*?):(\d+):(\d+)\)?\s*$/.exec(line);
    if (m) return { url: m[2], line: Number(m[3]), column: Number(m[4]), functionName: (m[1] ?? '').replace(/^async /, '') };
  }
  return undefined;
}
