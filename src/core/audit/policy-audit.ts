// The audit of a policy before a quick fix offers it: the same finding ids the
// active audit reports, decided on the policy itself. A generated policy with a
// high finding is a bug in the generator, and is never offered.
import type { CorsPolicy } from '../codefix/types';
import { CATALOG, trustSeverity } from './catalog';
import { bySeverity, type Finding, type FindingId, type Severity } from './types';

function finding(id: FindingId, severity: Severity, title: string): Finding {
  return { id, severity, title, detail: CATALOG[id].gain[severity], evidence: [], fix: CATALOG[id].fix };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '[::1]';
}

export function auditPolicy(policy: Pick<CorsPolicy, 'origins' | 'credentials' | 'methods' | 'allowHeaders' | 'varyOrigin' | 'privateNetwork'>): Finding[] {
  const out: Finding[] = [];
  const creds = policy.credentials;
  for (const origin of policy.origins) {
    if (origin === '*') {
      out.push(finding('any-origin-reflected', creds ? 'high' : 'low', creds ? '"*" with credentials: the code would have to echo every origin' : 'Every origin is allowed ("*")'));
      if (policy.privateNetwork) out.push(finding('private-network-any-origin', 'medium', 'Private Network Access for every origin'));
      continue;
    }
    if (origin === 'null') {
      out.push(finding('null-origin-allowed', trustSeverity(creds, false, true), 'The origin "null" is allowed'));
      continue;
    }
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      url = null;
    }
    if (!url || url.origin !== origin || /[*^$\\()[\]|+?]/.test(origin)) {
      out.push(finding('lookalike-origin-allowed', trustSeverity(creds, false, true), `"${origin}" is a pattern, not an exact origin`));
      continue;
    }
    if (url.protocol === 'http:' && !isLoopback(url.hostname) && policy.origins.includes(`https://${url.host}`)) {
      out.push(finding('insecure-scheme-allowed', trustSeverity(creds, false, false), `The plain-http twin ${origin} of an https origin is allowed`));
    }
  }
  if (!policy.varyOrigin && policy.origins.some((o) => o !== '*')) out.push(finding('missing-vary-origin', 'medium', 'The allowed origin depends on the request but Vary: Origin is not sent'));
  if (policy.methods.includes('*')) out.push(finding('overly-broad-allow-methods', 'low', 'Every method is allowed ("*")'));
  if (policy.allowHeaders.includes('*')) out.push(finding('overly-broad-allow-headers', 'low', 'Every request header is allowed ("*")'));
  return out.sort(bySeverity);
}

/** The findings that forbid offering a policy: any high one. */
export function blockingFindings(policy: Parameters<typeof auditPolicy>[0]): Finding[] {
  return auditPolicy(policy).filter((f) => f.severity === 'high');
}
