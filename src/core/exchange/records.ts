// Small helpers shared by the recorder and the file formats: header lookups and
// the trip between a record and the wire shapes the engine judges.
import type { CapturedBody, CapturedExchange } from './capture';
import type { CorsJudgement } from '../cors/types';
import type { HeaderList, WireExchange } from '../http/types';
import type { BodyCapture, ExchangeRecord } from './types';

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
    // What came around the final response rides along; the judgement never reads it (wireOf leaves it out).
    response: wire.response && record.response ? { ...wire.response, informational: record.response.informational, trailers: record.response.trailers } : null,
    responseBody: record.response ? decodeBody(record.response.body) : null,
    error: record.error,
    notices: record.notices,
    via: 'reverse',
  };
}

/** True when the bytes are UTF-8 text without control characters (other than tab, LF, CR). */
export function isPrintableText(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text);
}
