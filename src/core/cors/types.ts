// The vocabulary of a CORS judgement. Error names are exactly the values of the
// Chrome DevTools Protocol's Network.CorsError enum so that our verdicts can be
// compared one-to-one with what Chromium reports.
import type { WireExchange } from '../http/types';
import type { CredentialEvidence } from './credential-evidence';

export type { CredentialEvidence } from './credential-evidence';

export const CORS_ERRORS = [
  'DisallowedByMode',
  'InvalidResponse',
  'WildcardOriginNotAllowed',
  'MissingAllowOriginHeader',
  'MultipleAllowOriginValues',
  'InvalidAllowOriginValue',
  'AllowOriginMismatch',
  'InvalidAllowCredentials',
  'CorsDisabledScheme',
  'PreflightInvalidStatus',
  'PreflightDisallowedRedirect',
  'PreflightWildcardOriginNotAllowed',
  'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue',
  'PreflightAllowOriginMismatch',
  'PreflightInvalidAllowCredentials',
  'PreflightMissingAllowExternal',
  'PreflightInvalidAllowExternal',
  'PreflightMissingAllowPrivateNetwork',
  'PreflightInvalidAllowPrivateNetwork',
  'InvalidAllowMethodsPreflightResponse',
  'InvalidAllowHeadersPreflightResponse',
  'MethodDisallowedByPreflightResponse',
  'HeaderDisallowedByPreflightResponse',
  'RedirectContainsCredentials',
  'InsecurePrivateNetwork',
  'InvalidPrivateNetworkAccess',
  'UnexpectedPrivateNetworkAccess',
  'NoCorsRedirectModeNotFollow',
  'PreflightMissingPrivateNetworkAccessId',
  'PreflightMissingPrivateNetworkAccessName',
  'PrivateNetworkAccessPermissionUnavailable',
  'PrivateNetworkAccessPermissionDenied',
  'LocalNetworkAccessPermissionDenied',
] as const;

export type CorsErrorName = (typeof CORS_ERRORS)[number];

/**
 * pass: the browser lets it through. fail: the browser blocks it.
 * warn: it passes as seen, but something seen says it is at risk (named in `warnings`, with
 *   the `evidence` that raised it): e.g. the page uses credentials with this server and a
 *   credentialed request we cannot tell apart on the wire would fail.
 * not-cors: same-origin or not a CORS request at all (no Origin, navigation, no-cors).
 */
export type Verdict = 'pass' | 'fail' | 'warn' | 'not-cors';

export type CredentialsMode = 'omit' | 'same-origin' | 'include';

/** One response-header change. The smallest set of these that makes the exchange pass is the fix. */
export interface HeaderChange {
  /** set: the header must be exactly `value` (one line). remove: drop every line of it. */
  action: 'set' | 'remove';
  header: string;
  value?: string;
  /** Which response must change. */
  on: 'preflight' | 'response';
}

export interface CorsJudgement {
  verdict: Verdict;
  corsError: CorsErrorName | null;
  /** As Chromium reports it in corsErrorStatus.failedParameter ('' when it reports none). */
  failedParameter: string;
  /** Chromium's console message, with the real URL and origin filled in ('' on pass). */
  message: string;
  /** Firefox's reason, where its wording says something different. */
  firefoxReason?: string;
  /** The root cause in plain words, including what browsers hide (e.g. what the server was asked for). */
  explanation: string;
  /** The smallest set of response-header changes that makes it pass (empty on pass). */
  fix: HeaderChange[];
  /** Which header the judgement turned on, so a UI can highlight it (lower-case), if any. */
  header?: string;
  /** For verdict 'warn': what is at risk. */
  warnings: string[];
  /** For verdict 'warn': what was seen that raised it (on this exchange or, from the caller, on others). */
  evidence?: string[];
  /**
   * Quiet notes for the detail view, on any verdict: a variant nothing seen points to
   * (e.g. what Chromium would say with credentials), a reused preflight.
   */
  hints?: string[];
}

/** What can be told about a request from the wire alone. */
export interface RequestClass {
  isCors: boolean;
  /** The serialized Origin header value ('null' for opaque origins), or null when absent. */
  origin: string | null;
  crossOrigin: boolean;
  credentialsMode: CredentialsMode;
  /** True when the mode was inferred from evidence (Cookie, HTTP auth) rather than known. */
  credentialsInferred: boolean;
  preflightRequired: boolean;
  /** Why a preflight is required: non-safelisted method and/or the CORS-unsafe request header names (lower-case, sorted). */
  unsafeMethod: string | null;
  unsafeHeaders: string[];
}

/**
 * One fetch as the browser performs it: an optional preflight, then the actual
 * request and any redirect hops it followed, in order.
 */
export interface CorsFlow {
  preflight: WireExchange | null;
  /**
   * The actual request and its redirect hops, in order. When a redirected request still
   * needs a preflight, Chromium sends a new one before the hop: put that preflight in this
   * list right before the hop it precedes (the engine recognises it and judges it as a preflight).
   */
  requests: WireExchange[];
  /** No more traffic will join this flow (lets the engine conclude the browser refused a preflight that looked fine). */
  complete: boolean;
  /** The actual request needed a preflight but none was seen: the browser used its preflight cache. */
  preflightCached?: boolean;
  /**
   * Preflights Chromium sent again after a redirect, in the order seen (the alternative to
   * listing them in `requests`). The engine places each before the first later hop to its URL.
   */
  redirectPreflights?: WireExchange[];
  /**
   * What the caller saw on OTHER exchanges between this page origin and this server
   * (cookies sent, credentials allowed, cookies set): raises a credentials-only failure
   * from a hint to a warning, or shows the request went without credentials.
   */
  credentialEvidence?: CredentialEvidence;
}

export interface FlowJudgement {
  /** The outcome of the whole fetch: the first failure, else the weakest pass. */
  verdict: Verdict;
  corsError: CorsErrorName | null;
  failedParameter: string;
  /** Where the outcome was decided. */
  stage: 'preflight' | 'request' | 'redirect' | 'none';
  /** The judgement that decided the outcome. */
  decisive: CorsJudgement;
  preflight: CorsJudgement | null;
  /** One per entry of flow.requests. */
  requests: CorsJudgement[];
  /** One per entry of flow.redirectPreflights, when given. */
  redirectPreflights?: CorsJudgement[];
  request: RequestClass;
}
