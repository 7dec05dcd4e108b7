// A recorded exchange: what the proxy saw, how long it took, and how the browser
// will judge it. This is the unit the CLI prints, the JSONL/HAR files hold and the
// panel lists.
import type { CorsJudgement } from '../cors/types';
import type { HeaderList } from '../http/types';

export type ExchangeKind = 'preflight' | 'request';

export interface BodyCapture {
  /** Total bytes that crossed the wire (after transfer decoding, before content decoding). */
  size: number;
  /** The first N bytes, base64 — capped by the recorder's body capture setting. */
  preview?: string;
  truncated: boolean;
}

/** A place in the page's code, 1-based (mapped through source maps when the page has them). */
export interface SourceLocation {
  url: string;
  line: number;
  column: number;
  functionName: string;
  /** Where the browser ran it, when a source map moved the location. */
  generated?: { url: string; line: number; column: number };
}

/** What the browser itself said about an exchange (recorded from its DevTools events). */
export interface BrowserVerdict {
  verdict: 'pass' | 'fail';
  /** CDP corsErrorStatus, when the browser blocked it for CORS. */
  corsError: string | null;
  failedParameter: string;
  /** net::ERR_… of a failed load. */
  errorText?: string;
  /** The console line Chromium printed for it (Log.entryAdded), when it printed one. */
  consoleMessage?: string;
  /** CDP's resource type: Fetch, XHR, Image, Script, Stylesheet, Font, Preflight… */
  resourceType?: string;
}

/** The engine's own judgement of a browser-recorded exchange, kept beside the browser's verdict. */
export interface EngineOpinion {
  verdict: 'pass' | 'fail' | 'warn' | 'not-cors';
  corsError: string | null;
  failedParameter: string;
  /** The engine reached the browser's verdict (possibly once the browser showed the credentials mode). */
  agrees: boolean;
  /** What differs, when it does not agree: logged as an engine bug. */
  difference?: string;
}

/** An interim (1xx) response that came before the final one, e.g. 103 Early Hints. */
export interface InterimResponse {
  status: number;
  headers: HeaderList;
}

/**
 * Something the proxy changed or noticed on an exchange that still completed (a
 * reason phrase replaced, an h2c upgrade dropped): not a failure, so not `error`.
 */
export interface ExchangeNotice {
  code: string;
  message: string;
}

export interface ExchangeRecord {
  /** Unique within a recording session. */
  id: string;
  type: ExchangeKind;
  /** Shared by a preflight and its actual request; null when the exchange has no partner. */
  pairId: string | null;
  /** ISO 8601 time the request started. */
  startedAt: string;
  durationMs: number;
  request: {
    method: string;
    url: string;
    httpVersion?: string;
    headers: HeaderList;
    body?: BodyCapture;
  };
  response: {
    status: number;
    statusText?: string;
    httpVersion?: string;
    headers: HeaderList;
    body?: BodyCapture;
    /** Interim responses before this one, in order; absent when there were none. Not part of the CORS judgement. */
    informational?: InterimResponse[];
    /** Trailer lines after a chunked body; absent when there were none. Not part of the CORS judgement. */
    trailers?: HeaderList;
  } | null;
  /** Why the exchange failed or is incomplete; null when it completed. */
  error: { code: string; message: string } | null;
  /** What the proxy changed or noticed on the way; absent when nothing. Never makes the exchange failed. */
  notices?: ExchangeNotice[];
  cors: CorsJudgement;
  /** Set on an actual request that needed a preflight the browser served from its cache. */
  preflightCached?: boolean;
  timings?: { waitMs?: number; receiveMs?: number };
  /** The line of the page's code (top of the JavaScript stack, or the element) that made the request. */
  initiator?: SourceLocation;
  /** Recorded from the browser: its own verdict (then `cors` agrees with it). */
  browser?: BrowserVerdict;
  /** Recorded from the browser: the engine's judgement from the wire alone. */
  engine?: EngineOpinion;
  /** A canvas read in the page threw a SecurityError because this (no-cors) image tainted it. */
  taintedCanvas?: { message: string; location?: SourceLocation };
  /**
   * True while later traffic may still change `cors` (a preflight waiting for its
   * actual request, a redirect waiting for its next hop). Absent or false once final.
   */
  pending?: boolean;
}
