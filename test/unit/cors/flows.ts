// Builders for CORS flows as they appear on the wire, used by the engine's unit tests.
import type { HeaderList, WireExchange, WireRequest, WireResponse } from '../../../src/core/http/types';
import type { CorsFlow, FlowJudgement } from '../../../src/core/cors/types';
import { applyToResponse } from '../../../src/core/cors/fix';

export const PAGE = 'http://localhost:3000';
export const API = 'http://127.0.0.1:4000/api/items';

/** Headers Chromium adds to every cross-origin fetch, so tests see realistic noise. */
const BROWSER_HEADERS: HeaderList = [
  ['Host', '127.0.0.1:4000'],
  ['Connection', 'keep-alive'],
  ['sec-ch-ua-platform', '"Linux"'],
  ['User-Agent', 'Mozilla/5.0 HeadlessChrome/156.0.0.0'],
  ['Accept', '*/*'],
  ['Sec-Fetch-Site', 'cross-site'],
  ['Sec-Fetch-Mode', 'cors'],
  ['Sec-Fetch-Dest', 'empty'],
  ['Referer', PAGE + '/'],
  ['Accept-Encoding', 'gzip, deflate, br, zstd'],
  ['Accept-Language', 'en-US,en;q=0.9'],
];

export function request(method: string, headers: HeaderList = [], url = API, origin = PAGE): WireRequest {
  return { method, url, headers: [...BROWSER_HEADERS, ['Origin', origin], ...headers] };
}

export function response(status: number, headers: HeaderList = []): WireResponse {
  return { status, headers: [['Content-Type', 'application/json'], ...headers] };
}

export function exchange(req: WireRequest, res: WireResponse | null): WireExchange {
  return { request: req, response: res };
}

/** The preflight Chromium sends for `method` with the given unsafe header names. */
export function preflightRequest(method: string, headerNames: string[] = [], url = API, origin = PAGE): WireRequest {
  const headers: Array<[string, string]> = [['Access-Control-Request-Method', method]];
  if (headerNames.length) headers.push(['Access-Control-Request-Headers', [...headerNames].sort().join(',')]);
  return {
    method: 'OPTIONS',
    url,
    headers: [['Host', '127.0.0.1:4000'], ['Accept', '*/*'], ...headers, ['Origin', origin], ['Sec-Fetch-Mode', 'cors']],
  };
}

export const ALLOW_ALL_PREFLIGHT = (method: string, headerNames: string[] = []): HeaderList => {
  const h: Array<[string, string]> = [['Access-Control-Allow-Origin', PAGE], ['Access-Control-Allow-Methods', method]];
  if (headerNames.length) h.push(['Access-Control-Allow-Headers', headerNames.join(', ')]);
  return h;
};

export function simpleFlow(req: WireRequest, res: WireResponse | null): CorsFlow {
  return { preflight: null, requests: [exchange(req, res)], complete: true };
}

export function preflightedFlow(
  method: string,
  headerNames: string[],
  preflightResponse: WireResponse,
  actual?: { req?: WireRequest; res: WireResponse },
): CorsFlow {
  const pf = exchange(preflightRequest(method, headerNames), preflightResponse);
  if (!actual) return { preflight: pf, requests: [], complete: true };
  const req = actual.req ?? request(method, headerNames.map((h) => [h, 'x'] as [string, string]));
  return { preflight: pf, requests: [exchange(req, actual.res)], complete: true };
}

/**
 * Applies the decisive judgement's fix to the flow, as the server would after the
 * change. If the preflight was fixed and the actual request had not been sent, the
 * browser would now send it: `thenActual` supplies that request and its answer.
 */
export function applyFix(flow: CorsFlow, judged: FlowJudgement, thenActual?: { req: WireRequest; res: WireResponse }): CorsFlow {
  const fix = judged.decisive.fix;
  const onPreflight = fix.filter((c) => c.on === 'preflight');
  const onResponse = fix.filter((c) => c.on === 'response');
  const preflight = flow.preflight && flow.preflight.response
    ? { ...flow.preflight, response: applyToResponse(flow.preflight.response, onPreflight) }
    : flow.preflight;
  const failedAt = judged.requests.findIndex((j) => j.verdict === 'fail' || j.verdict === 'warn');
  let requests = flow.requests.map((ex, i) =>
    i === failedAt && ex.response ? { ...ex, response: applyToResponse(ex.response, onResponse) } : ex,
  );
  if (requests.length === 0 && thenActual) requests = [exchange(thenActual.req, thenActual.res)];
  return { ...flow, preflight, requests };
}
