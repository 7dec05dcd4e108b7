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
  for (let i = 0; i < headers.length; i++) {
    const n = headers[i][0];
    if (n.length === wanted.length && n.toLowerCase() === wanted) return headers[i][1];
  }
  return null;
}

/** Placeholder judgement for a record the engine has not seen yet. */
export function unjudged(): CorsJudgement {
  return { verdict: 'not-cors', corsError: null, failedParameter: '', message: '', explanation: '', fix: [], warnings: [] };
}

// Shared by records between capture and judging (the recorder judges before anyone sees them).
const UNJUDGED: CorsJudgement = Object.freeze(unjudged());

// An endpoint polled over and over answers the same bytes: their base64 text is
// made once and shared by the records, instead of a new copy in every one.
let lastPreview: Buffer | null = null;
let lastBase64 = '';
function sameBytes(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  // Small bodies compare faster here than through a call into Node's native compare.
  if (a.length > 256) return a.equals(b);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function base64Of(preview: Buffer): string {
  if (lastPreview !== null && sameBytes(lastPreview, preview)) return lastBase64;
  lastPreview = preview;
  lastBase64 = preview.toString('base64');
  return lastBase64;
}

function bodyFrom(body: CapturedBody | null | undefined): BodyCapture | undefined {
  if (!body) return undefined;
  if (body.size === 0 && body.preview.length === 0) return undefined;
  return {
    size: body.size,
    preview: body.preview.length > 0 ? base64Of(body.preview) : undefined,
    truncated: body.truncated,
  };
}

// Formatting a Date is slow on the proxy's hot path, and exchanges arrive many per
// second: the text up to the second is kept from the previous call.
let isoSecond = NaN;
let isoPrefix = '';
let isoLastMsec = NaN;
let isoLast = '';
/** Same as new Date(epochMs).toISOString() for whole milliseconds. */
export function isoTime(epochMs: number): string {
  const msec = Math.floor(epochMs);
  // Several exchanges often start in the same millisecond: they share the text.
  if (msec === isoLastMsec) return isoLast;
  const second = Math.floor(msec / 1000);
  if (second !== isoSecond || !Number.isFinite(second)) {
    const full = new Date(second * 1000).toISOString(); // "YYYY-MM-DDTHH:MM:SS.000Z" (or ±YYYYYY-…)
    isoSecond = second;
    isoPrefix = full.slice(0, -4);
  }
  const frac = msec - second * 1000;
  isoLastMsec = msec;
  isoLast = `${isoPrefix}${frac < 10 ? '00' : frac < 100 ? '0' : ''}${frac}Z`;
  return isoLast;
}

/** Milliseconds to the microsecond: performance.now() noise is not information. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A record as captured, not yet judged: `cors` is the placeholder until the recorder judges its flow. */
export function recordFromCapture(capture: CapturedExchange, id: string, type: ExchangeKind): ExchangeRecord {
  const { request, response } = capture;
  // Always built in the same order so records share one object shape. The parts
  // are separate flat literals: a literal with literals nested in it is copied from
  // a template by a slower path.
  const requestPart: ExchangeRecord['request'] = {
    method: request.method,
    url: request.url,
    httpVersion: request.httpVersion,
    headers: request.headers,
    body: bodyFrom(capture.requestBody),
  };
  const responsePart: ExchangeRecord['response'] = response
    ? {
        status: response.status,
        statusText: response.statusText,
        httpVersion: response.httpVersion,
        headers: response.headers,
        body: bodyFrom(capture.responseBody),
      }
    : null;
  const timings: ExchangeRecord['timings'] =
    capture.waitMs !== undefined ? { waitMs: ms(capture.waitMs), receiveMs: ms(Math.max(0, capture.durationMs - capture.waitMs)) } : undefined;
  return {
    id,
    type,
    pairId: null,
    startedAt: isoTime(capture.startedAt),
    durationMs: ms(capture.durationMs),
    request: requestPart,
    response: responsePart,
    error: capture.error ?? null,
    cors: UNJUDGED,
    preflightCached: undefined,
    timings,
    pending: undefined,
  };
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
  const wire = wireOf(record);
  return {
    seq,
    startedAt: Number.isFinite(started) ? started : 0,
    waitMs: record.timings?.waitMs,
    durationMs: record.durationMs,
    request: wire.request,
    requestBody: decodeBody(record.request.body),
    response: wire.response,
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
