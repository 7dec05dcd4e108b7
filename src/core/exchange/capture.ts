// The capture contract: what the proxy hands the recorder for every exchange it carried: the wire data,
// the first bytes of each body, and timings. The proxy knows nothing of CORS; the
// recorder turns captures into judged, paired ExchangeRecords.
import type { HeaderList, WireRequest, WireResponse } from '../http/types';
import type { ExchangeNotice, InterimResponse } from './types';

export interface CapturedBody {
  /** Bytes seen in total (the proxy never buffers more than `preview`). */
  size: number;
  /** The first bytes, up to the configured capture size. */
  preview: Buffer;
  truncated: boolean;
}

/** The final response as it came, with what came around it. */
export interface CapturedResponse extends WireResponse {
  /** Interim (1xx) responses the upstream sent before it, in order. */
  informational?: InterimResponse[];
  /** The upstream's trailer lines (chunked responses). */
  trailers?: HeaderList;
}

export interface CapturedExchange {
  /** Assigned by the proxy, unique for its lifetime. */
  seq: number;
  startedAt: number; // epoch ms
  /** ms from start to response head (absent when no response). */
  waitMs?: number;
  /** ms from start to the end of the response body (or the failure). */
  durationMs: number;
  request: WireRequest;
  requestBody: CapturedBody;
  response: CapturedResponse | null;
  responseBody: CapturedBody | null;
  /** Why there is no (complete) response: target down, reset, timeout, bad request... */
  error: { code: string; message: string } | null;
  /** What the proxy changed or noticed while the exchange still went through (see ExchangeRecord.notices). */
  notices?: ExchangeNotice[];
  /** 'reverse' | 'forward' | 'websocket' | 'connect' — how the proxy carried it. */
  via: 'reverse' | 'forward' | 'websocket' | 'connect';
}

/** The proxy calls this once per finished exchange. */
export type CaptureSink = (capture: CapturedExchange) => void;
