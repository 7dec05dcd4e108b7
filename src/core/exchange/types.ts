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
  } | null;
  error: { code: string; message: string } | null;
  cors: CorsJudgement;
  /** Set on an actual request that needed a preflight the browser served from its cache. */
  preflightCached?: boolean;
  timings?: { waitMs?: number; receiveMs?: number };
  /**
   * True while later traffic may still change `cors` (a preflight waiting for its
   * actual request, a redirect waiting for its next hop). Absent or false once final.
   */
  pending?: boolean;
}
