// When an exchange passes as sent but would fail with credentials, the wire alone
// cannot say whether the page used them. That case is a warning only when something
// seen says the page uses credentials with this server; otherwise it is a quiet hint.
// This file weighs that evidence: what the exchange itself shows, and what the
// caller (the recorder) saw on other exchanges between the same page and server.
import type { WireResponse } from '../http/types';
import { getHeader, hasHeader } from '../http/headers';

/**
 * What other exchanges between one page origin and one server showed about
 * credentials. Each value says where it was first seen (e.g. "GET /api/profile").
 * Immutable: a changed book entry is a new object, so a flow can keep the one it was judged with.
 */
export interface CredentialEvidence {
  /** A request from this page origin to this server carried a Cookie. */
  cookiesSent?: string;
  /** The server answered this page origin with Access-Control-Allow-Credentials: true. */
  allowCredentials?: string;
  /** The server set a cookie (Set-Cookie) in an answer to this page origin. */
  setCookie?: string;
}

export interface CredentialWeighing {
  /** Why this is a warning (empty: only a hint). */
  raisedBy: string[];
  /** The endpoint itself asks for credentials: a fix may turn them on for it. */
  endpointAsked: boolean;
  /** Evidence that this very request went without credentials, when there is some. */
  sentWithout: string | null;
}

/** Signs on this response that its endpoint expects credentials. */
function askedOn(response: WireResponse, what: string): string[] {
  const out: string[] = [];
  const acac = getHeader(response.headers, 'access-control-allow-credentials');
  if (acac !== null) out.push(`${what} sends Access-Control-Allow-Credentials: ${acac === '' ? '(empty)' : acac}`);
  if (hasHeader(response.headers, 'set-cookie')) out.push(`${what} sets a cookie (Set-Cookie), which the browser keeps only from a request with credentials`);
  return out;
}

/**
 * Weighs the evidence for a credentials-only failure.
 * @param requestCarriedNoCookie true for an actual request (it was seen without a Cookie);
 *   false for a preflight, which never carries cookies and so proves nothing.
 */
export function weighCredentialEvidence(
  response: WireResponse,
  stage: 'preflight' | 'request' | 'redirect',
  requestCarriedNoCookie: boolean,
  seen: CredentialEvidence | undefined,
): CredentialWeighing {
  const asked = askedOn(response, stage === 'preflight' ? 'the preflight response' : stage === 'redirect' ? 'the redirect response' : 'the response');
  if (asked.length) return { raisedBy: asked, endpointAsked: true, sentWithout: null };
  const evidence = seen ?? {};
  // A browser with cookies for this server attaches them to every credentialed request
  // from this page; a request that carried none was sent without credentials.
  if (requestCarriedNoCookie && evidence.cookiesSent) {
    return {
      raisedBy: [],
      endpointAsked: false,
      sentWithout: `This page sends cookies to this server (${evidence.cookiesSent} carried them) and this request carried none, so it was sent without credentials.`,
    };
  }
  const raisedBy: string[] = [];
  if (evidence.cookiesSent) raisedBy.push(`requests from this page to this server carry cookies (${evidence.cookiesSent})`);
  if (evidence.allowCredentials) raisedBy.push(`the server allows credentials for this page elsewhere (Access-Control-Allow-Credentials: true on ${evidence.allowCredentials})`);
  if (evidence.setCookie) raisedBy.push(`the server sets cookies for this page (Set-Cookie on ${evidence.setCookie})`);
  return { raisedBy, endpointAsked: false, sentWithout: null };
}
