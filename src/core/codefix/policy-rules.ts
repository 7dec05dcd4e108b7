// The rules every policy must meet before it is offered, after the way jub0bs/cors
// validates a configuration: exact serialized origins only (no `*`, no `null`, no
// patterns, no reflection), `*` never together with credentials, methods and header
// names that are tokens and not forbidden by Fetch, a bounded max-age, and Vary: Origin.
import { isToken } from '../http/headers';
import { isForbiddenHeaderName } from '../cors/safelist';
import type { CorsPolicy, PolicyViolation } from './types';

/** Browsers cap Access-Control-Max-Age (Firefox at a day, Chromium at two hours); -1 turns caching off. */
export const MAX_AGE_LIMIT = 86400;
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE', 'TRACK'];
/** Names with no place in a request (jub0bs/cors prohibits them as allowed request headers). */
const RESPONSE_ONLY_HEADERS = [
  'access-control-allow-credentials', 'access-control-allow-headers', 'access-control-allow-methods',
  'access-control-allow-origin', 'access-control-expose-headers', 'access-control-max-age',
  'access-control-allow-private-network',
];
/** Names with no place in a response, or that scripts may never read. */
const NOT_EXPOSABLE = ['set-cookie', 'set-cookie2', 'access-control-request-headers', 'access-control-request-method', 'origin'];

/** Why `value` is not an exact serialized origin a server may allow, or null when it is one. */
export function originProblem(value: string, credentials: boolean): PolicyViolation | null {
  if (value === '*') {
    return credentials
      ? { rule: 'wildcard-with-credentials', message: 'Access-Control-Allow-Origin: * is never valid with credentials.' }
      : { rule: 'reflects-any-origin', message: 'A policy lists exact origins; `*` lets in every origin.' };
  }
  if (value === 'null') {
    return { rule: 'null-origin', message: 'The `null` origin is shared by every sandboxed iframe and file: page, so allowing it allows them all.' };
  }
  if (value.includes('*') || /[\\^$()[\]{}|+?]/.test(value)) {
    return { rule: 'unanchored-pattern', message: `"${value}" is a pattern, not an origin: list exact origins.` };
  }
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return { rule: 'invalid-origin', message: `"${value}" is not an origin (scheme://host[:port]).` };
  }
  if (parsed.protocol === 'file:' || parsed.origin === 'null' || parsed.origin !== value) {
    return { rule: 'invalid-origin', message: `"${value}" is not a serialized origin (expected "${parsed.origin}").` };
  }
  return null;
}

function sortedUnique(list: string[]): boolean {
  return list.every((v, i) => i === 0 || list[i - 1] < v);
}

/** Every rule the policy breaks; an empty list means it may be offered. */
export function validatePolicy(policy: CorsPolicy): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (policy.origins.length === 0) out.push({ rule: 'invalid-origin', message: 'A policy allows at least one origin.' });
  for (const origin of policy.origins) {
    const problem = originProblem(origin, policy.credentials);
    if (problem) out.push(problem);
  }
  if (!sortedUnique(policy.origins)) out.push({ rule: 'invalid-origin', message: 'Origins must be sorted and listed once.' });
  for (const method of policy.methods) {
    if (method === '*') out.push({ rule: 'invalid-method', message: 'Methods are listed by name: `*` means every method only without credentials, and a policy is exact.' });
    else if (!isToken(method)) out.push({ rule: 'invalid-method', message: `"${method}" is not a method name.` });
    else if (FORBIDDEN_METHODS.includes(method.toUpperCase())) out.push({ rule: 'invalid-method', message: `${method} is forbidden by Fetch.` });
  }
  if (!sortedUnique(policy.methods)) out.push({ rule: 'invalid-method', message: 'Methods must be sorted and listed once.' });
  for (const header of policy.allowHeaders) {
    if (header === '*') out.push({ rule: 'invalid-header', message: 'Request headers are listed by name, never `*`.' });
    else if (!isToken(header) || header !== header.toLowerCase()) out.push({ rule: 'invalid-header', message: `"${header}" is not a lower-case header name.` });
    else if (isForbiddenHeaderName(header) || RESPONSE_ONLY_HEADERS.includes(header)) out.push({ rule: 'invalid-header', message: `${header} cannot be a request header a page sets.` });
  }
  if (!sortedUnique(policy.allowHeaders)) out.push({ rule: 'invalid-header', message: 'Request headers must be sorted and listed once.' });
  for (const header of policy.exposeHeaders) {
    if (header === '*') out.push({ rule: 'invalid-header', message: policy.credentials ? 'Access-Control-Expose-Headers: * exposes nothing with credentials.' : 'Exposed headers are listed by name.' });
    else if (!isToken(header) || header !== header.toLowerCase()) out.push({ rule: 'invalid-header', message: `"${header}" is not a lower-case header name.` });
    else if (NOT_EXPOSABLE.includes(header)) out.push({ rule: 'invalid-header', message: `${header} can never be exposed to scripts.` });
  }
  if (!sortedUnique(policy.exposeHeaders)) out.push({ rule: 'invalid-header', message: 'Exposed headers must be sorted and listed once.' });
  if (!Number.isInteger(policy.maxAgeSeconds) || policy.maxAgeSeconds < -1 || policy.maxAgeSeconds > MAX_AGE_LIMIT) {
    out.push({ rule: 'invalid-max-age', message: `Max-age ${policy.maxAgeSeconds} is outside -1..${MAX_AGE_LIMIT} seconds.` });
  }
  if (!policy.varyOrigin) out.push({ rule: 'missing-vary', message: 'The allowed origin depends on the request, so responses must send Vary: Origin.' });
  return out;
}
