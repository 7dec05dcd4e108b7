// JSON Lines: one object per finished exchange, easy to grep, tail and load.
// Header names are lower-cased and a repeated header becomes an array, so a
// line reads like a plain object (`line.response.headers['access-control-allow-origin']`).
// A record whose judgement changes after it was written (a late follower) is
// written again with the same id: readers keep the last line of each id.
import type { CorsJudgement } from '../cors/types';
import type { HeaderList } from '../http/types';
import { rejudge } from './rejudge';
import type { BodyCapture, ExchangeNotice, ExchangeRecord, InterimResponse } from './types';

export type HeaderObject = Record<string, string | string[]>;

export function headersToObject(headers: HeaderList): HeaderObject {
  const out: HeaderObject = Object.create(null);
  for (const [name, value] of headers) {
    const key = name.toLowerCase();
    const seen = out[key];
    if (seen === undefined) out[key] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else out[key] = [seen, value];
  }
  return { ...out };
}

export function headersFromObject(headers: unknown, where: string): HeaderList {
  if (headers === undefined || headers === null) return [];
  if (Array.isArray(headers)) {
    // Tolerate the in-memory shape too: [[name, value], ...].
    return headers.map((pair, i) => {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string') throw new Error(`${where}: header ${i} is not a [name, value] pair`);
      return [pair[0], String(pair[1])] as [string, string];
    });
  }
  if (typeof headers !== 'object') throw new Error(`${where}: headers must be an object`);
  const list: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    if (Array.isArray(value)) for (const v of value) list.push([name, String(v)]);
    else list.push([name, String(value)]);
  }
  return list;
}

/** The reference: what every line of a JSON Lines file holds (JsonLineWriter writes the same text faster). */
export function toJsonLine(record: ExchangeRecord): string {
  return JSON.stringify(lineObject(record, headersToObject));
}

/** A judgement as a line writes it: every field in a fixed order. */
export function corsObject(cors: CorsJudgement): object {
  return {
    verdict: cors.verdict,
    corsError: cors.corsError,
    failedParameter: cors.failedParameter,
    message: cors.message,
    explanation: cors.explanation,
    fix: cors.fix,
    header: cors.header,
    warnings: cors.warnings,
    evidence: cors.evidence,
    hints: cors.hints,
    firefoxReason: cors.firefoxReason,
  };
}

function lineObject(record: ExchangeRecord, headersOf: (list: HeaderList) => HeaderObject): object {
  return {
    id: record.id,
    type: record.type,
    pairId: record.pairId,
    startedAt: record.startedAt,
    durationMs: record.durationMs,
    request: {
      method: record.request.method,
      url: record.request.url,
      httpVersion: record.request.httpVersion,
      headers: headersOf(record.request.headers),
      body: record.request.body,
    },
    response: record.response
      ? {
          status: record.response.status,
          statusText: record.response.statusText,
          httpVersion: record.response.httpVersion,
          headers: headersOf(record.response.headers),
          body: record.response.body,
          informational: record.response.informational?.map((interim) => ({ status: interim.status, headers: headersOf(interim.headers) })),
          trailers: record.response.trailers && headersOf(record.response.trailers),
        }
      : null,
    error: record.error ?? null,
    notices: record.notices,
    cors: corsObject(record.cors),
    preflightCached: record.preflightCached || undefined,
    timings: record.timings,
    // Recorded from the browser (cors-inspector browse): absent for proxy records.
    initiator: record.initiator,
    browser: record.browser,
    engine: record.engine,
    taintedCanvas: record.taintedCanvas,
  };
}

/** A list of strings from a file, or undefined when absent or not one. */
function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function bodyOf(v: unknown): BodyCapture | undefined {
  if (!isObject(v) || typeof v.size !== 'number') return undefined;
  return { size: v.size, preview: typeof v.preview === 'string' ? v.preview : undefined, truncated: v.truncated === true };
}

function noticeOf(v: unknown): ExchangeNotice | null {
  return isObject(v) && typeof v.code === 'string' ? { code: v.code, message: typeof v.message === 'string' ? v.message : '' } : null;
}

/** A list of notices from a file; entries that are not {code, message} are left out. */
function noticesOf(v: unknown): ExchangeNotice[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ExchangeNotice[] = [];
  for (const item of v) {
    const notice = noticeOf(item);
    if (notice) out.push(notice);
  }
  return out.length > 0 ? out : undefined;
}

function informationalOf(v: unknown, where: string): InterimResponse[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new Error(`${where}: response.informational must be a list`);
  return v.map((interim, i) => {
    if (!isObject(interim) || typeof interim.status !== 'number') throw new Error(`${where}: response.informational[${i}] must have a numeric status`);
    return { status: interim.status, headers: headersFromObject(interim.headers, `${where}: response.informational[${i}]`) };
  });
}

function recordFromLine(obj: unknown, where: string): { record: ExchangeRecord; judged: boolean } {
  if (!isObject(obj)) throw new Error(`${where}: not a JSON object`);
  const req = obj.request;
  if (!isObject(req) || typeof req.method !== 'string' || typeof req.url !== 'string') {
    throw new Error(`${where}: missing request.method or request.url`);
  }
  const res = obj.response;
  if (res !== null && res !== undefined && (!isObject(res) || typeof res.status !== 'number')) {
    throw new Error(`${where}: response must be null or have a numeric status`);
  }
  const cors = obj.cors;
  const judged = isObject(cors) && typeof cors.verdict === 'string';
  const err = obj.error;
  const record: ExchangeRecord = {
    id: typeof obj.id === 'string' || typeof obj.id === 'number' ? String(obj.id) : '',
    type: obj.type === 'preflight' ? 'preflight' : 'request',
    pairId: typeof obj.pairId === 'string' ? obj.pairId : null,
    startedAt: typeof obj.startedAt === 'string' ? obj.startedAt : new Date(0).toISOString(),
    durationMs: typeof obj.durationMs === 'number' ? obj.durationMs : 0,
    request: {
      method: req.method,
      url: req.url,
      httpVersion: typeof req.httpVersion === 'string' ? req.httpVersion : undefined,
      headers: headersFromObject(req.headers, `${where}: request`),
      body: bodyOf(req.body),
    },
    response: isObject(res)
      ? {
          status: res.status as number,
          statusText: typeof res.statusText === 'string' ? res.statusText : undefined,
          httpVersion: typeof res.httpVersion === 'string' ? res.httpVersion : undefined,
          headers: headersFromObject(res.headers, `${where}: response`),
          body: bodyOf(res.body),
          informational: informationalOf(res.informational, where),
          trailers: res.trailers === undefined || res.trailers === null ? undefined : headersFromObject(res.trailers, `${where}: response.trailers`),
        }
      : null,
    error: isObject(err) ? { code: String(err.code ?? 'ERROR'), message: String(err.message ?? '') } : null,
    notices: noticesOf(obj.notices),
    cors: judged
      ? {
          verdict: (cors as Record<string, unknown>).verdict as ExchangeRecord['cors']['verdict'],
          corsError: ((cors as Record<string, unknown>).corsError ?? null) as ExchangeRecord['cors']['corsError'],
          failedParameter: String((cors as Record<string, unknown>).failedParameter ?? ''),
          message: String((cors as Record<string, unknown>).message ?? ''),
          explanation: String((cors as Record<string, unknown>).explanation ?? ''),
          fix: Array.isArray((cors as Record<string, unknown>).fix) ? ((cors as Record<string, unknown>).fix as ExchangeRecord['cors']['fix']) : [],
          header: typeof (cors as Record<string, unknown>).header === 'string' ? ((cors as Record<string, unknown>).header as string) : undefined,
          warnings: Array.isArray((cors as Record<string, unknown>).warnings) ? ((cors as Record<string, unknown>).warnings as string[]) : [],
          evidence: stringList((cors as Record<string, unknown>).evidence),
          hints: stringList((cors as Record<string, unknown>).hints),
          firefoxReason: typeof (cors as Record<string, unknown>).firefoxReason === 'string' ? ((cors as Record<string, unknown>).firefoxReason as string) : undefined,
        }
      : { verdict: 'not-cors', corsError: null, failedParameter: '', message: '', explanation: '', fix: [], warnings: [] },
    preflightCached: obj.preflightCached === true ? true : undefined,
    timings: isObject(obj.timings) ? (obj.timings as ExchangeRecord['timings']) : undefined,
  };
  if (isObject(obj.initiator) && typeof obj.initiator.url === 'string') record.initiator = obj.initiator as unknown as ExchangeRecord['initiator'];
  if (isObject(obj.browser)) record.browser = obj.browser as unknown as ExchangeRecord['browser'];
  if (isObject(obj.engine)) record.engine = obj.engine as unknown as ExchangeRecord['engine'];
  if (isObject(obj.taintedCanvas)) record.taintedCanvas = obj.taintedCanvas as unknown as ExchangeRecord['taintedCanvas'];
  return { record, judged };
}

/**
 * One line of a JSON Lines file, as a record (judged when the line carries a
 * judgement); null for a blank line. Throws "line N: …" for a line that is not one.
 */
export function readJsonLine(text: string, lineNumber: number): { record: ExchangeRecord; judged: boolean } | null {
  const line = text.trim();
  if (!line) return null;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    throw new Error(`line ${lineNumber}: not valid JSON`);
  }
  const read = recordFromLine(obj, `line ${lineNumber}`);
  if (!read.record.id) read.record.id = `line${lineNumber}`;
  return read;
}

/**
 * Reads JSON Lines. Blank lines are skipped; the last line of each id wins.
 * Lines without a judgement (written by hand or another tool) are judged and paired here.
 */
export function parseJsonLines(text: string): ExchangeRecord[] {
  const byId = new Map<string, ExchangeRecord>();
  const order: ExchangeRecord[] = [];
  let allJudged = true;
  let n = 0;
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const read = readJsonLine(raw, i + 1);
    if (!read) continue;
    const { record, judged } = read;
    allJudged &&= judged;
    const previous = byId.get(record.id);
    if (previous) order[order.indexOf(previous)] = record;
    else order.push(record);
    byId.set(record.id, record);
    n++;
  }
  if (n === 0) throw new Error('no JSON lines found');
  return allJudged ? order : rejudge(order);
}
