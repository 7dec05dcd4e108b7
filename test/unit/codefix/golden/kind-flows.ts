// The seven broken kinds of the fix verification (test/fixes/harness/kinds.ts) as the
// flows a browser records against a server that cannot run here (Spring Boot, ASP.NET
// Core, Laravel, Rails): the same calls, from the same origins, with the answers such a
// misconfigured server gives. The golden-file tests plan their fixes from these.
import type { CorsFlow } from '../../../../src/core/cors/types';
import type { HeaderList } from '../../../../src/core/http/types';
import * as F from '../../cors/flows';

export const APP = 'http://localhost:5173';
export const OLD = 'http://localhost:3000';
const ITEMS = 'http://127.0.0.1:4000/api/items';
const ITEM = `${ITEMS}/1`;
const COOKIE: [string, string] = ['Cookie', 'sid=demo-session'];
const JSON_TYPE: [string, string] = ['Content-Type', 'application/json'];

const res = (status: number, headers: HeaderList = []) => F.response(status, headers);
const allow = (origin: string, extra: HeaderList = []): HeaderList => [['Access-Control-Allow-Origin', origin], ['Vary', 'Origin'], ...extra];

function get(origin: string, url = ITEMS, headers: HeaderList = [], answer = res(200)): CorsFlow {
  return F.simpleFlow(F.request('GET', headers, url, origin), answer);
}

function preflighted(method: string, origin: string, url: string, names: string[], preflight: HeaderList, status = 204, actual?: { headers: HeaderList; answer: HeaderList }): CorsFlow {
  const pf = { request: F.preflightRequest(method, names, url, origin), response: res(status, preflight) };
  const requests = actual ? [{ request: F.request(method, actual.headers, url, origin), response: res(200, actual.answer) }] : [];
  return { preflight: pf, requests, complete: true };
}

export const KIND_FLOWS: Record<string, () => CorsFlow[]> = {
  'no-cors': () => [
    get(APP),
    preflighted('PUT', APP, ITEM, ['content-type'], [], 200),
  ],
  'wrong-origin': () => [
    get(OLD, ITEMS, [], res(200, allow(OLD))),
    preflighted('PUT', OLD, ITEM, ['content-type'], allow(OLD, [['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Content-Type']]), 204, { headers: [JSON_TYPE], answer: allow(OLD) }),
    get(APP, ITEMS, [], res(200, allow(OLD))),
    preflighted('PUT', APP, ITEM, ['content-type'], allow(OLD, [['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Content-Type']])),
  ],
  'missing-method': () => [
    get(APP, ITEMS, [], res(200, allow(APP))),
    preflighted('POST', APP, ITEMS, ['content-type'], allow(APP, [['Access-Control-Allow-Methods', 'GET, POST'], ['Access-Control-Allow-Headers', 'Content-Type']]), 204, { headers: [JSON_TYPE], answer: allow(APP) }),
    preflighted('DELETE', APP, ITEM, [], allow(APP, [['Access-Control-Allow-Methods', 'GET, POST']])),
  ],
  'missing-header': () => [
    preflighted('PUT', APP, ITEM, ['content-type'], allow(APP, [['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Content-Type']]), 204, { headers: [JSON_TYPE], answer: allow(APP) }),
    preflighted('GET', APP, ITEMS, ['x-request-id'], allow(APP, [['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Content-Type']])),
  ],
  'wildcard-credentials': () => [
    get(APP, ITEMS, [], res(200, [['Access-Control-Allow-Origin', '*']])),
    get(APP, `${ITEMS.replace('/items', '/me')}`, [COOKIE], res(200, [['Access-Control-Allow-Origin', '*']])),
    preflighted('PUT', APP, ITEM, ['content-type'], [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE'], ['Access-Control-Allow-Headers', 'Content-Type']]),
  ],
  'extend-existing': () => {
    const cred: HeaderList = [['Access-Control-Allow-Credentials', 'true']];
    const pf = allow(OLD, [...cred, ['Access-Control-Allow-Methods', 'GET, POST, PUT'], ['Access-Control-Allow-Headers', 'Content-Type'], ['Access-Control-Max-Age', '600']]);
    return [
      get(OLD, ITEMS, [COOKIE], res(200, allow(OLD, cred))),
      preflighted('PUT', OLD, ITEM, ['content-type'], pf, 204, { headers: [JSON_TYPE, COOKIE], answer: allow(OLD, cred) }),
      get(APP, ITEMS, [COOKIE], res(200)),
      preflighted('DELETE', APP, ITEM, ['authorization'], [], 204),
    ];
  },
  'wrong-order': () => [
    get(APP, ITEMS, [COOKIE], res(200, allow(APP, [['Access-Control-Allow-Credentials', 'true']]))),
    preflighted('PUT', APP, ITEM, ['content-type'], [], 401),
  ],
};
