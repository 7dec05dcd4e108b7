// The seven broken kinds every sample app comes in, as the browser sees them: which
// page origin calls which endpoint, and what Chromium must say before and after the
// fix. Every sample, in any language, serves the same small items API (see
// test/fixes/README.md), so one table drives them all.

/** The front end being developed: its calls are the evidence `fix` reads. */
export const APP_ORIGIN = 'http://localhost:5173';
/** A front end the server already allowed before: its calls must keep passing. */
export const OLD_ORIGIN = 'http://localhost:3000';
/**
 * Origins that are not in the evidence. After the fix they must still be kept out.
 * The second one ends like the app's origin, to catch an unanchored pattern.
 */
export const FOREIGN_ORIGINS = ['http://localhost:4173', 'http://evil.localhost:5173'];

/** The cookie a credentialed call carries (set on `localhost`, so it reaches the API on any port). */
export const SESSION_COOKIE = 'sid=demo-session';

/** What Chromium must report for one call. */
export type Expectation =
  | { pass: true }
  /** Blocked by CORS with this CDP `corsError` (and `failedParameter`, when given). */
  | { corsError: string; failedParameter?: string };

export interface Call {
  /** Short name, unique within a kind. */
  id: string;
  /** Which page makes the fetch. */
  from: 'app' | 'old';
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** fetch(…, { credentials: 'include' }) with the session cookie set. */
  credentials?: boolean;
  /** Before the fix. After the fix every call must pass. */
  before: Expectation;
}

export interface Kind {
  id: string;
  title: string;
  calls: Call[];
}

const JSON_BODY = { headers: { 'Content-Type': 'application/json' }, body: '{"name":"renamed"}' };
const PASS = { pass: true } as const;

export const KINDS: Kind[] = [
  {
    id: 'no-cors',
    title: 'no CORS at all',
    calls: [
      { id: 'list', from: 'app', method: 'GET', path: '/api/items', before: { corsError: 'MissingAllowOriginHeader' } },
      { id: 'update', from: 'app', method: 'PUT', path: '/api/items/1', ...JSON_BODY, before: { corsError: 'PreflightMissingAllowOriginHeader' } },
    ],
  },
  {
    id: 'wrong-origin',
    title: `CORS allows ${OLD_ORIGIN}, the app runs on ${APP_ORIGIN}`,
    calls: [
      { id: 'old-list', from: 'old', method: 'GET', path: '/api/items', before: PASS },
      { id: 'old-update', from: 'old', method: 'PUT', path: '/api/items/1', ...JSON_BODY, before: PASS },
      { id: 'list', from: 'app', method: 'GET', path: '/api/items', before: { corsError: 'AllowOriginMismatch' } },
      { id: 'update', from: 'app', method: 'PUT', path: '/api/items/1', ...JSON_BODY, before: { corsError: 'PreflightAllowOriginMismatch' } },
    ],
  },
  {
    id: 'missing-method',
    title: 'CORS allows GET and POST, the app sends DELETE',
    calls: [
      { id: 'list', from: 'app', method: 'GET', path: '/api/items', before: PASS },
      { id: 'create', from: 'app', method: 'POST', path: '/api/items', ...JSON_BODY, before: PASS },
      { id: 'delete', from: 'app', method: 'DELETE', path: '/api/items/1', before: { corsError: 'MethodDisallowedByPreflightResponse', failedParameter: 'DELETE' } },
    ],
  },
  {
    id: 'missing-header',
    title: 'CORS allows Content-Type, the app also sends X-Request-Id',
    calls: [
      { id: 'update', from: 'app', method: 'PUT', path: '/api/items/1', ...JSON_BODY, before: PASS },
      {
        id: 'list-traced',
        from: 'app',
        method: 'GET',
        path: '/api/items',
        headers: { 'X-Request-Id': 'req-42' },
        before: { corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'x-request-id' },
      },
    ],
  },
  {
    id: 'wildcard-credentials',
    title: 'CORS allows *, the app sends cookies',
    calls: [
      { id: 'list', from: 'app', method: 'GET', path: '/api/items', before: PASS },
      { id: 'me', from: 'app', method: 'GET', path: '/api/me', credentials: true, before: { corsError: 'WildcardOriginNotAllowed' } },
      { id: 'update', from: 'app', method: 'PUT', path: '/api/items/1', ...JSON_BODY, credentials: true, before: { corsError: 'PreflightWildcardOriginNotAllowed' } },
    ],
  },
  {
    id: 'extend-existing',
    title: `a full CORS configuration for ${OLD_ORIGIN} (credentials, methods, headers) to extend for ${APP_ORIGIN}`,
    calls: [
      { id: 'old-list', from: 'old', method: 'GET', path: '/api/items', credentials: true, before: PASS },
      { id: 'old-update', from: 'old', method: 'PUT', path: '/api/items/1', ...JSON_BODY, credentials: true, before: PASS },
      { id: 'list', from: 'app', method: 'GET', path: '/api/items', credentials: true, before: { corsError: 'AllowOriginMismatch' } },
      {
        id: 'delete',
        from: 'app',
        method: 'DELETE',
        path: '/api/items/1',
        headers: { Authorization: 'Bearer demo-token' },
        credentials: true,
        before: { corsError: 'PreflightAllowOriginMismatch' },
      },
    ],
  },
  {
    id: 'wrong-order',
    title: 'CORS registered after the session check, so the preflight (no cookie) gets a 401',
    calls: [
      { id: 'list', from: 'app', method: 'GET', path: '/api/items', credentials: true, before: PASS },
      { id: 'update', from: 'app', method: 'PUT', path: '/api/items/1', ...JSON_BODY, credentials: true, before: { corsError: 'PreflightMissingAllowOriginHeader' } },
    ],
  },
];

export function kindById(id: string): Kind | undefined {
  return KINDS.find((k) => k.id === id);
}
