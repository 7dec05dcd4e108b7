// toJsonLine for a writer of many lines (the CLI's --jsonl). Most of a line is
// shared with the lines before it: the proxy hands out one frozen header list for a
// head it saw before, and the recorder gives every exchange of a repeated flow the
// very same judgement object. Their JSON text is made once and spliced in, and so is
// a request or response part that repeats the last one; the rest of the line is
// written field by field, in toJsonLine's order, with JSON.stringify for each value.
// The text is the same as toJsonLine's (tested), and the line's object tree is never
// built.
import type { HeaderList } from '../http/types';
import { corsObject, headersToObject } from './jsonl';
import type { ExchangeRecord } from './types';

/** Judgements remembered by identity (a few flows interleave: polling, a page's calls). */
const RECENT_JUDGEMENTS = 8;

// Every field of a record, and whether a line holds it: adding a field to
// ExchangeRecord fails to compile here until the writer is told about it.
const LINE_FIELDS: Record<keyof ExchangeRecord, boolean> = {
  id: true, type: true, pairId: true, startedAt: true, durationMs: true, request: true, response: true, error: true,
  notices: true, cors: true, preflightCached: true, timings: true, initiator: true, browser: true, engine: true,
  taintedCanvas: true, pending: false,
};
void LINE_FIELDS;

/** `,"name":value`, or nothing when the value is undefined (as JSON.stringify leaves such a key out). */
function field(name: string, value: unknown): string {
  return value === undefined ? '' : `,"${name}":${JSON.stringify(value)}`;
}

/** The text of a request or response part, kept while the next exchange's part is the same. */
interface PartText {
  key: readonly unknown[];
  text: string;
}

/** Whether two parts' keys hold the very same values (strings by content, the rest by identity). */
function sameKey(a: readonly unknown[], b: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class JsonLineWriter {
  private readonly headerText = new WeakMap<HeaderList, string>();
  private readonly judgements: object[] = [];
  private readonly judgementText: string[] = [];
  // A page polling an endpoint repeats the request and the response line for line:
  // their text is made again only when something in them differs from the last one.
  private lastRequest: PartText | null = null;
  private lastResponse: PartText | null = null;

  line(record: ExchangeRecord): string {
    let text = '';
    this.writeLine(record, (piece) => (text += piece), false);
    return text;
  }

  /**
   * Hands the line to `out` in a few pieces, most of them the very strings shared
   * with the lines before (so a writer can copy them without joining them first);
   * with `newline`, a line feed ends the last piece.
   */
  writeLine(record: ExchangeRecord, out: (piece: string) => void, newline = true): void {
    out(
      `{"id":${JSON.stringify(record.id)},"type":${JSON.stringify(record.type)},"pairId":${JSON.stringify(record.pairId)}` +
        `,"startedAt":${JSON.stringify(record.startedAt)},"durationMs":${JSON.stringify(record.durationMs)}`,
    );
    out(this.requestText(record.request));
    out(record.response ? this.responseText(record.response) : ',"response":null');
    out(`,"error":${JSON.stringify(record.error ?? null)}${field('notices', record.notices)},"cors":`);
    out(this.judgement(record.cors));
    out(
      field('preflightCached', record.preflightCached || undefined) +
        field('timings', record.timings) +
        field('initiator', record.initiator) +
        field('browser', record.browser) +
        field('engine', record.engine) +
        field('taintedCanvas', record.taintedCanvas) +
        (newline ? '}\n' : '}'),
    );
  }

  private requestText(request: ExchangeRecord['request']): string {
    const body = request.body;
    // The body object is new for every record: what is compared is what it holds.
    const key = [request.method, request.url, request.httpVersion, request.headers, body === undefined, body?.size, body?.preview, body?.truncated];
    const last = this.lastRequest;
    if (last !== null && sameKey(last.key, key)) return last.text;
    const text: string =
      `,"request":{"method":${JSON.stringify(request.method)},"url":${JSON.stringify(request.url)}` +
      `${field('httpVersion', request.httpVersion)},"headers":${this.headers(request.headers)}${field('body', body)}}`;
    // Only a frozen list cannot change under the kept text.
    this.lastRequest = Object.isFrozen(request.headers) ? { key, text } : null;
    return text;
  }

  private responseText(response: NonNullable<ExchangeRecord['response']>): string {
    const body = response.body;
    const plain = response.informational === undefined && response.trailers === undefined;
    const key = [response.status, response.statusText, response.httpVersion, response.headers, body === undefined, body?.size, body?.preview, body?.truncated];
    const last = this.lastResponse;
    if (plain && last !== null && sameKey(last.key, key)) return last.text;
    let text =
      `,"response":{"status":${JSON.stringify(response.status)}${field('statusText', response.statusText)}` +
      `${field('httpVersion', response.httpVersion)},"headers":${this.headers(response.headers)}${field('body', body)}`;
    if (response.informational !== undefined) {
      text += field('informational', response.informational.map((interim) => ({ status: interim.status, headers: headersToObject(interim.headers) })));
    }
    if (response.trailers !== undefined) text += `,"trailers":${response.trailers ? this.headers(response.trailers) : JSON.stringify(response.trailers)}`;
    text += '}';
    // Interim responses and trailers are rare and not compared: such a part is never reused.
    this.lastResponse = plain && Object.isFrozen(response.headers) ? { key, text } : null;
    return text;
  }

  private headers(list: HeaderList): string {
    let text = this.headerText.get(list);
    if (text === undefined) {
      text = JSON.stringify(headersToObject(list));
      // Only a frozen list cannot change under the cache.
      if (Object.isFrozen(list)) this.headerText.set(list, text);
    }
    return text;
  }

  private judgement(cors: ExchangeRecord['cors']): string {
    const at = this.judgements.indexOf(cors);
    if (at >= 0) return this.judgementText[at];
    const text = JSON.stringify(corsObject(cors));
    // Judgements are shared by the records of repeated flows and never changed once made.
    this.judgements.unshift(cors);
    this.judgementText.unshift(text);
    if (this.judgements.length > RECENT_JUDGEMENTS) {
      this.judgements.pop();
      this.judgementText.pop();
    }
    return text;
  }
}
