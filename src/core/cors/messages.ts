// Console wording: Chromium's, per initiator (fetch, XMLHttpRequest, image, script, …),
// and Firefox's reason where it says something different.
import type { CorsErrorName } from './types';
import { addsServerAdvice, consoleName, type InitiatorKind } from './initiator';

export interface MessageContext {
  /** The URL whose response failed (the last one after redirects). */
  url: string;
  /** The URL the page asked for, when redirects happened. */
  initialUrl: string;
  /** The page's origin (Chromium prints the initiator, not the tainted "null"). */
  origin: string;
  /** What made the request: decides "Access to <fetch|XMLHttpRequest|image|…> at" (default fetch). */
  initiator?: InitiatorKind;
}

const PREFLIGHT_PREFIX = "Response to preflight request doesn't pass access control check: ";
const SERVER_ADVICE = ' Have the server send the header with a valid value.';
// XMLHttpRequest's own closing advice on the credentials errors (measured).
const XHR_CREDENTIALS_ADVICE = ' The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.';
// As Chromium 156 lists them (measured: sorted, including its internal token-provider scheme).
const CORS_SCHEMES = 'chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app';

/** Control and non-ASCII characters print as \uXXXX, like Blink's EncodeHint. */
function hint(value: string): string {
  let out = '';
  for (const c of value) {
    const code = c.codePointAt(0) ?? 0;
    out += code >= 0x20 && code < 0x7f ? c : `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return out;
}

function addressSpace(url: string): string {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return 'unknown';
  }
  if (host === 'localhost' || host.startsWith('127.') || host === '[::1]') return 'local';
  if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host)) return 'private';
  return 'public';
}

function reason(error: CorsErrorName, param: string, url: string, initiator: InitiatorKind): string {
  const p = hint(param);
  // Only fetch() adds this advice to the Allow-Origin value errors (measured against XHR, img, script, style, font).
  const serverAdvice = addsServerAdvice(initiator) ? SERVER_ADVICE : '';
  const credentialsAdvice = initiator === 'xhr' ? XHR_CREDENTIALS_ADVICE : '';
  switch (error) {
    case 'DisallowedByMode':
      return 'Cross origin requests are not allowed by request mode.';
    case 'InvalidResponse':
      return 'The response is invalid.';
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return `The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.${credentialsAdvice}`;
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return `The 'Access-Control-Allow-Origin' header contains multiple values '${p}', but only one is allowed.${serverAdvice}`;
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `The 'Access-Control-Allow-Origin' header contains the invalid value '${p}'.${serverAdvice}`;
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
      return `The 'Access-Control-Allow-Origin' header has a value '${p}' that is not equal to the supplied origin.${serverAdvice}`;
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return `The value of the 'Access-Control-Allow-Credentials' header in the response is '${p}' which must be 'true' when the request's credentials mode is 'include'.${credentialsAdvice}`;
    case 'CorsDisabledScheme':
      return `Cross origin requests are only supported for protocol schemes: ${CORS_SCHEMES}.`;
    case 'PreflightInvalidStatus':
      return 'It does not have HTTP ok status.';
    case 'PreflightDisallowedRedirect':
      return 'Redirect is not allowed for a preflight request.';
    case 'PreflightMissingAllowPrivateNetwork':
      return `No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request targeting the \`${addressSpace(url)}\` address space.`;
    case 'PreflightInvalidAllowPrivateNetwork':
      return `The 'Access-Control-Allow-Private-Network' header in the preflight response for this private network request targeting the \`${addressSpace(url)}\` address space had a value of '${p}', not 'true'.`;
    case 'InvalidAllowMethodsPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.';
    case 'InvalidAllowHeadersPreflightResponse':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.';
    case 'MethodDisallowedByPreflightResponse':
      return `Method ${p} is not allowed by Access-Control-Allow-Methods in preflight response.`;
    case 'HeaderDisallowedByPreflightResponse':
      return `Request header field ${p} is not allowed by Access-Control-Allow-Headers in preflight response.`;
    case 'RedirectContainsCredentials':
      return `Redirect location '${p}' contains a username and password, which is disallowed for cross-origin requests.`;
    default:
      return `${error}.`;
  }
}

const PREFIXED: CorsErrorName[] = [
  'PreflightWildcardOriginNotAllowed', 'PreflightMissingAllowOriginHeader', 'PreflightMultipleAllowOriginValues',
  'PreflightInvalidAllowOriginValue', 'PreflightAllowOriginMismatch', 'PreflightInvalidAllowCredentials',
  'PreflightInvalidStatus', 'PreflightDisallowedRedirect',
];

/** "Access to fetch at '…' from origin '…' has been blocked by CORS policy: …" (or image, script, …). */
export function chromiumMessage(error: CorsErrorName, failedParameter: string, ctx: MessageContext): string {
  const initiator = ctx.initiator ?? 'fetch';
  let text = `Access to ${consoleName(initiator)} at '${ctx.url}' `;
  if (ctx.initialUrl !== ctx.url) text += `(redirected from '${ctx.initialUrl}') `;
  text += `from origin '${ctx.origin}' has been blocked by CORS policy: `;
  if (PREFIXED.includes(error)) text += PREFLIGHT_PREFIX;
  return text + reason(error, failedParameter, ctx.url, initiator);
}

/** The same console line as XMLHttpRequest words it: its own name, and without fetch()'s closing advice. */
export function asXhrMessage(fetchMessage: string): string {
  const text = fetchMessage.replace(/^Access to fetch at /, `Access to ${consoleName('xhr')} at `);
  if (text.endsWith(SERVER_ADVICE)) return text.slice(0, -SERVER_ADVICE.length);
  return /credentials mode is 'include'\.$/.test(text) ? text + XHR_CREDENTIALS_ADVICE : text;
}

/**
 * Firefox's "Reason:" line, where it words the problem differently from Chromium.
 * For the two "invalid token" errors pass the offending token as `failedParameter`.
 */
export function firefoxReason(error: CorsErrorName, failedParameter: string, status?: number): string | undefined {
  switch (error) {
    case 'MissingAllowOriginHeader':
    case 'PreflightMissingAllowOriginHeader':
      return "CORS header 'Access-Control-Allow-Origin' missing";
    case 'AllowOriginMismatch':
    case 'PreflightAllowOriginMismatch':
    case 'InvalidAllowOriginValue':
    case 'PreflightInvalidAllowOriginValue':
      return `CORS header 'Access-Control-Allow-Origin' does not match '${failedParameter}'`;
    case 'MultipleAllowOriginValues':
    case 'PreflightMultipleAllowOriginValues':
      return "Multiple CORS header 'Access-Control-Allow-Origin' not allowed";
    case 'WildcardOriginNotAllowed':
    case 'PreflightWildcardOriginNotAllowed':
      return "Credential is not supported if the CORS header 'Access-Control-Allow-Origin' is '*'";
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return "expected 'true' in CORS header 'Access-Control-Allow-Credentials'";
    case 'PreflightInvalidStatus':
      return status === undefined ? 'CORS preflight response did not succeed' : `CORS preflight response did not succeed (status code ${status})`;
    case 'PreflightDisallowedRedirect':
      return 'CORS request external redirect not allowed';
    case 'InvalidAllowMethodsPreflightResponse':
      return `invalid token '${failedParameter}' in CORS header 'Access-Control-Allow-Methods'`;
    case 'InvalidAllowHeadersPreflightResponse':
      return `invalid token '${failedParameter}' in CORS header 'Access-Control-Allow-Headers'`;
    case 'MethodDisallowedByPreflightResponse':
      return "Did not find method in CORS header 'Access-Control-Allow-Methods'";
    case 'HeaderDisallowedByPreflightResponse':
      return `header '${failedParameter}' is not allowed according to header 'Access-Control-Allow-Headers' from CORS preflight response`;
    case 'CorsDisabledScheme':
      return 'CORS request not HTTP';
    default:
      return undefined;
  }
}
