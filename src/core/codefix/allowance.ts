// Whether what a server's code allows (AllowedCors, read by a placement) covers a
// policy, field by field. Shared by every framework's generator and by the plan's
// check of its own output.
import { normalizeMethod } from '../cors/safelist';
import type { AllowedCors, CorsPolicy } from './types';

/** What the allowed configuration lacks for the policy (all false: nothing to change). */
export interface Shortfall {
  origins: boolean;
  methods: boolean;
  allowHeaders: boolean;
  credentials: boolean;
  privateNetwork: boolean;
}

export function shortfall(allowed: AllowedCors, policy: CorsPolicy): Shortfall {
  const has = (items: string[], wanted: string[], fold: (s: string) => string) => wanted.every((w) => items.some((i) => fold(i) === fold(w)));
  const origins = Array.isArray(allowed.origins)
    ? !has(allowed.origins, policy.origins, (s) => s)
    : allowed.origins === 'computed' ? false : policy.credentials; // `*` and reflection are fine without credentials
  const methods = Array.isArray(allowed.methods) ? !has(allowed.methods, policy.methods, normalizeMethod) : false;
  const headers = Array.isArray(allowed.allowHeaders)
    ? !has(allowed.allowHeaders, policy.allowHeaders, (s) => s.toLowerCase())
    : allowed.allowHeaders === 'any' ? policy.credentials || policy.allowHeaders.includes('authorization') : false;
  return {
    origins,
    methods,
    allowHeaders: headers,
    credentials: policy.credentials && !allowed.credentials,
    privateNetwork: policy.privateNetwork && !allowed.privateNetwork,
  };
}

export function needsChange(s: Shortfall): boolean {
  return s.origins || s.methods || s.allowHeaders || s.credentials || s.privateNetwork;
}
