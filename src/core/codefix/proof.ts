// Proving a policy before it is offered: the recorded responses are given the headers
// a server implementing the policy would send, and the engine judges every flow again.
// A preflight the fixed server answers itself gets 204 (CORS middleware answers it
// before any route); the actual request that a blocked preflight kept the browser from
// sending is added, as the browser would now send it.
import { judgeFlow } from '../cors/flow';
import { isPreflightRequest } from '../cors/classify';
import { isRedirect } from '../cors/preflight-check';
import type { CorsFlow, FlowJudgement } from '../cors/types';
import { getHeader } from '../http/headers';
import type { HeaderList, WireExchange, WireRequest, WireResponse } from '../http/types';
import type { CorsPolicy } from './types';

/** The response headers a server implementing `policy` sends for `request` (none for an origin it does not allow). */
export function policyHeaders(policy: CorsPolicy, request: WireRequest): HeaderList {
  const origin = getHeader(request.headers, 'origin');
  const out: Array<[string, string]> = [['Vary', 'Origin']];
  if (origin === null || !policy.origins.includes(origin)) return out;
  out.push(['Access-Control-Allow-Origin', origin]);
  if (policy.credentials) out.push(['Access-Control-Allow-Credentials', 'true']);
  if (isPreflightRequest(request)) {
    if (policy.methods.length) out.push(['Access-Control-Allow-Methods', policy.methods.join(', ')]);
    if (policy.allowHeaders.length) out.push(['Access-Control-Allow-Headers', policy.allowHeaders.join(', ')]);
    out.push(['Access-Control-Max-Age', String(policy.maxAgeSeconds)]);
    if (policy.privateNetwork && getHeader(request.headers, 'access-control-request-private-network') === 'true') {
      out.push(['Access-Control-Allow-Private-Network', 'true']);
    }
  } else if (policy.exposeHeaders.length) {
    out.push(['Access-Control-Expose-Headers', policy.exposeHeaders.join(', ')]);
  }
  return out;
}

function withoutCors(headers: HeaderList): HeaderList {
  return headers.filter(([n]) => {
    const lower = n.toLowerCase();
    return !lower.startsWith('access-control-') && lower !== 'vary';
  });
}

/** The response the fixed server gives: its own headers without CORS, plus the policy's. */
export function responseUnderPolicy(policy: CorsPolicy, exchange: WireExchange): WireResponse | null {
  const res = exchange.response;
  if (!res) return null;
  const preflight = isPreflightRequest(exchange.request);
  // Middleware answers a preflight itself; it cannot undo a redirect that happens before the app.
  const status = preflight && !isRedirect(res) ? 204 : res.status;
  return { ...res, status, headers: [...withoutCors(res.headers), ...policyHeaders(policy, exchange.request)] };
}

/** The actual request a preflight was sent for, as the browser sends it once the preflight passes. */
function actualAfter(preflight: WireRequest): WireRequest {
  const method = getHeader(preflight.headers, 'access-control-request-method') ?? 'GET';
  const asked = (getHeader(preflight.headers, 'access-control-request-headers') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const keep = preflight.headers.filter(([n]) => !/^access-control-request-/i.test(n));
  return { ...preflight, method, headers: [...keep, ...asked.map((h) => [h, 'x'] as [string, string])] };
}

/** The flow as the fixed server would answer it. */
export function flowUnderPolicy(policy: CorsPolicy, flow: CorsFlow, credentialed: boolean): CorsFlow {
  const fix = (ex: WireExchange): WireExchange => ({ ...ex, response: responseUnderPolicy(policy, ex) });
  const requests = flow.requests.map(fix);
  if (flow.preflight && requests.length === 0 && flow.preflight.response) {
    const req = actualAfter(flow.preflight.request);
    // The browser concluded "include" from the lack of a follower; the follower now carries its cookie.
    if (credentialed) req.headers = [...req.headers, ['Cookie', 'session=1']];
    const answer: WireExchange = { request: req, response: { status: 200, headers: [['Content-Type', 'application/json']] } };
    requests.push(fix(answer));
  }
  return { ...flow, preflight: flow.preflight ? fix(flow.preflight) : null, requests };
}

/** Judges the flow as the fixed server would answer it. */
export function proveFlow(policy: CorsPolicy, flow: CorsFlow, judged: FlowJudgement): FlowJudgement {
  return judgeFlow(flowUnderPolicy(policy, flow, judged.request.credentialsMode === 'include'));
}
