// The conformance scenario table, generated deterministically from small lists of
// request shapes and response-header variants. No expected outcomes live here:
// Chromium decides, and the engine must agree with it.
//
// Header values may use the scenario server's placeholders: ${A} (the page's
// origin), ${A_UPPER}, ${A_HOST_UPPER}, ${A_OTHER_PORT}, ${A_HTTPS}, ${A_IP}, ${C}, ${API},
// ${C_HOST}, ${SELF_HOST}, ${PATH} (this scenario's path), and the echoes
// ${ORIGIN}, ${ACRM}, ${ACRH}, ${ACRH_UPPER}, ${ACRH_SPACED} of the request's headers.
import type { HeaderList } from '../../src/core/http/types';
import type { ResponseSpec, Scenario, ScenarioRequest } from '../support/scenario-server';

type Credentials = ScenarioRequest['credentials'];
interface Variant {
  key: string;
  lines: HeaderList;
}

const ACAO = 'Access-Control-Allow-Origin';
const ACAC = 'Access-Control-Allow-Credentials';
const ACAM = 'Access-Control-Allow-Methods';
const ACAH = 'Access-Control-Allow-Headers';

const one = (key: string, name: string, value: string): Variant => ({ key, lines: [[name, value]] });

/** Allow-Origin spellings: right, wrong, and malformed. */
const ALLOW_ORIGIN_VARIANTS: Variant[] = [
  { key: 'missing', lines: [] },
  one('star', ACAO, '*'),
  one('exact', ACAO, '${A}'),
  one('mismatch', ACAO, 'http://other.example'),
  one('trailing-slash', ACAO, '${A}/'),
  one('host-upper', ACAO, '${A_HOST_UPPER}'),
  one('all-upper', ACAO, '${A_UPPER}'),
  one('other-port', ACAO, '${A_OTHER_PORT}'),
  one('https', ACAO, '${A_HTTPS}'),
  one('ip', ACAO, '${A_IP}'),
  one('null', ACAO, 'null'),
  { key: 'two-lines-same', lines: [[ACAO, '${A}'], [ACAO, '${A}']] },
  { key: 'two-lines-star', lines: [[ACAO, '${A}'], [ACAO, '*']] },
  one('comma-list', ACAO, '${A}, http://other.example'),
  one('comma-same', ACAO, '${A},${A}'),
  one('trailing-comma', ACAO, '${A},'),
  one('padded', ACAO, '   ${A}\t '),
  one('invalid', ACAO, 'foo'),
  one('empty', ACAO, ''),
  one('quoted-star', ACAO, '"*"'),
  one('name-lower', 'access-control-allow-origin', '${A}'),
  one('name-upper', 'ACCESS-CONTROL-ALLOW-ORIGIN', '${A}'),
  { key: 'empty-then-exact', lines: [[ACAO, ''], [ACAO, '${A}']] },
  // Written as latin1 bytes on the wire (0xE9), recorded as the character a latin1 decoder yields.
  one('non-ascii', ACAO, '${A}\u00e9'),
];

/** Allow-Credentials spellings. */
const ALLOW_CREDENTIALS_VARIANTS: Variant[] = [
  { key: 'missing', lines: [] },
  one('true', ACAC, 'true'),
  one('TRUE', ACAC, 'TRUE'),
  one('false', ACAC, 'false'),
  one('padded', ACAC, ' true'),
  one('empty', ACAC, ''),
  { key: 'two-lines', lines: [[ACAC, 'true'], [ACAC, 'true']] },
  one('list', ACAC, 'true, true'),
  { key: 'true-then-false', lines: [[ACAC, 'true'], [ACAC, 'false']] },
];

const CREDENTIALS: Credentials[] = ['omit', 'same-origin', 'include'];

const ok = (lines: HeaderList): ResponseSpec => ({ status: 200, headers: lines });
/** An actual response that passes any CORS check for a non-opaque page origin. */
const ALLOWING_RESPONSE: ResponseSpec = ok([[ACAO, '${A}'], [ACAC, 'true']]);
const cat = (...variants: Variant[]): HeaderList => variants.flatMap((v) => v.lines);

class Table {
  readonly scenarios: Scenario[] = [];
  private readonly counters = new Map<string, number>();

  add(group: string, description: string, rest: Omit<Scenario, 'id' | 'group' | 'description'>): void {
    const n = (this.counters.get(group) ?? 0) + 1;
    this.counters.set(group, n);
    this.scenarios.push({ id: `${group}-${String(n).padStart(3, '0')}`, group, description, ...rest });
  }
}

/** Simple GETs: every Allow-Origin spelling against credentials modes and Allow-Credentials spellings. */
function simpleAllowOrigin(t: Table): void {
  for (const creds of CREDENTIALS) {
    const acacSet = creds === 'include' ? ALLOW_CREDENTIALS_VARIANTS : ALLOW_CREDENTIALS_VARIANTS.slice(0, 2);
    for (const acao of ALLOW_ORIGIN_VARIANTS) {
      for (const acac of acacSet) {
        t.add('simple-acao', `GET credentials=${creds}; response ACAO ${acao.key}, ACAC ${acac.key}`, {
          request: { method: 'GET', headers: [], credentials: creds },
          response: ok(cat(acao, acac)),
        });
      }
    }
  }
}

/** Safelisted methods and Content-Types (and one that is not), with or without credentials. */
function simpleMethods(t: Table): void {
  const shapes: Array<{ key: string; method: string; headers: HeaderList; body?: string }> = [
    { key: 'GET', method: 'GET', headers: [] },
    { key: 'HEAD', method: 'HEAD', headers: [] },
    { key: 'POST text/plain', method: 'POST', headers: [['Content-Type', 'text/plain']], body: 'hello' },
    { key: 'POST text/plain;charset=utf-8', method: 'POST', headers: [['Content-Type', 'text/plain;charset=utf-8']], body: 'hello' },
    { key: 'POST form', method: 'POST', headers: [['Content-Type', 'application/x-www-form-urlencoded']], body: 'a=1' },
    { key: 'POST multipart', method: 'POST', headers: [['Content-Type', 'multipart/form-data; boundary=xyz']], body: '--xyz--' },
    { key: 'POST json', method: 'POST', headers: [['Content-Type', 'application/json']], body: '{}' },
    { key: 'POST text/csv', method: 'POST', headers: [['Content-Type', 'text/csv']], body: 'a,b' },
    { key: 'GET Accept-Language', method: 'GET', headers: [['Accept-Language', 'fr-CH, fr;q=0.9']] },
    { key: 'GET Content-Language', method: 'GET', headers: [['Content-Language', 'de-DE']] },
    // A '"' is a CORS-unsafe request-header byte, so these need a preflight despite safelisted names.
    { key: 'POST text/plain quoted charset', method: 'POST', headers: [['Content-Type', 'text/plain; charset="utf-8"']], body: 'q' },
    { key: 'GET Accept with quote', method: 'GET', headers: [['Accept', 'text/"x"']] },
    { key: 'GET Accept-Language long', method: 'GET', headers: [['Accept-Language', 'en-US,' + 'de-DE;q=0.5,'.repeat(12) + 'fr']] },
    { key: 'POST text/plain over 128 bytes', method: 'POST', headers: [['Content-Type', 'text/plain; charset=utf-8; x=' + 'a'.repeat(110)]], body: 'l' },
    { key: 'GET mixed-case custom header name', method: 'GET', headers: [['x-CUSTOM-Name', 'v']] },
  ];
  const acaos = ALLOW_ORIGIN_VARIANTS.filter((v) => ['exact', 'star', 'missing'].includes(v.key));
  for (const shape of shapes) {
    for (const acao of acaos) {
      for (const creds of ['omit', 'include'] as Credentials[]) {
        t.add('simple-method', `${shape.key} credentials=${creds}; ACAO ${acao.key} (preflight, if any, allows all)`, {
          request: { method: shape.method, headers: shape.headers, credentials: creds, body: shape.body },
          response: ok([...acao.lines, [ACAC, 'true']]),
        });
      }
    }
  }
}

/** Preflights answered with each status, redirects included. */
function preflightStatus(t: Table): void {
  const statuses = [200, 204, 299, 301, 302, 307, 400, 401, 403, 404, 405, 500];
  const requests: Array<{ key: string; req: ScenarioRequest }> = [
    { key: 'PUT omit', req: { method: 'PUT', headers: [], credentials: 'omit' } },
    { key: 'DELETE X-Custom include', req: { method: 'DELETE', headers: [['X-Custom', '1']], credentials: 'include' } },
    { key: 'GET Authorization', req: { method: 'GET', headers: [['Authorization', 'Bearer abc']], credentials: 'omit' } },
    { key: 'PROPFIND', req: { method: 'PROPFIND', headers: [], credentials: 'same-origin' } },
  ];
  for (const { key, req } of requests) {
    for (const status of statuses) {
      const headers: Array<[string, string]> = [
        [ACAO, '${ORIGIN}'],
        [ACAC, 'true'],
        [ACAM, '${ACRM}'],
        [ACAH, '${ACRH}'],
      ];
      if (status >= 300 && status < 400) headers.unshift(['Location', '${PATH}/r']);
      t.add('preflight-status', `${key}; preflight status ${status}, otherwise allowing`, {
        request: req,
        preflight: { status, headers },
        response: ALLOWING_RESPONSE,
        redirectHop: { response: ALLOWING_RESPONSE },
      });
    }
  }
}

/** Allow-Origin / Allow-Credentials on the preflight response. */
function preflightAllowOrigin(t: Table): void {
  for (const creds of ['omit', 'include'] as Credentials[]) {
    const acacSet = creds === 'include' ? ALLOW_CREDENTIALS_VARIANTS.slice(0, 5) : ALLOW_CREDENTIALS_VARIANTS.slice(0, 1);
    for (const acao of ALLOW_ORIGIN_VARIANTS) {
      for (const acac of acacSet) {
        t.add('preflight-acao', `PUT X-Custom credentials=${creds}; preflight ACAO ${acao.key}, ACAC ${acac.key}`, {
          request: { method: 'PUT', headers: [['X-Custom', 'v']], credentials: creds, body: 'x' },
          preflight: { status: 204, headers: [...cat(acao, acac), [ACAM, 'PUT'], [ACAH, 'x-custom']] },
          response: ALLOWING_RESPONSE,
        });
      }
    }
  }
}

/** Allow-Methods spellings against non-safelisted methods (incl. lower-case 'patch', which fetch does not upper-case). */
function preflightAllowMethods(t: Table): void {
  const methods = ['PUT', 'DELETE', 'PATCH', 'patch', 'PROPFIND'];
  for (const method of methods) {
    const variants: Variant[] = [
      { key: 'missing', lines: [] },
      one('star', ACAM, '*'),
      one('exact', ACAM, method),
      one('lower', ACAM, method.toLowerCase()),
      one('upper', ACAM, method.toUpperCase()),
      one('other-methods', ACAM, 'GET, POST'),
      one('list', ACAM, `GET, ${method}, OPTIONS`),
      one('list-no-spaces', ACAM, `GET,${method},POST`),
      one('list-odd-spaces', ACAM, `GET ,  ${method} ,POST`),
      one('trailing-comma', ACAM, `${method},`),
      one('empty', ACAM, ''),
      one('invalid-token', ACAM, `${method};`),
      one('invalid-space', ACAM, `GE T, ${method}`),
      { key: 'two-lines', lines: [[ACAM, 'GET'], [ACAM, method]] },
      { key: 'line-then-empty', lines: [[ACAM, method], [ACAM, '']] },
      one('quoted', ACAM, `"${method}"`),
    ];
    for (const creds of ['omit', 'include'] as Credentials[]) {
      for (const acam of variants) {
        t.add('preflight-acam', `${method} credentials=${creds}; preflight ACAM ${acam.key}`, {
          request: { method, headers: [], credentials: creds },
          preflight: { status: 200, headers: [[ACAO, '${A}'], [ACAC, 'true'], ...acam.lines] },
          response: ALLOWING_RESPONSE,
        });
      }
    }
  }
}

/** Allow-Headers spellings against sets of request headers, safelisted and not. */
function preflightAllowHeaders(t: Table): void {
  const longAccept = 'text/html,' + 'application/x-very-long-media-type-name;q=0.9,'.repeat(4) + '*/*';
  const sets: Array<{ key: string; method: string; headers: HeaderList; names?: string[]; body?: string }> = [
    { key: 'X-Custom', method: 'GET', headers: [['X-Custom', '1']], names: ['x-custom'] },
    { key: 'Authorization', method: 'GET', headers: [['Authorization', 'Bearer t0ken']], names: ['authorization'] },
    { key: 'Content-Type json', method: 'POST', headers: [['Content-Type', 'application/json']], names: ['content-type'], body: '{}' },
    { key: 'X-A + X-B', method: 'GET', headers: [['X-A', '1'], ['X-B', '2']], names: ['x-a', 'x-b'] },
    { key: 'X-Custom + Authorization', method: 'GET', headers: [['X-Custom', '1'], ['Authorization', 'Basic dTpw']], names: ['authorization', 'x-custom'] },
    { key: 'long Accept', method: 'GET', headers: [['Accept', longAccept]], names: ['accept'] },
    { key: 'Range simple', method: 'GET', headers: [['Range', 'bytes=0-10']] },
    { key: 'Range multi', method: 'GET', headers: [['Range', 'bytes=0-10,20-30']] },
    { key: 'PUT text/plain;charset=utf-8', method: 'PUT', headers: [['Content-Type', 'text/plain;charset=utf-8']], body: 'x' },
    { key: 'X-Custom + Accept-Language', method: 'GET', headers: [['X-Custom', '1'], ['Accept-Language', 'en']], names: ['x-custom'] },
  ];
  for (const set of sets) {
    const variants: Variant[] = [
      { key: 'missing', lines: [] },
      one('star', ACAH, '*'),
      one('echo', ACAH, '${ACRH}'),
      one('echo-upper', ACAH, '${ACRH_UPPER}'),
      one('echo-odd-spaces', ACAH, '${ACRH_SPACED}'),
      one('extra-names', ACAH, 'x-other, ${ACRH}, x-more'),
      one('star-and-authorization', ACAH, '*, Authorization'),
      one('trailing-comma', ACAH, '${ACRH},'),
      one('empty', ACAH, ''),
      one('invalid-token', ACAH, 'x custom, ${ACRH}'),
      one('unrelated', ACAH, 'x-unrelated'),
    ];
    if (set.names && set.names.length > 1) {
      variants.push({ key: 'one-line-each', lines: set.names.map((n) => [ACAH, n] as [string, string]) });
    }
    for (const creds of ['omit', 'include'] as Credentials[]) {
      for (const acah of variants) {
        t.add('preflight-acah', `${set.key} credentials=${creds}; preflight ACAH ${acah.key}`, {
          request: { method: set.method, headers: set.headers, credentials: creds, body: set.body },
          preflight: { status: 204, headers: [[ACAO, '${A}'], [ACAC, 'true'], [ACAM, '${ACRM}'], ...acah.lines] },
          response: ALLOWING_RESPONSE,
        });
      }
    }
  }
}

/** Every method through an allowing preflight, then a range of actual-response Allow-Origin answers. */
function actualByMethod(t: Table): void {
  // 'get' and 'Delete' are upper-cased by fetch; OPTIONS as the actual method must not be taken for a preflight.
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'patch', 'PROPFIND', 'OPTIONS', 'get', 'Delete'];
  const acaos = ALLOW_ORIGIN_VARIANTS.filter((v) => ['exact', 'star', 'missing', 'mismatch'].includes(v.key));
  for (const method of methods) {
    for (const acao of acaos) {
      for (const creds of ['omit', 'include'] as Credentials[]) {
        const body = ['GET', 'HEAD'].includes(method.toUpperCase()) ? undefined : 'payload';
        t.add('actual-method', `${method} X-Custom credentials=${creds}; allowing preflight, response ACAO ${acao.key}`, {
          request: { method, headers: [['X-Custom', 'm']], credentials: creds, body },
          response: ok([...acao.lines, [ACAC, 'true']]),
        });
      }
    }
  }
}

/** Actual responses that redirect: same origin, to origin C, with userinfo in Location. */
function redirects(t: Table): void {
  const destinations = [
    { key: 'same-origin', location: '${PATH}/r' },
    { key: 'origin-C', location: '${C}${PATH}/r' },
    { key: 'userinfo-C', location: 'http://user:secret@${C_HOST}${PATH}/r' },
    { key: 'userinfo-same', location: 'http://user:secret@${SELF_HOST}${PATH}/r' },
  ];
  const hopAcaos = ALLOW_ORIGIN_VARIANTS.filter((v) => ['exact', 'star', 'null', 'missing'].includes(v.key));
  for (const status of [301, 302, 307]) {
    for (const dest of destinations) {
      for (const hop of hopAcaos) {
        for (const creds of ['omit', 'include'] as Credentials[]) {
          t.add('redirect', `GET credentials=${creds}; ${status} to ${dest.key}; hop ACAO ${hop.key}`, {
            request: { method: 'GET', headers: [], credentials: creds },
            response: { status, headers: [['Location', dest.location], [ACAO, '${A}'], [ACAC, 'true']] },
            redirectHop: { response: ok([...hop.lines, [ACAC, 'true']]) },
          });
        }
      }
    }
  }
  // POST redirects: 301/302/303 turn POST into GET, 307/308 keep it.
  for (const status of [301, 302, 303, 307, 308]) {
    for (const dest of destinations.slice(0, 2)) {
      for (const hop of hopAcaos.slice(0, 3)) {
        t.add('redirect', `POST text/plain credentials=omit; ${status} to ${dest.key}; hop ACAO ${hop.key}`, {
          request: { method: 'POST', headers: [['Content-Type', 'text/plain']], credentials: 'omit', body: 'data' },
          response: { status, headers: [['Location', dest.location], [ACAO, '${A}']] },
          redirectHop: { response: ok(hop.lines) },
        });
      }
    }
  }
  // The redirect response itself fails CORS.
  for (const dest of destinations.slice(0, 2)) {
    for (const acao of ALLOW_ORIGIN_VARIANTS.filter((v) => ['missing', 'mismatch', 'star'].includes(v.key))) {
      t.add('redirect', `GET credentials=include; 302 to ${dest.key} with ACAO ${acao.key} on the redirect`, {
        request: { method: 'GET', headers: [], credentials: 'include' },
        response: { status: 302, headers: [['Location', dest.location], ...acao.lines, [ACAC, 'true']] },
        redirectHop: { response: ok([[ACAO, '*']]) },
      });
    }
  }
  // Preflighted requests that redirect (307 keeps the method).
  for (const dest of destinations.slice(0, 2)) {
    for (const hop of hopAcaos) {
      t.add('redirect', `PUT X-Custom credentials=omit; allowing preflight; 307 to ${dest.key}; hop ACAO ${hop.key}`, {
        request: { method: 'PUT', headers: [['X-Custom', 'r']], credentials: 'omit', body: 'x' },
        response: { status: 307, headers: [['Location', dest.location], [ACAO, '${A}']] },
        redirectHop: { response: ok(hop.lines) },
      });
    }
  }
  // Two redirects: once the origin is tainted by leaving B, it stays 'null' even back on B.
  const twoHops = [
    { key: 'B -> C -> B', first: '${C}${PATH}/r', second: '${API}${PATH}/r2' },
    { key: 'B -> B -> C', first: '${PATH}/r', second: '${C}${PATH}/r2' },
    { key: 'B -> C -> C', first: '${C}${PATH}/r', second: '${PATH}/r2' },
  ];
  for (const route of twoHops) {
    for (const last of hopAcaos.slice(0, 3)) {
      for (const creds of ['omit', 'include'] as Credentials[]) {
        t.add('redirect', `GET credentials=${creds}; two redirects ${route.key}; middle hop echoes Origin; last ACAO ${last.key}`, {
          request: { method: 'GET', headers: [], credentials: creds },
          response: { status: 302, headers: [['Location', route.first], [ACAO, '${A}'], [ACAC, 'true']] },
          redirectHop: { response: { status: 302, headers: [['Location', route.second], [ACAO, '${ORIGIN}'], [ACAC, 'true']] } },
          secondHop: { response: ok([...last.lines, [ACAC, 'true']]) },
        });
      }
    }
  }
  // Chromium preflights again after a preflighted request is redirected; here that second preflight fails.
  const hopPreflights: Array<{ key: string; spec: ResponseSpec }> = [
    { key: 'no ACAO', spec: { status: 204, headers: [[ACAM, 'PUT'], [ACAH, 'x-custom']] } },
    { key: 'no ACAM', spec: { status: 204, headers: [[ACAO, '${ORIGIN}'], [ACAH, 'x-custom']] } },
    { key: 'status 500', spec: { status: 500, headers: [[ACAO, '${ORIGIN}'], [ACAM, 'PUT'], [ACAH, 'x-custom']] } },
  ];
  for (const dest of destinations.slice(0, 2)) {
    for (const hp of hopPreflights) {
      t.add('redirect', `PUT X-Custom credentials=omit; allowing preflight; 307 to ${dest.key}; hop preflight ${hp.key}`, {
        request: { method: 'PUT', headers: [['X-Custom', 'r']], credentials: 'omit', body: 'x' },
        response: { status: 307, headers: [['Location', dest.location], [ACAO, '${A}']] },
        redirectHop: { response: ok([[ACAO, '*']]), preflight: hp.spec },
      });
    }
  }
}

/** Non-2xx actual responses: CORS does not care about the status, only the headers. */
function actualStatus(t: Table): void {
  const acaos = ALLOW_ORIGIN_VARIANTS.filter((v) => ['exact', 'star', 'missing'].includes(v.key));
  for (const status of [201, 204, 302, 400, 404, 500]) {
    for (const acao of acaos) {
      for (const creds of ['omit', 'include'] as Credentials[]) {
        t.add('actual-status', `GET credentials=${creds}; response ${status}${status === 302 ? ' without Location' : ''}, ACAO ${acao.key}`, {
          request: { method: 'GET', headers: [], credentials: creds },
          response: { status, headers: [...acao.lines, [ACAC, 'true']] },
        });
      }
    }
  }
}

/** Preflights that get methods and headers wrong at once: which check Chromium reports first. */
function preflightCombos(t: Table): void {
  for (const method of ['PUT', 'patch']) {
    for (const [hname, hvalue] of [['X-Custom', '1'], ['Authorization', 'Bearer z']] as Array<[string, string]>) {
      const acams: Variant[] = [{ key: 'missing', lines: [] }, one('star', ACAM, '*'), one('exact', ACAM, method)];
      const acahs: Variant[] = [{ key: 'missing', lines: [] }, one('star', ACAH, '*'), one('exact', ACAH, hname)];
      for (const acam of acams) {
        for (const acah of acahs) {
          for (const creds of ['omit', 'include'] as Credentials[]) {
            t.add('preflight-combo', `${method} ${hname} credentials=${creds}; preflight ACAM ${acam.key}, ACAH ${acah.key}`, {
              request: { method, headers: [[hname, hvalue]], credentials: creds, body: 'c' },
              preflight: { status: 204, headers: [[ACAO, '${A}'], [ACAC, 'true'], ...acam.lines, ...acah.lines] },
              response: ALLOWING_RESPONSE,
            });
          }
        }
      }
    }
  }
  // Preflight with a wrong Allow-Origin and wrong methods: the origin check comes first.
  for (const acao of ALLOW_ORIGIN_VARIANTS.filter((v) => ['missing', 'mismatch', 'star', 'exact'].includes(v.key))) {
    for (const creds of ['omit', 'include'] as Credentials[]) {
      t.add('preflight-combo', `DELETE credentials=${creds}; preflight ACAO ${acao.key}, ACAM missing, status 403`, {
        request: { method: 'DELETE', headers: [], credentials: creds },
        preflight: { status: 403, headers: [...acao.lines] },
        response: ALLOWING_RESPONSE,
      });
    }
  }
}

/** Redirects to schemes CORS does not support: some are CORS errors (CorsDisabledScheme), others plain network errors. */
function disabledSchemeRedirects(t: Table): void {
  const locations = ['ftp://localhost/x', 'javascript:void(0)', 'data:text/plain,hi', 'about:blank', 'file:///etc/hostname', 'blob:http://localhost/x', 'ws://localhost/x', 'mailto:a@b.example'];
  for (const location of locations) {
    for (const creds of ['omit', 'include'] as Credentials[]) {
      t.add('redirect-scheme', `GET credentials=${creds}; 302 to ${location}`, {
        request: { method: 'GET', headers: [], credentials: creds },
        response: { status: 302, headers: [['Location', location], [ACAO, '${A}'], [ACAC, 'true']] },
      });
    }
  }
}

/** The same preflighted fetch twice: Access-Control-Max-Age decides whether the second one is preflighted again. */
function preflightCache(t: Table): void {
  const maxAges: Variant[] = [
    { key: 'missing (5 s default)', lines: [] },
    one('600', 'Access-Control-Max-Age', '600'),
    one('0', 'Access-Control-Max-Age', '0'),
    one('-1', 'Access-Control-Max-Age', '-1'),
    one('invalid', 'Access-Control-Max-Age', 'abc'),
  ];
  const actuals: Array<{ key: string; spec: ResponseSpec }> = [
    { key: 'allowing', spec: ALLOWING_RESPONSE },
    { key: 'ACAO missing', spec: ok([[ACAC, 'true']]) },
  ];
  for (const creds of ['omit', 'include'] as Credentials[]) {
    for (const maxAge of maxAges) {
      for (const actual of actuals) {
        t.add('preflight-cache', `PUT X-Custom twice, credentials=${creds}; preflight Max-Age ${maxAge.key}; response ${actual.key}`, {
          request: { method: 'PUT', headers: [['X-Custom', 'twice']], credentials: creds, body: 'x', repeat: 2 },
          preflight: { status: 204, headers: [[ACAO, '${A}'], [ACAC, 'true'], [ACAM, 'PUT'], [ACAH, 'X-Custom'], ...maxAge.lines] },
          response: actual.spec,
        });
      }
    }
  }
}

/** Same-origin fetches (not CORS at all), and ones that become CORS when a redirect leaves the page's origin. */
function sameOrigin(t: Table): void {
  for (const creds of ['omit', 'include'] as Credentials[]) {
    t.add('same-origin', `same-origin GET credentials=${creds}; no CORS headers`, {
      request: { method: 'GET', headers: [], credentials: creds, target: 'page-origin' },
      response: ok([]),
    });
    t.add('same-origin', `same-origin PUT X-Custom credentials=${creds}; no CORS headers`, {
      request: { method: 'PUT', headers: [['X-Custom', 's']], credentials: creds, body: 'x', target: 'page-origin' },
      response: ok([]),
    });
  }
  const hopAcaos = ALLOW_ORIGIN_VARIANTS.filter((v) => ['exact', 'star', 'null', 'missing'].includes(v.key));
  for (const hop of hopAcaos) {
    for (const creds of ['omit', 'include'] as Credentials[]) {
      t.add('same-origin', `same-origin GET credentials=${creds}; 302 to origin C; hop ACAO ${hop.key}`, {
        request: { method: 'GET', headers: [], credentials: creds, target: 'page-origin' },
        response: { status: 302, headers: [['Location', '${C}${PATH}/r']] },
        redirectHop: { response: ok([...hop.lines, [ACAC, 'true']]) },
      });
    }
    t.add('same-origin', `same-origin PUT X-Custom; 307 to origin C; hop preflight and response ACAO ${hop.key}`, {
      request: { method: 'PUT', headers: [['X-Custom', 's']], credentials: 'omit', body: 'x', target: 'page-origin' },
      response: { status: 307, headers: [['Location', '${C}${PATH}/r']] },
      redirectHop: {
        preflight: { status: 204, headers: [...hop.lines, [ACAM, 'PUT'], [ACAH, 'x-custom']] },
        response: ok(hop.lines),
      },
    });
  }
}

/** Fetches from a sandboxed iframe: the Origin is opaque ('null'). */
function opaqueOrigin(t: Table): void {
  const acaos: Variant[] = [
    one('null', ACAO, 'null'),
    one('star', ACAO, '*'),
    one('page-origin', ACAO, '${A}'),
    { key: 'missing', lines: [] },
    one('NULL', ACAO, 'NULL'),
    one('padded-null', ACAO, ' null '),
  ];
  for (const acao of acaos) {
    for (const creds of ['omit', 'include'] as Credentials[]) {
      t.add('opaque', `sandboxed frame GET credentials=${creds}; ACAO ${acao.key}`, {
        request: { method: 'GET', headers: [], credentials: creds, opaqueOrigin: true },
        response: ok([...acao.lines, [ACAC, 'true']]),
      });
    }
    t.add('opaque', `sandboxed frame PUT X-Custom; preflight ACAO ${acao.key}`, {
      request: { method: 'PUT', headers: [['X-Custom', 'o']], credentials: 'omit', opaqueOrigin: true },
      preflight: { status: 204, headers: [...acao.lines, [ACAM, 'PUT'], [ACAH, 'X-Custom']] },
      response: ok([[ACAO, 'null']]),
    });
  }
}

type Initiator = NonNullable<ScenarioRequest['initiator']>;

/**
 * The same Allow-Origin / Allow-Credentials answers to every other initiator: XMLHttpRequest,
 * <img>, <script> and <link rel=stylesheet> with crossorigin="anonymous" ('same-origin') and
 * "use-credentials" ('include'), @font-face (always 'same-origin'), and an <img> without
 * crossorigin (no-cors: no CORS check at all). Chromium words each one differently.
 */
function initiators(t: Table): void {
  const acaos = ALLOW_ORIGIN_VARIANTS.filter((v) => ['missing', 'star', 'exact', 'mismatch', 'comma-list', 'invalid', 'null', 'two-lines-same'].includes(v.key));
  const acacs = ALLOW_CREDENTIALS_VARIANTS.filter((v) => ['missing', 'true', 'false'].includes(v.key));
  const kinds: Array<{ initiator: Initiator; modes: Credentials[] }> = [
    { initiator: 'xhr', modes: ['same-origin', 'include'] },
    { initiator: 'img', modes: ['same-origin', 'include'] },
    { initiator: 'script', modes: ['same-origin', 'include'] },
    { initiator: 'style', modes: ['same-origin', 'include'] },
    { initiator: 'font', modes: ['same-origin'] },
  ];
  for (const { initiator, modes } of kinds) {
    for (const creds of modes) {
      for (const acao of acaos) {
        for (const acac of creds === 'include' ? acacs : acacs.slice(0, 1)) {
          t.add(`init-${initiator}`, `${initiator} credentials=${creds}; response ACAO ${acao.key}, ACAC ${acac.key}`, {
            request: { method: 'GET', headers: [], credentials: creds, initiator },
            response: ok(cat(acao, acac)),
          });
        }
      }
    }
  }
  for (const acao of acaos.slice(0, 4)) {
    t.add('init-no-cors-img', `<img> without crossorigin; response ACAO ${acao.key}`, {
      request: { method: 'GET', headers: [], credentials: 'include', initiator: 'no-cors-img' },
      response: ok(acao.lines),
    });
  }
  // XMLHttpRequest through a preflight: method and header refusals, both credentials modes.
  const preflights: Variant[] = [
    { key: 'ACAH missing', lines: [[ACAM, 'PUT']] },
    { key: 'ACAH x-api-key', lines: [[ACAM, 'PUT'], [ACAH, 'x-api-key']] },
    { key: 'ACAH star', lines: [[ACAM, 'PUT'], [ACAH, '*']] },
    { key: 'ACAM missing', lines: [[ACAH, 'x-api-key, x-trace']] },
    { key: 'allowing', lines: [[ACAM, 'PUT'], [ACAH, 'x-api-key, x-trace']] },
  ];
  for (const creds of ['same-origin', 'include'] as Credentials[]) {
    for (const pf of preflights) {
      t.add('init-xhr-preflight', `XHR PUT X-Api-Key + X-Trace credentials=${creds}; preflight ${pf.key}`, {
        request: { method: 'PUT', headers: [['X-Api-Key', 'k'], ['X-Trace', '1']], credentials: creds, body: 'x', initiator: 'xhr' },
        preflight: { status: 204, headers: [[ACAO, '${A}'], [ACAC, 'true'], ...pf.lines] },
        response: ALLOWING_RESPONSE,
      });
    }
  }
  for (const acao of [one('star', ACAO, '*'), one('exact', ACAO, '${A}')]) {
    t.add('init-xhr-preflight', `XHR PUT X-Api-Key credentials=include; preflight ACAO ${acao.key}, ACAC missing`, {
      request: { method: 'PUT', headers: [['X-Api-Key', 'k']], credentials: 'include', body: 'x', initiator: 'xhr' },
      preflight: { status: 204, headers: [...acao.lines, [ACAM, 'PUT'], [ACAH, 'x-api-key']] },
      response: ALLOWING_RESPONSE,
    });
  }
}

/**
 * Several refused request headers: Chromium names the first in its own order (Blink's
 * header hash table), which is neither the page's nor the sorted order the preflight shows.
 * Each set here is reported differently from its first sorted name (or its first set name).
 */
function refusedHeaderOrder(t: Table): void {
  const sets: string[][] = [
    ['X-Api-Key', 'X-Trace'],
    ['X-Trace', 'X-Api-Key'],
    ['x-a', 'x-b', 'x-c'],
    ['x-1', 'x-2', 'x-3', 'x-4', 'x-5'],
    ['X-Requested-With', 'X-CSRF-Token'],
    ['x-api-key', 'x-trace', 'x-request-id'],
    ['x-zzz', 'x-aaa', 'x-mmm'],
    ['Authorization', 'X-Custom'],
    ['X-Tenant', 'X-User', 'X-Correlation-Id', 'X-Debug'],
    ['x-client-version', 'authorization', 'if-match', 'x-6'],
  ];
  const answers: Variant[] = [
    one('unrelated', ACAH, 'x-none'),
    { key: 'missing', lines: [] },
  ];
  for (const initiator of ['fetch', 'xhr'] as Initiator[]) {
    for (const names of sets) {
      for (const acah of answers) {
        t.add('refused-order', `${initiator} PUT ${names.join(' + ')}; preflight ACAH ${acah.key}`, {
          request: { method: 'PUT', headers: names.map((n) => [n, '1'] as [string, string]), credentials: 'omit', body: 'x', initiator },
          preflight: { status: 204, headers: [[ACAO, '${A}'], [ACAM, 'PUT'], ...acah.lines] },
          response: ALLOWING_RESPONSE,
        });
      }
    }
    // One refused among allowed ones: the allowed names never hide it.
    t.add('refused-order', `${initiator} PUT X-Api-Key + X-Trace; preflight allows only x-trace`, {
      request: { method: 'PUT', headers: [['X-Api-Key', 'k'], ['X-Trace', '1']], credentials: 'omit', body: 'x', initiator },
      preflight: { status: 204, headers: [[ACAO, '${A}'], [ACAM, 'PUT'], [ACAH, 'x-trace']] },
      response: ALLOWING_RESPONSE,
    });
  }
}

/** The full, deterministic scenario table. */
export function buildScenarios(): Scenario[] {
  const t = new Table();
  simpleAllowOrigin(t);
  simpleMethods(t);
  preflightStatus(t);
  preflightAllowOrigin(t);
  preflightAllowMethods(t);
  preflightAllowHeaders(t);
  actualByMethod(t);
  redirects(t);
  disabledSchemeRedirects(t);
  actualStatus(t);
  preflightCombos(t);
  preflightCache(t);
  sameOrigin(t);
  opaqueOrigin(t);
  initiators(t);
  refusedHeaderOrder(t);
  return t.scenarios;
}
