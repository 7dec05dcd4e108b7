// toJsonLine for a writer of many lines (the CLI's --jsonl). Most of a line is
// shared with the lines before it: the proxy hands out one frozen header list for a
// head it saw before, and the recorder gives every exchange of a repeated flow the
// very same judgement object. Their JSON text is made once and spliced in; the rest
// of the line is written field by field, in toJsonLine's order, with JSON.stringify
// for each value. The text is the same as toJsonLine's (tested), and the line's
// object tree is never built.
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

export class JsonLineWriter {
  private readonly headerText = new WeakMap<HeaderList, string>();
  private readonly judgements: object[] = [];
  private readonly judgementText: string[] = [];

  line(record: ExchangeRecord): string {
    const request = record.request;
    const response = record.response;
    let text =
      `{"id":${JSON.stringify(record.id)},"type":${JSON.stringify(record.type)},"pairId":${JSON.stringify(record.pairId)}` +
      `,"startedAt":${JSON.stringify(record.startedAt)},"durationMs":${JSON.stringify(record.durationMs)}` +
      `,"request":{"method":${JSON.stringify(request.method)},"url":${JSON.stringify(request.url)}` +
      `${field('httpVersion', request.httpVersion)},"headers":${this.headers(request.headers)}${field('body', request.body)}}`;
    if (response) {
      text +=
        `,"response":{"status":${JSON.stringify(response.status)}${field('statusText', response.statusText)}` +
        `${field('httpVersion', response.httpVersion)},"headers":${this.headers(response.headers)}${field('body', response.body)}`;
      if (response.informational !== undefined) {
        text += field('informational', response.informational.map((interim) => ({ status: interim.status, headers: headersToObject(interim.headers) })));
      }
      if (response.trailers !== undefined) text += `,"trailers":${response.trailers ? this.headers(response.trailers) : JSON.stringify(response.trailers)}`;
      text += '}';
    } else {
      text += ',"response":null';
    }
    return (
      text +
      `,"error":${JSON.stringify(record.error ?? null)}${field('notices', record.notices)},"cors":${this.judgement(record.cors)}` +
      field('preflightCached', record.preflightCached || undefined) +
      field('timings', record.timings) +
      field('initiator', record.initiator) +
      field('browser', record.browser) +
      field('engine', record.engine) +
      field('taintedCanvas', record.taintedCanvas) +
      '}'
    );
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
