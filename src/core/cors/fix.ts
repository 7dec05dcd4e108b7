// The smallest response-header changes that turn a failure into a pass, and a way
// to apply them (used by the engine itself to verify a fix, and by tests).
import type { HeaderList, WireResponse } from '../http/types';
import { getHeader, isToken, removeHeader, setHeader, splitList } from '../http/headers';
import type { CorsErrorName, CredentialsMode, HeaderChange } from './types';
import { ACAC, ACAO, type CheckFailure } from './access-check';
import { ACAH, ACAM, ACAPN } from './preflight-check';
import { isSafelistedMethod } from './safelist';

export interface FixContext {
  on: 'preflight' | 'response';
  /** The serialized origin the failing request carried. */
  origin: string;
  credentials: CredentialsMode;
  method: string;
  unsafeHeaders: string[];
}

const ORIGIN_ERRORS: CorsErrorName[] = [
  'WildcardOriginNotAllowed', 'MissingAllowOriginHeader', 'MultipleAllowOriginValues', 'InvalidAllowOriginValue',
  'AllowOriginMismatch', 'PreflightWildcardOriginNotAllowed', 'PreflightMissingAllowOriginHeader',
  'PreflightMultipleAllowOriginValues', 'PreflightInvalidAllowOriginValue', 'PreflightAllowOriginMismatch',
];

/** Keeps the valid tokens of an allow-list and adds what is missing, preserving order. */
function extendList(existing: string | null, needed: string[], caseInsensitive: boolean): string {
  const items = existing === null ? [] : splitList(existing).filter((t) => isToken(t) && t !== '*');
  const has = (n: string) => items.some((t) => (caseInsensitive ? t.toLowerCase() === n.toLowerCase() : t === n));
  for (const n of needed) if (!has(n)) items.push(n);
  return items.join(', ');
}

function listChange(header: string, value: string, on: HeaderChange['on']): HeaderChange {
  return value === '' ? { action: 'remove', header, on } : { action: 'set', header, value, on };
}

/** The changes for one failure of one response (the next check may need more: see fixResponse). */
export function localFix(failure: CheckFailure, headers: HeaderList, ctx: FixContext): HeaderChange[] {
  const { on } = ctx;
  const include = ctx.credentials === 'include';
  if (ORIGIN_ERRORS.includes(failure.error)) {
    const changes: HeaderChange[] = [{ action: 'set', header: 'Access-Control-Allow-Origin', value: ctx.origin, on }];
    if (include && getHeader(headers, ACAC) !== 'true') {
      changes.push({ action: 'set', header: 'Access-Control-Allow-Credentials', value: 'true', on });
    }
    return changes;
  }
  switch (failure.error) {
    case 'InvalidAllowCredentials':
    case 'PreflightInvalidAllowCredentials':
      return [{ action: 'set', header: 'Access-Control-Allow-Credentials', value: 'true', on }];
    case 'PreflightMissingAllowPrivateNetwork':
    case 'PreflightInvalidAllowPrivateNetwork':
      return [{ action: 'set', header: 'Access-Control-Allow-Private-Network', value: 'true', on }];
    case 'InvalidAllowMethodsPreflightResponse':
    case 'MethodDisallowedByPreflightResponse': {
      const needed = isSafelistedMethod(ctx.method) ? [] : [ctx.method];
      return [listChange('Access-Control-Allow-Methods', extendList(getHeader(headers, ACAM), needed, false), on)];
    }
    case 'InvalidAllowHeadersPreflightResponse':
    case 'HeaderDisallowedByPreflightResponse': {
      const existing = getHeader(headers, ACAH);
      const keepWildcard = !include && existing !== null && splitList(existing).includes('*');
      let value = extendList(existing, ctx.unsafeHeaders, true);
      if (keepWildcard) value = value === '' ? '*' : `*, ${value}`;
      return [listChange('Access-Control-Allow-Headers', value, on)];
    }
    default:
      // Status codes, redirects and Location URLs cannot be fixed with response headers.
      return [];
  }
}

export function applyChanges(headers: HeaderList, changes: HeaderChange[]): HeaderList {
  let out = headers;
  for (const c of changes) out = c.action === 'set' ? setHeader(out, c.header, c.value ?? '') : removeHeader(out, c.header);
  return out;
}

export function applyToResponse(response: WireResponse, changes: HeaderChange[]): WireResponse {
  return { ...response, headers: applyChanges(response.headers, changes) };
}

/** Later changes of the same header replace earlier ones. */
export function mergeChanges(a: HeaderChange[], b: HeaderChange[]): HeaderChange[] {
  const out = [...a];
  for (const c of b) {
    const i = out.findIndex((x) => x.on === c.on && x.header.toLowerCase() === c.header.toLowerCase());
    if (i >= 0) out[i] = c;
    else out.push(c);
  }
  return out;
}

/**
 * Repeats check → local fix until the response passes (or no header change can help),
 * so the result covers every check the response would fail in turn.
 */
export function fixResponse(
  response: WireResponse,
  check: (r: WireResponse) => CheckFailure | null,
  ctx: FixContext,
): HeaderChange[] {
  let fix: HeaderChange[] = [];
  let current = response;
  for (let i = 0; i < 8; i++) {
    const failure = check(current);
    if (!failure) return fix;
    if (failure.error === 'PreflightInvalidStatus') {
      // No header fixes a status; look past it (as if the server answered 204) so the
      // fix also covers the checks that come after it.
      current = { ...current, status: 204 };
      continue;
    }
    const step = localFix(failure, current.headers, ctx);
    if (step.length === 0) return fix;
    fix = mergeChanges(fix, step);
    current = { ...applyToResponse(response, fix), status: current.status };
  }
  return fix;
}
