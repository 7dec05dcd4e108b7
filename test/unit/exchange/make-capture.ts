// Builds CapturedExchanges the way the proxy hands them over, for recorder tests.
import type { CapturedExchange } from '../../../src/core/exchange/capture';
import type { HeaderList } from '../../../src/core/http/types';

export interface CaptureSpec {
  method?: string;
  url: string;
  headers?: HeaderList;
  status?: number | null;
  responseHeaders?: HeaderList;
  at: number;
  durationMs?: number;
  requestBody?: string | Buffer;
  responseBody?: string;
}

let seq = 0;

function body(data: string | Buffer | undefined) {
  const bytes = data === undefined ? Buffer.alloc(0) : Buffer.isBuffer(data) ? data : Buffer.from(data);
  return { size: bytes.length, preview: bytes, truncated: false };
}

export function capture(spec: CaptureSpec): CapturedExchange {
  const status = spec.status === undefined ? 200 : spec.status;
  return {
    seq: ++seq,
    startedAt: spec.at,
    waitMs: status === null ? undefined : Math.min(3, spec.durationMs ?? 5),
    durationMs: spec.durationMs ?? 5,
    request: { method: spec.method ?? 'GET', url: spec.url, headers: spec.headers ?? [], httpVersion: '1.1' },
    requestBody: body(spec.requestBody),
    response: status === null ? null : { status, statusText: 'OK', headers: spec.responseHeaders ?? [], httpVersion: '1.1' },
    responseBody: status === null ? null : body(spec.responseBody),
    error: status === null ? { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } : null,
    via: 'reverse',
  };
}

export const APP = 'http://app.test:5173';
export const API = 'http://api.test:4000';

/** A preflight for `method` from APP to `path`, answered with `allow` headers. */
export function preflight(path: string, method: string, at: number, allow: HeaderList, requestHeaders: HeaderList = []): CapturedExchange {
  return capture({
    method: 'OPTIONS',
    url: API + path,
    headers: [['Origin', APP], ['Access-Control-Request-Method', method], ...requestHeaders],
    status: 204,
    responseHeaders: allow,
    at,
  });
}
