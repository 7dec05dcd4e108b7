// Evidence → the CORS policy one server needs. The evidence is what the browser really
// did: the flows that failed (to fix) and the flows that passed (to keep passing). The
// policy lists exact origins, the methods and request headers the preflights asked for
// (merged with what the code already allows), credentials when any flow carried them or
// failed only for their lack, Vary: Origin, and the code's max-age or a default. It is
// validated (policy-rules.ts) and proven with the engine (proof.ts) before it is returned.
import { requestedHeaders, requestedMethod } from '../cors/classify';
import { isForbiddenHeaderName, normalizeMethod, isSafelistedMethod } from '../cors/safelist';
import type { CorsErrorName, FlowJudgement } from '../cors/types';
import { getHeader } from '../http/headers';
import type { HeaderList } from '../http/types';
import { isProxyAnswer } from '../exchange/proxy-answer';
import type { ExchangeRecord } from '../exchange/types';
import { flowsOf, type EvidenceFlow } from './evidence';
import { MAX_AGE_LIMIT, originProblem, validatePolicy } from './policy-rules';
import { proveFlow } from './proof';
import type { AllowedCors, CorsPolicy, FixFocus, PolicyViolation, Unfixable } from './types';

/** Preflights are cached this long when the code sets no max-age: long enough to matter, short enough to pick up a change. */
export const DEFAULT_MAX_AGE_SECONDS = 600;

export interface PolicyResult {
  /** Null when no failing flow can be fixed by headers (see `unfixable`), or when nothing fails. */
  policy: CorsPolicy | null;
  /** Failing flows no header change fixes, each with its reason. */
  unfixable: Unfixable[];
  /** Rules the derived policy broke (then `policy` is null). */
  violations: PolicyViolation[];
  /** The flows the policy fixes (proven), and the passing flows it keeps passing. */
  fixed: EvidenceFlow[];
  kept: EvidenceFlow[];
  /** Failing CORS flows seen (before any was found unfixable). */
  failing: number;
}

/** Failures that only credentials explain: the response was right but for a request without them. */
const CREDENTIAL_ERRORS: CorsErrorName[] = [
  'InvalidAllowCredentials', 'PreflightInvalidAllowCredentials', 'WildcardOriginNotAllowed', 'PreflightWildcardOriginNotAllowed',
];

/** Errors that no response header can fix, with what the user should do instead. */
const NOT_BY_HEADERS: Partial<Record<CorsErrorName, string>> = {
  PreflightDisallowedRedirect: 'the preflight was redirected, and browsers never follow a redirect on a preflight: call the final URL, or stop redirecting OPTIONS (often http→https or a trailing slash) in front of the app',
  DisallowedByMode: 'the page asked for mode "same-origin": change the fetch, not the server',
  CorsDisabledScheme: 'the request or a redirect goes to a scheme without CORS (not http/https)',
  RedirectContainsCredentials: 'a redirect points to a URL with a user name or password in it',
  NoCorsRedirectModeNotFollow: 'a no-cors request was redirected with redirect mode other than "follow"',
  InsecurePrivateNetwork: 'a non-secure page called a private-network address: serve the page over https (or from localhost)',
  InvalidPrivateNetworkAccess: 'the private-network request is invalid in this context',
  UnexpectedPrivateNetworkAccess: 'the browser found a private-network request it did not expect (the address changed under it)',
  PreflightMissingPrivateNetworkAccessId: 'the private-network preflight needs a device id the server does not send',
  PreflightMissingPrivateNetworkAccessName: 'the private-network preflight needs a device name the server does not send',
  PrivateNetworkAccessPermissionUnavailable: 'the browser could not ask the user for private-network permission',
  PrivateNetworkAccessPermissionDenied: 'the user denied private-network access',
  LocalNetworkAccessPermissionDenied: 'the user denied local-network access',
};

function responseOf(flow: EvidenceFlow): { status: number; headers: HeaderList } | null {
  const j = flow.judged;
  if (j.stage === 'preflight') return flow.flow.preflight?.response ?? null;
  const i = j.requests.findIndex((r) => r.verdict === 'fail');
  return (i >= 0 ? flow.flow.requests[i]?.response : flow.flow.requests[flow.flow.requests.length - 1]?.response) ?? null;
}

/** Why this failing flow cannot be fixed in the server's CORS code, or null when it can. */
export function unfixableReason(flow: EvidenceFlow): string | null {
  const j = flow.judged;
  const origin = j.request.origin;
  if (origin === 'null') return 'the page has an opaque origin ("null": a sandboxed iframe, a file: page or a data: URL), and allowing "null" would allow all of them: serve the page from a real origin';
  if (origin !== null && originProblem(origin, false)) return `the request's Origin "${origin}" is not a valid origin`;
  if (j.corsError && NOT_BY_HEADERS[j.corsError]) return NOT_BY_HEADERS[j.corsError] as string;
  const res = responseOf(flow);
  const err = flow.records.find((r) => r.error)?.error;
  if (!res) return `the server gave no response (${err ? `${err.code}: ${err.message}` : 'connection failed'}): start it, or fix the crash`;
  if (isProxyAnswer(res.headers)) {
    return `CORS Inspector's proxy answered ${res.status} itself${err ? ` (${err.code})` : ''} and the request never reached the server: no change to the server's CORS code would help`;
  }
  if (res.status >= 500) return `the server answered ${res.status}: an error that is not about CORS (a crash, or an upstream that is down); fix it first — error responses often skip the CORS headers too`;
  if (!j.corsError) return j.decisive.explanation || 'the browser failed this fetch for a reason other than CORS';
  return null;
}

function sortedUnique(list: Iterable<string>): string[] {
  return [...new Set(list)].sort();
}

function preflightsOf(flow: EvidenceFlow) {
  const all = [flow.flow.preflight, ...flow.flow.requests].filter((x) => x !== null);
  return all.filter((ex) => ex.request.method.toUpperCase() === 'OPTIONS' && getHeader(ex.request.headers, 'access-control-request-method') !== null);
}

function needsCredentials(j: FlowJudgement): boolean {
  return j.request.credentialsMode === 'include' || (j.verdict === 'fail' && j.corsError !== null && CREDENTIAL_ERRORS.includes(j.corsError));
}

/** Builds the policy from the flows it must serve, merged with what the code already allows. */
export function buildPolicy(flows: EvidenceFlow[], allowed: AllowedCors | null): CorsPolicy {
  const origins = new Set<string>();
  const methods = new Set<string>();
  const headers = new Set<string>();
  let credentials = allowed?.credentials ?? false;
  let privateNetwork = allowed?.privateNetwork ?? false;
  for (const f of flows) {
    if (f.judged.request.origin) origins.add(f.judged.request.origin);
    if (needsCredentials(f.judged)) credentials = true;
    for (const pf of preflightsOf(f)) {
      const m = requestedMethod(pf.request);
      if (m && !isSafelistedMethod(m)) methods.add(normalizeMethod(m));
      for (const h of requestedHeaders(pf.request)) headers.add(h);
      if (getHeader(pf.request.headers, 'access-control-request-private-network') === 'true') privateNetwork = true;
    }
  }
  if (allowed) {
    if (Array.isArray(allowed.origins)) allowed.origins.forEach((o) => origins.add(o));
    // GET, HEAD and POST never need allowing: only the others the code allows are kept.
    if (Array.isArray(allowed.methods)) allowed.methods.filter((m) => !isSafelistedMethod(m)).forEach((m) => methods.add(normalizeMethod(m)));
    // Names no page can set (django-cors-headers' defaults list origin, user-agent...) change nothing: left out.
    if (Array.isArray(allowed.allowHeaders)) allowed.allowHeaders.map((h) => h.toLowerCase()).filter((h) => !isForbiddenHeaderName(h)).forEach((h) => headers.add(h));
  }
  const kept = allowed?.maxAgeSeconds;
  const maxAgeSeconds = kept !== null && kept !== undefined && Number.isInteger(kept) && kept >= -1 && kept <= MAX_AGE_LIMIT ? kept : DEFAULT_MAX_AGE_SECONDS;
  return {
    // Existing entries that are not exact origins (patterns, `*`) are the code's business, not the policy's.
    origins: sortedUnique([...origins].filter((o) => originProblem(o, credentials) === null)),
    methods: sortedUnique(methods),
    allowHeaders: sortedUnique(headers),
    exposeHeaders: sortedUnique((allowed?.exposeHeaders ?? []).map((h) => h.toLowerCase()).filter((h) => h !== '*')),
    credentials,
    maxAgeSeconds,
    privateNetwork,
    varyOrigin: true,
  };
}

/**
 * The policy for one server from its recorded exchanges. `allowed` is what its code
 * already allows (null when it has no CORS code); `focus` narrows the flows to fix.
 */
export function derivePolicy(records: ExchangeRecord[], allowed: AllowedCors | null, focus?: FixFocus): PolicyResult {
  const flows = flowsOf(records).filter((f) => f.judged.verdict !== 'not-cors');
  const wanted = focus?.exchangeIds?.length ? new Set(focus.exchangeIds) : null;
  const failing = flows.filter((f) => f.judged.verdict === 'fail' && (!wanted || f.records.some((r) => wanted.has(r.id))));
  const kept = flows.filter((f) => f.judged.verdict === 'pass' || f.judged.verdict === 'warn');
  const unfixable: Unfixable[] = [];
  let fixable: EvidenceFlow[] = [];
  for (const f of failing) {
    const reason = unfixableReason(f);
    if (reason) unfixable.push({ exchangeIds: f.records.map((r) => r.id), reason });
    else fixable.push(f);
  }
  const empty = { fixed: [], kept, failing: failing.length };
  if (fixable.length === 0) return { policy: null, unfixable, violations: [], ...empty };

  // Proof: every flow to fix must pass, every passing flow must still pass. A flow the
  // policy cannot make pass is unfixable and leaves the policy (which is then rebuilt).
  let policy = buildPolicy([...fixable, ...kept], allowed);
  for (;;) {
    const violations = validatePolicy(policy);
    if (violations.length) return { policy: null, unfixable, violations, ...empty };
    const current = policy;
    const stillFailing = fixable.filter((f) => proveFlow(current, f.flow, f.judged).verdict === 'fail');
    if (stillFailing.length === 0) break;
    for (const f of stillFailing) {
      const after = proveFlow(policy, f.flow, f.judged);
      unfixable.push({ exchangeIds: f.records.map((r) => r.id), reason: `even with the CORS headers the policy sends, the browser would block it (${after.corsError ?? 'network error'}): ${after.decisive.explanation}` });
    }
    fixable = fixable.filter((f) => !stillFailing.includes(f));
    if (fixable.length === 0) return { policy: null, unfixable, violations: [], ...empty };
    policy = buildPolicy([...fixable, ...kept], allowed);
  }
  const proven = policy;
  const broken = kept.filter((f) => proveFlow(proven, f.flow, f.judged).verdict === 'fail');
  if (broken.length) {
    return {
      policy: null,
      unfixable: [...unfixable, { exchangeIds: broken.flatMap((f) => f.records.map((r) => r.id)), reason: 'the policy would break requests that pass today, so it is not offered' }],
      violations: [], ...empty,
    };
  }
  return { policy: proven, unfixable, violations: [], fixed: fixable, kept, failing: failing.length };
}
