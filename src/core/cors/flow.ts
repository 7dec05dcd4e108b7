// Judging one whole fetch: the preflight (if any), then the actual request and each
// redirect hop, in the order Chromium checks them. The first failure decides.
import type { WireExchange, WireResponse } from '../http/types';
import { getHeader, hasHeader, isToken, splitList } from '../http/headers';
import { canonicalUrl } from '../http/origin';
import type { CorsFlow, CorsJudgement, CredentialEvidence, CredentialsMode, FlowJudgement, RequestClass } from './types';
import { checkAccess, devtoolsParameter, type CheckFailure } from './access-check';
import { carriesCredentialEvidence, classifyRequest, isPreflightRequest, requestedHeaders, requestedMethod } from './classify';
import { weighCredentialEvidence } from './credential-evidence';
import { explain } from './explain';
import { fixResponse } from './fix';
import { asXhrMessage, chromiumMessage, firefoxReason, type MessageContext } from './messages';
import { authorizationCoveredByWildcard, checkPreflight, refusedHeaders, type PreflightContext } from './preflight-check';
import { chromiumHeaderOrder, sendsClientHints } from './header-order';
import { initiatorFromWire, initiatorLabel, type Initiator } from './initiator';
import { checkRedirectLocation, redirectNetworkError, redirectTarget, taintsOrigin } from './redirect-check';

type Stage = 'preflight' | 'request' | 'redirect';

function notCors(explanation: string): CorsJudgement {
  return { verdict: 'not-cors', corsError: null, failedParameter: '', message: '', explanation, fix: [], warnings: [], hints: [] };
}

function passing(explanation: string, hints: string[] = []): CorsJudgement {
  return { verdict: 'pass', corsError: null, failedParameter: '', message: '', explanation, fix: [], warnings: [], hints };
}

function networkFailure(ex: WireExchange, what: string): CorsJudgement {
  // The proxy's messages name their code already: say it once.
  const err = !ex.error ? 'no response' : ex.error.message.includes(ex.error.code) ? ex.error.message : `${ex.error.code}: ${ex.error.message}`;
  return {
    verdict: 'fail', corsError: null, failedParameter: '', message: '',
    explanation: `${what} got no response (${err}); the browser reports a network error, not a CORS error.`,
    fix: [], warnings: [], hints: [],
  };
}

interface FailureInput {
  failure: CheckFailure;
  stage: Stage;
  response: WireResponse;
  msg: MessageContext;
  origin: string;
  credentials: CredentialsMode;
  credentialsInferred: boolean;
  method: string;
  unsafeHeaders: string[];
  fixCheck: (r: WireResponse) => CheckFailure | null;
  note?: string;
  hypothetical?: boolean;
}

function failing(input: FailureInput, verdict: 'fail' | 'warn' = 'fail'): CorsJudgement {
  const { failure, stage, response } = input;
  const explanation = explain(failure.error, failure.failedParameter, {
    stage, origin: input.origin, method: input.method, unsafeHeaders: input.unsafeHeaders,
    credentials: input.credentials, credentialsInferred: input.credentialsInferred, response, url: input.msg.url,
    hypothetical: input.hypothetical,
    refusedHeaders: failure.error === 'HeaderDisallowedByPreflightResponse'
      ? refusedHeaders(response, { origin: input.origin, credentials: input.credentials, method: input.method, unsafeHeaders: input.unsafeHeaders, privateNetwork: false })
      : undefined,
  });
  const fix = fixResponse(response, input.fixCheck, {
    on: stage === 'preflight' ? 'preflight' : 'response', origin: input.origin, credentials: input.credentials,
    method: input.method, unsafeHeaders: input.unsafeHeaders,
  });
  return {
    verdict,
    corsError: failure.error,
    failedParameter: devtoolsParameter(failure.failedParameter),
    message: chromiumMessage(failure.error, failure.failedParameter, input.msg),
    firefoxReason: firefoxReason(failure.error, firefoxParameter(failure, response), stage === 'preflight' ? response.status : undefined),
    explanation: input.note ? `${input.note} ${explanation}` : explanation,
    fix,
    header: failure.header,
    warnings: [],
    hints: [],
  };
}

/** Firefox names the first bad token of an unparsable allow-list; Chromium names none. */
function firefoxParameter(failure: CheckFailure, response: WireResponse): string {
  if (failure.error !== 'InvalidAllowMethodsPreflightResponse' && failure.error !== 'InvalidAllowHeadersPreflightResponse') {
    return failure.failedParameter;
  }
  const name = failure.error === 'InvalidAllowMethodsPreflightResponse' ? 'access-control-allow-methods' : 'access-control-allow-headers';
  return splitList(getHeader(response.headers, name) ?? '').find((t) => !isToken(t)) ?? '';
}

/**
 * A failure the browser would report only for a credentialed request we cannot tell
 * apart on the wire. A warning when evidence says the page uses credentials with this
 * server (and says which); otherwise a pass with a quiet hint. The browser printed
 * nothing either way (it let the request through), so there is no console message.
 */
function credentialsOnly(input: FailureInput, passExplanation: string, requestCarriedNoCookie: boolean, seen: CredentialEvidence | undefined): CorsJudgement {
  const j = failing({ ...input, hypothetical: true }, 'warn');
  const weighed = weighCredentialEvidence(input.response, input.stage, requestCarriedNoCookie, seen);
  const element = input.msg.initiator && !['fetch', 'xhr'].includes(input.msg.initiator);
  const how = element
    ? `(crossorigin="use-credentials" on the ${initiatorLabel(input.msg.initiator!).replace(/ crossorigin>$/, '>')})`
    : "('include' in fetch, withCredentials in XHR)";
  const variant = `With credentials ${how} Chromium would block it (${j.corsError}): ${j.explanation}`;
  if (weighed.raisedBy.length === 0) {
    const why = weighed.sentWithout ?? 'Nothing seen says this page sends credentials to this server.';
    return passing(passExplanation, [`${variant} ${why} Nothing needs to change unless this endpoint should receive cookies or HTTP authentication.`]);
  }
  return {
    ...j,
    message: '',
    explanation: 'The browser lets this through for a request without credentials.',
    warnings: [`Passes as sent, but would be blocked if the page sent it with credentials. ${variant} Warned because ${weighed.raisedBy.join('; ')}.`],
    evidence: weighed.raisedBy,
    // Turning credentials on is the endpoint's call: offer it only where the endpoint already asks for them.
    fix: weighed.endpointAsked ? j.fix : [],
  };
}

interface FlowContext {
  pageOrigin: string;
  initiator: Initiator;
  /** What the caller saw on other exchanges between this page and this server. */
  seen: CredentialEvidence | undefined;
  include: boolean;
  credentialsInferred: boolean;
  /** Without cookies we cannot tell "omit"/"same-origin" from an "include" that had none to send. */
  ambiguous: boolean;
  initialUrl: string | null;
  complete: boolean;
}

interface PreflightOutcome {
  judgement: CorsJudgement;
  /** The browser stopped the fetch here. */
  failed: boolean;
  warned: boolean;
  /** An actual request followed although "include" would have failed: the fetch had no credentials. */
  provedNoCredentials: boolean;
}

/** Judges one preflight; `followed` says whether the browser sent a request after it. */
function judgePreflight(pf: WireExchange, fallbackMethod: string, followed: boolean, ctx: FlowContext): PreflightOutcome {
  const req = pf.request;
  const assumed: CredentialsMode = ctx.include ? 'include' : 'same-origin';
  const method = requestedMethod(req) ?? fallbackMethod;
  const pctx: PreflightContext = {
    origin: getHeader(req.headers, 'origin') ?? ctx.pageOrigin,
    credentials: assumed,
    method,
    unsafeHeaders: requestedHeaders(req),
    checkOrder: chromiumHeaderOrder(requestedHeaders(req), {
      initiator: ctx.initiator.kind === 'xhr' ? 'xhr' : 'fetch',
      clientHints: sendsClientHints(req.url),
    }),
    privateNetwork: getHeader(req.headers, 'access-control-request-private-network') === 'true',
  };
  const url = canonicalUrl(req.url);
  const base = {
    stage: 'preflight' as const,
    msg: { url, initialUrl: ctx.initialUrl ?? url, origin: ctx.pageOrigin, initiator: ctx.initiator.kind },
    origin: pctx.origin,
    credentialsInferred: ctx.credentialsInferred, method, unsafeHeaders: pctx.unsafeHeaders,
  };
  const result = (judgement: CorsJudgement, failed = false, warned = false, provedNoCredentials = false): PreflightOutcome =>
    ({ judgement, failed, warned, provedNoCredentials });
  if (!pf.response) return result(networkFailure(pf, 'The preflight'), true);

  const response = pf.response;
  const withCredentials = { ...pctx, credentials: 'include' as const };
  const failure = checkPreflight(response, pctx);
  if (failure) {
    const judgement = failing({ ...base, failure, response, credentials: assumed, fixCheck: (r) => checkPreflight(r, pctx) });
    // A preflight never shows the credentials mode: say what Chromium reports if it was "include".
    const ifIncluded = ctx.ambiguous ? checkPreflight(response, withCredentials) : null;
    if (ifIncluded && (ifIncluded.error !== failure.error || ifIncluded.failedParameter !== failure.failedParameter)) {
      judgement.hints = [
        ...(judgement.hints ?? []),
        `If the page sent this with credentials: 'include' (nothing on a preflight shows that), Chromium reports ${ifIncluded.error}${ifIncluded.failedParameter ? ` (${ifIncluded.failedParameter})` : ''} instead.`,
      ];
    }
    return result(judgement, true);
  }

  const credentialedFailure = ctx.ambiguous ? checkPreflight(response, withCredentials) : null;
  let outcome: PreflightOutcome;
  if (credentialedFailure) {
    const credInput = {
      ...base, failure: credentialedFailure, response, credentials: 'include' as const,
      fixCheck: (r: WireResponse) => checkPreflight(r, withCredentials),
    };
    if (followed) {
      // The browser sent the actual request, so the preflight passed in the real mode: no credentials.
      outcome = result(passing('The preflight allows this request (it was sent without credentials).'), false, false, true);
    } else if (ctx.complete) {
      return result(
        failing({
          ...credInput,
          note: 'No actual request followed this preflight although it passes for a request without credentials, so the browser must have sent it with credentials mode "include" and refused it.',
        }),
        true,
      );
    } else {
      // Still waiting for the actual request: whether it comes says which mode it was.
      const j = credentialsOnly(credInput, 'The preflight allows this request without credentials; the actual request has not arrived yet.', false, ctx.seen);
      return result(j, false, j.verdict === 'warn');
    }
  } else {
    const notes: string[] = [];
    if (!followed && ctx.complete) notes.push('The preflight passed but no actual request followed (the page may have been closed or the fetch aborted).');
    outcome = result(passing(`The preflight allows method ${method}${pctx.unsafeHeaders.length ? ` and headers ${pctx.unsafeHeaders.join(', ')}` : ''} from ${pctx.origin}.`, notes));
  }
  if (authorizationCoveredByWildcard(response, pctx)) {
    outcome.warned = true;
    outcome.judgement = {
      ...outcome.judgement,
      verdict: 'warn',
      header: 'access-control-allow-headers',
      fix: [{ action: 'set', header: 'Access-Control-Allow-Headers', value: `${getHeader(response.headers, 'access-control-allow-headers')}, authorization`, on: 'preflight' }],
      warnings: [...outcome.judgement.warnings, 'Authorization is allowed only through Access-Control-Allow-Headers: *. Chromium accepts that, but the Fetch standard, Firefox and Safari do not: list "authorization" by name.'],
      evidence: ['the preflight asked to send Authorization, and Access-Control-Allow-Headers allows it only through "*"'],
    };
  }
  return outcome;
}

/** Why the browser runs no CORS check, with what that means for a no-cors image or media element. */
function notCorsReason(cls: RequestClass, req: WireExchange['request'], initiator: Initiator): string {
  const mode = getHeader(req.headers, 'sec-fetch-mode')?.toLowerCase();
  if (mode === 'no-cors' && ['image', 'video', 'audio'].includes(initiator.kind)) {
    const element = initiator.kind === 'image' ? '<img>' : `<${initiator.kind}>`;
    return `A ${element} without a crossorigin attribute loads in no-cors mode: the browser runs no CORS check and shows it, but a canvas it is drawn on becomes tainted (getImageData(), toDataURL() and toBlob() throw a SecurityError). To read its pixels, add crossorigin="anonymous" to the ${element} and have the server send Access-Control-Allow-Origin.`;
  }
  if (cls.origin === null) return 'No Origin header: the browser runs no CORS check (a navigation, a no-cors request, or not a browser).';
  if (cls.crossOrigin) return 'The request mode (Sec-Fetch-Mode) is not "cors": the browser runs no CORS check on it.';
  return 'Same-origin request: CORS does not apply.';
}

export function judgeFlow(flow: CorsFlow): FlowJudgement {
  const extra = flow.redirectPreflights ?? [];
  if (extra.length === 0) return judgeOrderedFlow(flow);
  // Put each post-redirect preflight right before the first later hop to its URL.
  const merged: Array<{ ex: WireExchange; from: 'request' | 'preflight'; index: number }> =
    flow.requests.map((ex, index) => ({ ex, from: 'request' as const, index }));
  let searchFrom = 1;
  extra.forEach((ex, index) => {
    const url = canonicalUrl(ex.request.url);
    let at = merged.findIndex((m, i) => i >= searchFrom && m.from === 'request' && canonicalUrl(m.ex.request.url) === url);
    if (at < 0) at = merged.length;
    merged.splice(at, 0, { ex, from: 'preflight', index });
    searchFrom = at + 1;
  });
  const judged = judgeOrderedFlow({ ...flow, requests: merged.map((m) => m.ex), redirectPreflights: undefined });
  const requests: CorsJudgement[] = new Array(flow.requests.length);
  const redirectPreflights: CorsJudgement[] = new Array(extra.length);
  merged.forEach((m, i) => {
    (m.from === 'request' ? requests : redirectPreflights)[m.index] = judged.requests[i];
  });
  return { ...judged, requests, redirectPreflights };
}

function judgeOrderedFlow(flow: CorsFlow): FlowJudgement {
  const isPf = (ex: WireExchange) => isPreflightRequest(ex.request);
  // A fetch may start same-origin and only become CORS at a redirect to another origin:
  // judging starts at the first hop that is a CORS request (or a preflight the browser sent for it).
  const startIndex = Math.max(0, flow.requests.findIndex((ex) => isPf(ex) || classifyRequest(ex.request).isCors));
  const firstActual = flow.requests.slice(startIndex).find((ex) => !isPf(ex))?.request;
  const preflightReq = flow.preflight?.request ?? flow.requests.slice(startIndex).find(isPf)?.request ?? null;
  const first = firstActual ?? preflightReq;
  const emptyClass: RequestClass = {
    isCors: false, origin: null, crossOrigin: false, credentialsMode: 'same-origin', credentialsInferred: false,
    preflightRequired: false, unsafeMethod: null, unsafeHeaders: [],
  };
  if (!first) {
    const j = notCors('Nothing was captured for this flow.');
    return {
      verdict: 'not-cors', corsError: null, failedParameter: '', stage: 'none', decisive: j, preflight: null, requests: [], request: emptyClass,
      initiator: { kind: flow.initiator ?? 'other', certain: flow.initiator !== undefined },
    };
  }
  const cls = classifyRequest(first, preflightReq);
  // Credential evidence on any hop means credentials mode "include" for the whole fetch.
  const evidence = flow.requests.slice(startIndex).some((ex) => !isPf(ex) && carriesCredentialEvidence(ex.request));
  if (evidence && cls.isCors && cls.credentialsMode !== 'include') {
    cls.credentialsMode = 'include';
    cls.credentialsInferred = true;
  }
  // The browser knows what made the request and in which credentials mode; the wire only hints.
  const initiator: Initiator = flow.initiator ? { kind: flow.initiator, certain: true } : initiatorFromWire(first);
  if (flow.credentialsMode && cls.isCors) {
    cls.credentialsMode = flow.credentialsMode;
    cls.credentialsInferred = false;
  }

  if (!cls.isCors) {
    const why = notCorsReason(cls, first, initiator);
    const j = notCors(why);
    return {
      verdict: 'not-cors', corsError: null, failedParameter: '', stage: 'none', decisive: j,
      preflight: flow.preflight ? j : null, requests: flow.requests.map(() => j), request: cls, initiator,
    };
  }
  const include = cls.credentialsMode === 'include';
  const ctx: FlowContext = {
    pageOrigin: cls.origin ?? 'null',
    initiator,
    seen: flow.credentialEvidence,
    include,
    credentialsInferred: cls.credentialsInferred,
    // Fonts are always fetched with credentials mode "same-origin"; a known mode is not ambiguous either.
    ambiguous: !include && initiator.kind !== 'font' && flow.credentialsMode === undefined,
    initialUrl: flow.requests[0] ? canonicalUrl(flow.requests[0].request.url) : null,
    complete: flow.complete,
  };
  const pageOrigin = ctx.pageOrigin;
  let knownWithoutCredentials = false;
  const flowHints: string[] = [];
  let decisive: { judgement: CorsJudgement; stage: Stage } | null = null;
  let warned: { judgement: CorsJudgement; stage: Stage } | null = null;
  const record = (outcome: PreflightOutcome): CorsJudgement => {
    if (outcome.failed && !decisive) decisive = { judgement: outcome.judgement, stage: 'preflight' };
    if (outcome.warned && !warned) warned = { judgement: outcome.judgement, stage: 'preflight' };
    if (outcome.provedNoCredentials) knownWithoutCredentials = true;
    return outcome.judgement;
  };

  // --- preflight ---
  let preflightJudgement: CorsJudgement | null = null;
  if (flow.preflight) {
    const followed = flow.requests.some((ex) => !isPf(ex));
    preflightJudgement = record(judgePreflight(flow.preflight, first.method, followed, ctx));
  } else if (cls.preflightRequired && !preflightReq) {
    flowHints.push(
      flow.preflightCached
        ? 'This request needed a preflight; the browser reused a cached one (none was sent for it).'
        : 'This request needed a preflight but none was captured (a cached preflight, or it went around the proxy).',
    );
  }

  // --- actual request, redirect hops, and preflights the browser sent again before a hop ---
  const requestJudgements: CorsJudgement[] = [];
  const initialUrl = ctx.initialUrl ?? '';
  let tainted = false;
  for (const [index, ex] of flow.requests.entries()) {
    const url = canonicalUrl(ex.request.url);
    if (index < startIndex) {
      requestJudgements.push(notCors('Same-origin hop: CORS applies only after the redirect to another origin.'));
      continue;
    }
    if (decisive) {
      requestJudgements.push(notCors('Not judged: the browser had already failed this fetch earlier.'));
      continue;
    }
    if (isPf(ex)) {
      const followed = flow.requests.slice(index + 1).some((e) => !isPf(e));
      requestJudgements.push(record(judgePreflight(ex, first.method, followed, ctx)));
      continue;
    }
    if (!ex.response) {
      const j = networkFailure(ex, 'The request');
      requestJudgements.push(j);
      decisive = { judgement: j, stage: 'request' };
      continue;
    }
    const response = ex.response;
    const hopOrigin = getHeader(ex.request.headers, 'origin') ?? (tainted ? 'null' : pageOrigin);
    const target = redirectTarget(ex.request.url, response);
    const stage: Stage = target ? 'redirect' : 'request';
    const mode: CredentialsMode = include ? 'include' : 'same-origin';
    const base = {
      stage, response, msg: { url, initialUrl, origin: pageOrigin, initiator: ctx.initiator.kind }, origin: hopOrigin,
      credentialsInferred: cls.credentialsInferred, method: ex.request.method, unsafeHeaders: cls.unsafeHeaders,
    };
    const failure = checkAccess(response.headers, mode, hopOrigin);
    if (failure) {
      const j = failing({ ...base, failure, credentials: mode, fixCheck: (r) => checkAccess(r.headers, mode, hopOrigin) });
      requestJudgements.push(j);
      decisive = { judgement: j, stage };
      continue;
    }
    if (target) {
      const locationFailure = checkRedirectLocation(target);
      if (locationFailure) {
        // Chromium finds a disabled scheme only when it starts the next request, so it names the target URL.
        const msg = locationFailure.error === 'CorsDisabledScheme' ? { ...base.msg, url: target.href } : base.msg;
        const j = failing({ ...base, msg, failure: locationFailure, credentials: mode, fixCheck: () => null });
        requestJudgements.push(j);
        decisive = { judgement: j, stage };
        continue;
      }
      const netError = redirectNetworkError(target);
      if (netError) {
        const j: CorsJudgement = {
          verdict: 'fail', corsError: null, failedParameter: '', message: '', fix: [], warnings: [], hints: [], header: 'location',
          explanation: `The redirect points to ${target.href}; browsers refuse to follow a fetch there (${netError}), a network error rather than a CORS error. Redirect to an http(s) URL instead.`,
        };
        requestJudgements.push(j);
        decisive = { judgement: j, stage };
        continue;
      }
      if (taintsOrigin(pageOrigin, ex.request.url, target.href)) tainted = true;
    }
    const credentialedFailure = ctx.ambiguous && !knownWithoutCredentials ? checkAccess(response.headers, 'include', hopOrigin) : null;
    if (credentialedFailure) {
      const j = credentialsOnly(
        { ...base, failure: credentialedFailure, credentials: 'include', fixCheck: (r) => checkAccess(r.headers, 'include', hopOrigin) },
        target ? `The redirect response allows ${hopOrigin} without credentials; the browser follows it to ${target.href}.` : `The response allows ${hopOrigin} for a request without credentials.`,
        !hasHeader(ex.request.headers, 'cookie'),
        ctx.seen,
      );
      requestJudgements.push(j);
      if (j.verdict === 'warn' && !warned) warned = { judgement: j, stage };
      continue;
    }
    requestJudgements.push(
      passing(
        target
          ? `The redirect response allows ${hopOrigin}; the browser follows it to ${target.href}.`
          : `The response allows ${hopOrigin}${include ? ' with credentials' : ''}.`,
      ),
    );
  }

  const chosen = decisive ?? warned ?? (requestJudgements.length
    ? { judgement: requestJudgements[requestJudgements.length - 1], stage: 'request' as Stage }
    : preflightJudgement ? { judgement: preflightJudgement, stage: 'preflight' as Stage } : null);
  const decisiveJudgement = chosen ? { ...chosen.judgement, hints: [...(chosen.judgement.hints ?? []), ...flowHints] } : passing('', flowHints);
  if (decisiveJudgement.message && !initiator.certain && initiator.kind === 'fetch') {
    decisiveJudgement.explanation += ` (The wire cannot tell fetch() from XMLHttpRequest: both send Sec-Fetch-Dest: empty. The console line shown is fetch()'s; from XMLHttpRequest, axios or jQuery it reads: ${asXhrMessage(decisiveJudgement.message)})`;
  }
  return {
    verdict: decisiveJudgement.verdict,
    corsError: decisiveJudgement.corsError,
    failedParameter: decisiveJudgement.failedParameter,
    stage: chosen ? chosen.stage : 'none',
    decisive: decisiveJudgement,
    preflight: preflightJudgement,
    requests: requestJudgements,
    request: cls,
    initiator,
  };
}
