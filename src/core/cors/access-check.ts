// The CORS check (Fetch "CORS check"; Chromium's cors::CheckAccess), applied to an
// actual response, a redirect response, or — with Preflight* names — a preflight.
import type { HeaderList } from '../http/types';
import { getHeader, utf8FromLatin1 } from '../http/headers';
import { isValidUrl } from '../http/origin';
import type { CorsErrorName, CredentialsMode } from './types';

export interface CheckFailure {
  error: CorsErrorName;
  failedParameter: string;
  /** The response header the failure turned on (lower-case). */
  header?: string;
}

export const ACAO = 'access-control-allow-origin';
export const ACAC = 'access-control-allow-credentials';

/**
 * @param origin the serialized origin the browser compares with: the request's Origin
 *   header, which is "null" once a redirect tainted it.
 */
export function checkAccess(headers: HeaderList, credentials: CredentialsMode, origin: string): CheckFailure | null {
  const allowOrigin = getHeader(headers, ACAO);
  const include = credentials === 'include';
  if (allowOrigin === '*') {
    if (include) return { error: 'WildcardOriginNotAllowed', failedParameter: '', header: ACAO };
  } else if (allowOrigin === null) {
    return { error: 'MissingAllowOriginHeader', failedParameter: '', header: ACAO };
  } else if (allowOrigin !== origin) {
    // Chromium only looks closer to give developers a better hint.
    if (/[ ,]/.test(allowOrigin)) return { error: 'MultipleAllowOriginValues', failedParameter: allowOrigin, header: ACAO };
    if (allowOrigin === 'null') return { error: 'AllowOriginMismatch', failedParameter: allowOrigin, header: ACAO };
    // GURL reads the bytes as UTF-8; bytes that are not UTF-8 make it invalid.
    const asText = utf8FromLatin1(allowOrigin);
    if (asText === null || !isValidUrl(asText)) return { error: 'InvalidAllowOriginValue', failedParameter: allowOrigin, header: ACAO };
    return { error: 'AllowOriginMismatch', failedParameter: allowOrigin, header: ACAO };
  }
  if (include) {
    const allowCredentials = getHeader(headers, ACAC);
    // Case-sensitive on purpose: only the exact token `true` counts.
    if (allowCredentials !== 'true') return { error: 'InvalidAllowCredentials', failedParameter: allowCredentials ?? '', header: ACAC };
  }
  return null;
}

const PREFLIGHT_NAMES: Partial<Record<CorsErrorName, CorsErrorName>> = {
  WildcardOriginNotAllowed: 'PreflightWildcardOriginNotAllowed',
  MissingAllowOriginHeader: 'PreflightMissingAllowOriginHeader',
  MultipleAllowOriginValues: 'PreflightMultipleAllowOriginValues',
  InvalidAllowOriginValue: 'PreflightInvalidAllowOriginValue',
  AllowOriginMismatch: 'PreflightAllowOriginMismatch',
  InvalidAllowCredentials: 'PreflightInvalidAllowCredentials',
};

/**
 * failedParameter as DevTools shows it: the bytes read as UTF-8, or '' when they are not
 * UTF-8 (the protocol drops such strings). Console messages keep the raw bytes.
 */
export function devtoolsParameter(raw: string): string {
  return utf8FromLatin1(raw) ?? '';
}

/** The preflight-specific name Chromium reports for an access-check failure on a preflight. */
export function asPreflightError(failure: CheckFailure): CheckFailure {
  return { ...failure, error: PREFLIGHT_NAMES[failure.error] ?? failure.error };
}
