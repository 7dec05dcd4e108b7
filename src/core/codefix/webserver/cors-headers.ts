// CORS as a web server's configuration writes it: one response header per directive
// (nginx `add_header`, Apache `Header set`), each a plain string. What those strings
// allow, and the string each header must hold for a policy, keeping what is listed
// today. Shared by the nginx and Apache plug-ins; each reads and writes its own syntax.
import { normalizeMethod } from '../../cors/safelist';
import type { AllowedCors, CorsPolicy } from '../types';

export const ACAO = 'access-control-allow-origin';
export const ACAC = 'access-control-allow-credentials';
export const ACAM = 'access-control-allow-methods';
export const ACAH = 'access-control-allow-headers';
export const ACEH = 'access-control-expose-headers';
export const ACMA = 'access-control-max-age';
export const ACAPN = 'access-control-allow-private-network';
export const VARY = 'vary';

/** How the header names are written in new lines. */
export const HEADER_SPELLING: Record<string, string> = {
  [ACAO]: 'Access-Control-Allow-Origin',
  [ACAC]: 'Access-Control-Allow-Credentials',
  [ACAM]: 'Access-Control-Allow-Methods',
  [ACAH]: 'Access-Control-Allow-Headers',
  [ACEH]: 'Access-Control-Expose-Headers',
  [ACMA]: 'Access-Control-Max-Age',
  [ACAPN]: 'Access-Control-Allow-Private-Network',
  [VARY]: 'Vary',
};

/** The headers a preflight reads (the actual response needs none of them). */
export const PREFLIGHT_HEADERS = [ACAM, ACAH, ACMA, ACAPN];

export function isCorsHeader(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('access-control-') || n === VARY;
}

export function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** What the non-origin headers (lower-case name → value) allow; the origins are read by the caller (a map, an env variable...). */
export function allowedFromHeaders(values: ReadonlyMap<string, string>, origins: AllowedCors['origins']): AllowedCors {
  const credentials = values.get(ACAC)?.trim().toLowerCase() === 'true';
  const list = (name: string) => splitList(values.get(name) ?? '');
  const methods = list(ACAM);
  const headers = list(ACAH);
  const age = values.get(ACMA)?.trim();
  return {
    origins,
    // `*` is a wildcard only without credentials; with them it names a method called "*".
    methods: methods.includes('*') && !credentials ? 'any' : methods.filter((m) => m !== '*').map((m) => normalizeMethod(m)),
    allowHeaders: headers.includes('*') && !credentials ? 'any' : headers.filter((h) => h !== '*').map((h) => h.toLowerCase()),
    exposeHeaders: list(ACEH).map((h) => h.toLowerCase()),
    credentials,
    maxAgeSeconds: age && /^-?\d+$/.test(age) ? Number(age) : null,
    privateNetwork: values.get(ACAPN)?.trim().toLowerCase() === 'true',
  };
}

/** `current` with the items of `wanted` it lacks appended (compared with `fold`), or null when nothing is missing. */
export function extendList(current: string | undefined, wanted: string[], fold: (s: string) => string): string | null {
  const have = splitList(current ?? '');
  const missing = wanted.filter((w) => !have.some((h) => fold(h) === fold(w)));
  if (!missing.length) return null;
  const sep = current && /,\S/.test(current) && !/, /.test(current) ? ',' : ', ';
  return [...have.filter((h) => h !== '*'), ...missing].join(sep);
}

/**
 * The value each CORS header must hold for the policy, given the values it holds now
 * (lower-case name → value): null for a header that is right as it is (or not needed).
 * The origin header is the caller's (its value is a variable or a literal in each syntax).
 * `preflight`: this set answers preflights, so it needs the preflight headers too.
 */
export function headerChanges(current: ReadonlyMap<string, string>, policy: CorsPolicy, preflight: boolean, fresh: boolean): Map<string, string> {
  const out = new Map<string, string>();
  const credentials = current.get(ACAC)?.trim().toLowerCase() === 'true';
  if (policy.credentials && !credentials) out.set(ACAC, 'true');
  if (preflight) {
    const withCredentials = policy.credentials || credentials;
    const methodsNow = current.get(ACAM);
    // A `*` stays a wildcard only where there are no credentials.
    const methods = methodsNow?.trim() === '*' && !withCredentials ? null : extendList(methodsNow, policy.methods, normalizeMethod);
    if (methods !== null && (methodsNow !== undefined || policy.methods.length)) out.set(ACAM, methods);
    const headersNow = current.get(ACAH);
    const anyHeader = headersNow?.trim() === '*' && !withCredentials && !policy.allowHeaders.includes('authorization');
    const headers = anyHeader ? null : extendList(headersNow, policy.allowHeaders, (s) => s.toLowerCase());
    if (headers !== null && (headersNow !== undefined || policy.allowHeaders.length)) out.set(ACAH, headers);
    if (policy.privateNetwork && current.get(ACAPN)?.trim().toLowerCase() !== 'true') out.set(ACAPN, 'true');
    if (fresh && !current.has(ACMA)) out.set(ACMA, String(policy.maxAgeSeconds));
  }
  if (fresh && policy.exposeHeaders.length && !current.has(ACEH)) out.set(ACEH, policy.exposeHeaders.join(', '));
  const vary = current.get(VARY);
  if (policy.varyOrigin && !splitList(vary ?? '').some((v) => v.toLowerCase() === 'origin' || v === '*')) out.set(VARY, vary ? `${vary.trim()}, Origin` : 'Origin');
  return out;
}

/** The order new header lines are written in. */
export const HEADER_ORDER = [ACAO, ACAC, ACAM, ACAH, ACEH, ACMA, ACAPN, VARY];
