// Small helpers shared by the recorder and the file formats: building an
// ExchangeRecord from a capture, header lookups, and the reverse trip from a
// record to the wire shapes the engine judges.
import type { CapturedBody, CapturedExchange } from '../../proxy/capture';
import type { CorsJudgement } from '../cors/types';
import type { HeaderList, WireExchange } from '../http/types';
import type { BodyCapture, ExchangeKind, ExchangeRecord } from './types';

/** The first value of a header (case-insensitive name), or null. */
export function headerValue(headers: HeaderList, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [n, v] of headers) {
    if (n.length === wanted.length && n.toLowerCase() === wanted) return v;
  }
  return null;
}

/** Placeholder judgement for a record the engine has not seen yet. */
export function unjudged(): CorsJudgement {
  return { verdict: 'not-cors', corsError: null, failedParameter: '', message: '', explanation: '', fix: [], warnings: [] };
}

function bodyFrom(body: CapturedBody | null | undefined): BodyCapture | undefined {
  if (!body) return undefined;
  if (body.size === 0 && body.preview.length === 0) return undefined;
  return {
    size: body.size,
    preview: body.preview.length > 0 ? body.preview.toString('base64') : undefined,
    truncated: body.truncated,
  };
}

/** Milliseconds to the microsecond: performance.now() noise is not information. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Where a record keeps its judgement. `ensure` (set by the recorder) judges the
 * record's flow on first read, so recording stays cheap when nobody looks.
 */
export interface CorsCell {
  value: CorsJudgement;
  /** Also known only once judged: whether the request needed a preflight it did not send. */
  preflightCached?: boolean;
  ensure: (() => void) | null;
}

// The judgement accessors are shared functions that find the record's cell under a
// hidden key. Getters written in an object literal would be new closures for every
// record, which also drops each record into slow dictionary mode (~4x the memory).
const CELL = Symbol('corsCell');
type WithCell = { [CELL]: CorsCell };
function getCors(this: WithCell): CorsJudgement {
  const cell = this[CELL];
  if (cell.ensure) cell.ensure();
  return cell.value;
}
function setCors(this: WithCell, value: CorsJudgement): void {
  this[CELL].value = value;
}
function getPreflightCached(this: WithCell): boolean | undefined {
  const cell = this[CELL];
  if (cell.ensure) cell.ensure();
  return cell.preflightCached;
}
function setPreflightCached(this: WithCell, value: boolean | undefined): void {
  this[CELL].preflightCached = value;
}
const CORS_ACCESSOR: PropertyDescriptor = { get: getCors, set: setCors, enumerable: true, configurable: true };
const PREFLIGHT_CACHED_ACCESSOR: PropertyDescriptor = { get: getPreflightCached, set: setPreflightCached, enumerable: true, configurable: true };

export function recordFromCapture(
  capture: CapturedExchange,
  id: string,
  type: ExchangeKind,
  cell: CorsCell = { value: unjudged(), ensure: null },
): ExchangeRecord {
  const { request, response } = capture;
  // Always built in the same order (accessors included) so records share one fast object shape.
  const record = {
    id,
    type,
    pairId: null,
    startedAt: new Date(capture.startedAt).toISOString(),
    durationMs: ms(capture.durationMs),
    request: {
      method: request.method,
      url: request.url,
      httpVersion: request.httpVersion,
      headers: request.headers,
      body: bodyFrom(capture.requestBody),
    },
    response: response
      ? {
          status: response.status,
          statusText: response.statusText,
          httpVersion: response.httpVersion,
          headers: response.headers,
          body: bodyFrom(capture.responseBody),
        }
      : null,
    error: capture.error ?? null,
  } as Omit<ExchangeRecord, 'cors'> as ExchangeRecord;
  Object.defineProperty(record, 'cors', CORS_ACCESSOR);
  Object.defineProperty(record, 'preflightCached', PREFLIGHT_CACHED_ACCESSOR);
  record.timings =
    capture.waitMs !== undefined ? { waitMs: ms(capture.waitMs), receiveMs: ms(Math.max(0, capture.durationMs - capture.waitMs)) } : undefined;
  record.pending = undefined;
  Object.defineProperty(record, CELL, { value: cell, enumerable: false, writable: false, configurable: false });
  return record;
}

export function wireOf(record: ExchangeRecord): WireExchange {
  return {
    request: {
      method: record.request.method,
      url: record.request.url,
      headers: record.request.headers,
      httpVersion: record.request.httpVersion,
    },
    response: record.response
      ? {
          status: record.response.status,
          statusText: record.response.statusText,
          headers: record.response.headers,
          httpVersion: record.response.httpVersion,
        }
      : null,
    error: record.error,
  };
}

function decodeBody(body: BodyCapture | undefined): CapturedBody {
  if (!body) return { size: 0, preview: Buffer.alloc(0), truncated: false };
  return { size: body.size, preview: body.preview ? Buffer.from(body.preview, 'base64') : Buffer.alloc(0), truncated: body.truncated };
}

/** Turns a stored record back into a capture so it can be judged and paired again. */
export function captureFromRecord(record: ExchangeRecord, seq: number): CapturedExchange {
  const started = Date.parse(record.startedAt);
  return {
    seq,
    startedAt: Number.isFinite(started) ? started : 0,
    waitMs: record.timings?.waitMs,
    durationMs: record.durationMs,
    request: wireOf(record).request,
    requestBody: decodeBody(record.request.body),
    response: wireOf(record).response,
    responseBody: record.response ? decodeBody(record.response.body) : null,
    error: record.error,
    via: 'reverse',
  };
}

/** True when the bytes are UTF-8 text without control characters (other than tab, LF, CR). */
export function isPrintableText(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}
