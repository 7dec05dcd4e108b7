// Builds the ExchangeRecord of a capture, not yet judged. One builder per
// recorder: what it remembers between records (the last body's base64 text, the
// last timestamp's text) belongs to that recorder's stream of exchanges.
import type { CorsJudgement } from '../cors/types';
import type { CapturedBody, CapturedExchange } from './capture';
import { IsoTimeFormatter } from './iso-time';
import { unjudged } from './records';
import type { BodyCapture, ExchangeKind, ExchangeRecord } from './types';

// Shared by records between capture and judging (the recorder judges before anyone sees them).
const UNJUDGED: CorsJudgement = Object.freeze(unjudged());

function sameBytes(a: Buffer, b: Buffer): boolean {
  if (a.length !== b.length) return false;
  // Small bodies compare faster here than through a call into Node's native compare.
  if (a.length > 256) return a.equals(b);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Milliseconds to the microsecond: performance.now() noise is not information. */
function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export class RecordBuilder {
  private readonly time = new IsoTimeFormatter();
  // An endpoint polled over and over answers the same bytes: their base64 text is
  // made once and shared by the records, instead of a new copy in every one.
  private lastPreview: Buffer | null = null;
  private lastBase64 = '';

  /** A record as captured: `cors` is the placeholder until the recorder judges its flow. */
  build(capture: CapturedExchange, id: string, type: ExchangeKind): ExchangeRecord {
    const { request, response } = capture;
    // Always built in the same order so records share one object shape. The parts
    // are separate flat literals: a literal with literals nested in it is copied from
    // a template by a slower path.
    const requestPart: ExchangeRecord['request'] = {
      method: request.method,
      url: request.url,
      httpVersion: request.httpVersion,
      headers: request.headers,
      body: this.body(capture.requestBody),
    };
    const responsePart: ExchangeRecord['response'] = response
      ? {
          status: response.status,
          statusText: response.statusText,
          httpVersion: response.httpVersion,
          headers: response.headers,
          body: this.body(capture.responseBody),
          informational: response.informational,
          trailers: response.trailers,
        }
      : null;
    const timings: ExchangeRecord['timings'] =
      capture.waitMs !== undefined ? { waitMs: ms(capture.waitMs), receiveMs: ms(Math.max(0, capture.durationMs - capture.waitMs)) } : undefined;
    return {
      id,
      type,
      pairId: null,
      startedAt: this.time.format(capture.startedAt),
      durationMs: ms(capture.durationMs),
      request: requestPart,
      response: responsePart,
      error: capture.error ?? null,
      notices: capture.notices,
      cors: UNJUDGED,
      preflightCached: undefined,
      timings,
      pending: undefined,
    };
  }

  private body(body: CapturedBody | null | undefined): BodyCapture | undefined {
    if (!body) return undefined;
    if (body.size === 0 && body.preview.length === 0) return undefined;
    return {
      size: body.size,
      preview: body.preview.length > 0 ? this.base64Of(body.preview) : undefined,
      truncated: body.truncated,
    };
  }

  private base64Of(preview: Buffer): string {
    if (this.lastPreview !== null && sameBytes(this.lastPreview, preview)) return this.lastBase64;
    this.lastPreview = preview;
    this.lastBase64 = preview.toString('base64');
    return this.lastBase64;
  }
}
