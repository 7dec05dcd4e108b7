// HAR 1.2 in and out. Export writes our records (with the verdict in `_cors`)
// so any HAR viewer can open them; import reads what Chrome or Firefox DevTools
// saved and judges it again, so "why did this fail?" works on a colleague's HAR.
import type { HeaderList } from '../http/types';
import { headerValue, isPrintableText, unjudged } from './records';
import { rejudge } from './rejudge';
import type { BodyCapture, ExchangeNotice, ExchangeRecord, InterimResponse } from './types';

export interface HarExportOptions {
  /** Hide Authorization, Proxy-Authorization, Cookie and Set-Cookie values. Default true. */
  maskSensitive?: boolean;
  creatorVersion?: string;
}

const MASK = '<masked>';
const SENSITIVE_REQUEST = new Set(['authorization', 'proxy-authorization', 'cookie']);
const SENSITIVE_RESPONSE = new Set(['set-cookie']);

// --- export ---

function maskValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (lower === 'authorization' || lower === 'proxy-authorization') {
    // Keep the scheme: "Bearer" vs "Basic" often matters when reading a HAR.
    const space = value.indexOf(' ');
    return space > 0 ? `${value.slice(0, space)} ${MASK}` : MASK;
  }
  if (lower === 'cookie') {
    return value
      .split(';')
      .map((part) => {
        const eq = part.indexOf('=');
        return eq >= 0 ? `${part.slice(0, eq).trim()}=${MASK}` : part.trim();
      })
      .join('; ');
  }
  // Set-Cookie: keep the name and the attributes (SameSite, Secure... explain cookie trouble), hide the value.
  const [first, ...attributes] = value.split(';');
  const eq = first.indexOf('=');
  return [eq >= 0 ? `${first.slice(0, eq).trim()}=${MASK}` : MASK, ...attributes.map((a) => a.trim())].join('; ');
}

function harHeaders(headers: HeaderList, sensitive: Set<string>, mask: boolean): Array<{ name: string; value: string }> {
  return headers.map(([name, value]) => ({
    name,
    value: mask && sensitive.has(name.toLowerCase()) ? maskValue(name, value) : value,
  }));
}

function harVersion(v: string | undefined): string {
  if (!v) return 'HTTP/1.1';
  return /^(http\/|h\d)/i.test(v) ? v : `HTTP/${v}`;
}

function requestCookies(headers: HeaderList, mask: boolean): Array<{ name: string; value: string }> {
  const out: Array<{ name: string; value: string }> = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'cookie') continue;
    for (const part of value.split(';')) {
      const eq = part.indexOf('=');
      if (eq < 0) continue;
      out.push({ name: part.slice(0, eq).trim(), value: mask ? MASK : part.slice(eq + 1).trim() });
    }
  }
  return out;
}

function responseCookies(headers: HeaderList, mask: boolean): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const [first, ...attrs] = value.split(';');
    const eq = first.indexOf('=');
    if (eq < 0) continue;
    const cookie: Record<string, unknown> = { name: first.slice(0, eq).trim(), value: mask ? MASK : first.slice(eq + 1).trim() };
    for (const attr of attrs) {
      const [k, ...rest] = attr.trim().split('=');
      const key = k.toLowerCase();
      const v = rest.join('=');
      if (key === 'path') cookie.path = v;
      else if (key === 'domain') cookie.domain = v;
      else if (key === 'expires') cookie.expires = v;
      else if (key === 'httponly') cookie.httpOnly = true;
      else if (key === 'secure') cookie.secure = true;
      else if (key === 'samesite') cookie.sameSite = v;
    }
    out.push(cookie);
  }
  return out;
}

function bodyText(body: BodyCapture | undefined): { text?: string; encoding?: string } {
  if (!body?.preview) return {};
  const bytes = Buffer.from(body.preview, 'base64');
  return isPrintableText(bytes) ? { text: bytes.toString('utf8') } : { text: body.preview, encoding: 'base64' };
}

function queryString(url: string): Array<{ name: string; value: string }> {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

export function harEntry(record: ExchangeRecord, mask: boolean): Record<string, unknown> {
  const req = record.request;
  const res = record.response;
  const requestMime = headerValue(req.headers, 'content-type') ?? 'application/octet-stream';
  const requestBody = bodyText(req.body);
  const wait = record.timings?.waitMs ?? record.durationMs;
  return {
    startedDateTime: record.startedAt,
    time: record.durationMs,
    request: {
      method: req.method,
      url: req.url,
      httpVersion: harVersion(req.httpVersion),
      headers: harHeaders(req.headers, SENSITIVE_REQUEST, mask),
      queryString: queryString(req.url),
      cookies: requestCookies(req.headers, mask),
      headersSize: -1,
      bodySize: req.body?.size ?? 0,
      ...(req.body && req.body.size > 0
        ? { postData: { mimeType: requestMime, text: requestBody.text ?? '', ...(requestBody.encoding ? { _encoding: requestBody.encoding } : {}) } }
        : {}),
    },
    response: res
      ? {
          status: res.status,
          statusText: res.statusText ?? '',
          httpVersion: harVersion(res.httpVersion),
          headers: harHeaders(res.headers, SENSITIVE_RESPONSE, mask),
          cookies: responseCookies(res.headers, mask),
          content: {
            size: res.body?.size ?? 0,
            mimeType: headerValue(res.headers, 'content-type') ?? 'x-unknown',
            ...bodyText(res.body),
          },
          redirectURL: headerValue(res.headers, 'location') ?? '',
          headersSize: -1,
          bodySize: res.body?.size ?? 0,
          // HAR 1.2 has no field for these: custom (underscore) fields, as the format allows.
          ...(res.informational ? { _informational: res.informational.map((i) => ({ status: i.status, headers: harHeaders(i.headers, SENSITIVE_RESPONSE, mask) })) } : {}),
          ...(res.trailers ? { _trailers: harHeaders(res.trailers, SENSITIVE_RESPONSE, mask) } : {}),
        }
      : {
          // HAR has no "no response": status 0 with the failure in _error, as Chrome does.
          status: 0,
          statusText: '',
          httpVersion: harVersion(req.httpVersion),
          headers: [],
          cookies: [],
          content: { size: 0, mimeType: 'x-unknown' },
          redirectURL: '',
          headersSize: -1,
          bodySize: -1,
        },
    cache: {},
    timings: {
      blocked: -1,
      dns: -1,
      connect: -1,
      ssl: -1,
      send: 0,
      wait,
      receive: record.timings?.receiveMs ?? Math.max(0, record.durationMs - wait),
    },
    _id: record.id,
    _type: record.type,
    _pairId: record.pairId,
    _cors: record.cors,
    ...(record.type === 'preflight' ? { _resourceType: 'preflight' } : {}),
    ...(record.preflightCached ? { _preflightCached: true } : {}),
    ...(record.initiator ? { _initiatorLocation: record.initiator } : {}),
    ...(record.browser ? { _browser: record.browser, _engine: record.engine } : {}),
    ...(record.error ? { _error: record.error.message, _errorCode: record.error.code } : {}),
    ...(record.notices ? { _notices: record.notices } : {}),
  };
}

export function toHar(records: ExchangeRecord[], options: HarExportOptions = {}): object {
  const mask = options.maskSensitive !== false;
  return {
    log: {
      version: '1.2',
      creator: { name: 'CORS Inspector', version: options.creatorVersion ?? '0.1.0' },
      pages: [],
      entries: records.map((r) => harEntry(r, mask)),
    },
  };
}

// --- import ---

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function readHeaders(v: unknown): HeaderList {
  if (!Array.isArray(v)) return [];
  const out: Array<[string, string]> = [];
  for (const h of v) {
    if (!isObj(h) || typeof h.name !== 'string') continue;
    // HTTP/2 pseudo-headers (:authority, :method...) are not headers the CORS checks look at.
    if (h.name.startsWith(':')) continue;
    out.push([h.name, h.value === undefined || h.value === null ? '' : String(h.value)]);
  }
  return out;
}

function readVersion(v: unknown): string | undefined {
  if (typeof v !== 'string' || !v) return undefined;
  return v.replace(/^HTTP\//i, '');
}

function readBody(size: unknown, text: unknown, encoding: unknown): BodyCapture | undefined {
  const hasText = typeof text === 'string' && text.length > 0;
  const bytes = hasText ? Buffer.from(text as string, encoding === 'base64' ? 'base64' : 'utf8') : Buffer.alloc(0);
  const total = typeof size === 'number' && size > 0 ? size : bytes.length;
  if (total === 0) return undefined;
  return { size: total, preview: bytes.length ? bytes.toString('base64') : undefined, truncated: bytes.length < total };
}

/** Our own _informational: interim responses with a numeric status (others are left out). */
function readInformational(v: unknown): InterimResponse[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: InterimResponse[] = [];
  for (const i of v) if (isObj(i) && typeof i.status === 'number') out.push({ status: i.status, headers: readHeaders(i.headers) });
  return out.length > 0 ? out : undefined;
}

/** Our own _notices: {code, message} entries (others are left out). */
function readNotices(v: unknown): ExchangeNotice[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: ExchangeNotice[] = [];
  for (const n of v) if (isObj(n) && typeof n.code === 'string') out.push({ code: n.code, message: typeof n.message === 'string' ? n.message : '' });
  return out.length > 0 ? out : undefined;
}

function entryToRecord(entry: unknown, index: number): ExchangeRecord | null {
  const where = `HAR entry ${index}`;
  if (!isObj(entry)) throw new Error(`${where} is not an object`);
  const req = entry.request;
  if (!isObj(req) || typeof req.method !== 'string' || typeof req.url !== 'string') {
    throw new Error(`${where} has no request.method/request.url`);
  }
  // data:, blob:, chrome-extension:, ws: ... never involve the CORS checks we judge.
  if (!/^https?:/i.test(req.url)) return null;

  const res = isObj(entry.response) ? entry.response : null;
  const status = res && typeof res.status === 'number' ? res.status : 0;
  const resHeaders = res ? readHeaders(res.headers) : [];
  // Chrome keeps the network error in response._error, Playwright in response._failureText;
  // other tools put it on the entry.
  const rawError =
    res && typeof res._error === 'string' && res._error
      ? res._error
      : res && typeof res._failureText === 'string' && res._failureText
        ? res._failureText
        : entry._error;
  const errorText = typeof rawError === 'string' && rawError ? rawError : null;
  // Status 0 (-1 from Playwright) with no headers: the browser got no response, or hid it.
  const noResponse = !res || (status <= 0 && resHeaders.length === 0);
  const started = typeof entry.startedDateTime === 'string' && Number.isFinite(Date.parse(entry.startedDateTime))
    ? new Date(Date.parse(entry.startedDateTime)).toISOString()
    : new Date(0).toISOString();
  const timings = isObj(entry.timings) ? entry.timings : {};
  const waitMs = typeof timings.wait === 'number' && timings.wait >= 0 ? timings.wait : undefined;
  const receiveMs = typeof timings.receive === 'number' && timings.receive >= 0 ? timings.receive : undefined;
  const postData = isObj(req.postData) ? req.postData : null;
  const content = res && isObj(res.content) ? res.content : null;

  const record: ExchangeRecord = {
    id: typeof entry._id === 'string' ? entry._id : String(index + 1),
    type: req.method.toUpperCase() === 'OPTIONS' && entry._resourceType === 'preflight' ? 'preflight' : 'request',
    pairId: null,
    startedAt: started,
    durationMs: typeof entry.time === 'number' && entry.time >= 0 ? entry.time : 0,
    request: {
      method: req.method,
      url: req.url,
      httpVersion: readVersion(req.httpVersion),
      headers: readHeaders(req.headers),
      body: postData ? readBody(req.bodySize, postData.text, postData._encoding ?? postData.encoding) : undefined,
    },
    response: noResponse
      ? null
      : {
          status,
          statusText: typeof res!.statusText === 'string' ? res!.statusText : undefined,
          httpVersion: readVersion(res!.httpVersion),
          headers: resHeaders,
          body: content ? readBody(content.size, content.text, content.encoding) : undefined,
          informational: readInformational(res!._informational),
          trailers: Array.isArray(res!._trailers) ? readHeaders(res!._trailers) : undefined,
        },
    error: noResponse
      ? {
          code: typeof entry._errorCode === 'string' ? entry._errorCode : errorText ?? 'NO_RESPONSE',
          message: errorText ?? 'the HAR entry has no response',
        }
      : null,
    notices: readNotices(entry._notices),
    cors: unjudged(),
    preflightCached: entry._preflightCached === true ? true : undefined,
    timings: waitMs !== undefined || receiveMs !== undefined ? { waitMs, receiveMs } : undefined,
  };
  return record;
}

/**
 * Reads a HAR (object or JSON text) saved by Chrome, Firefox or us, and judges and pairs
 * every http(s) entry again. Throws an Error saying what is wrong when it is not a HAR.
 */
export function fromHar(har: unknown): ExchangeRecord[] {
  if (typeof har === 'string') {
    try {
      har = JSON.parse(har);
    } catch {
      throw new Error('not a HAR file: the text is not valid JSON');
    }
  }
  if (!isObj(har) || !isObj(har.log)) throw new Error('not a HAR file: expected a JSON object with a "log" property');
  const entries = har.log.entries;
  if (!Array.isArray(entries)) throw new Error('not a HAR file: "log.entries" is missing or not an array');
  const records: ExchangeRecord[] = [];
  entries.forEach((e, i) => {
    const r = entryToRecord(e, i);
    if (r) records.push(r);
  });
  return rejudge(records);
}
