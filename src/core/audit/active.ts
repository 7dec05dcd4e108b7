// The active audit's analysis: the responses to the planned probes → findings.
// Pure: the shell sends the probes and hands the answers in.
import { CATALOG, trustSeverity } from './catalog';
import type { OriginKind } from './crafted-origins';
import { evidenceOf } from './evidence';
import { ODD_HEADER, ODD_METHOD, type AuditPlan, type Probe } from './probes';
import {
  allowedHeaders,
  allowedMethods,
  allowOrigin,
  allowsOrigin,
  allowsPrivateNetwork,
  grantsCredentials,
  namesOrigin,
  setsCookie,
  variesOnOrigin,
} from './response-facts';
import { sameSite } from './site';
import { bySeverity, SEVERITY_RANK, type Evidence, type Finding, type FindingId, type Severity } from './types';
import type { HeaderList } from '../http/types';

export interface ProbeResult {
  probe: Probe;
  /** Null when the probe got no answer (see `error`). */
  response: { status: number; headers: HeaderList } | null;
  error?: string;
}

export interface AuditReport {
  target: string;
  origin: string;
  findings: Finding[];
  /** Things worth saying that are not flaws (e.g. the real origin is not allowed either). */
  notes: string[];
}

const TRUST_IDS: Partial<Record<OriginKind, FindingId>> = {
  arbitrary: 'any-origin-reflected',
  null: 'null-origin-allowed',
  prefix: 'lookalike-origin-allowed',
  'suffix-domain': 'lookalike-origin-allowed',
  'suffix-host': 'lookalike-origin-allowed',
  'dot-replaced': 'lookalike-origin-allowed',
  'insecure-scheme': 'insecure-scheme-allowed',
  subdomain: 'any-subdomain-allowed',
  'sibling-subdomain': 'any-subdomain-allowed',
};

/** Findings every other origin-trust finding is a special case of. */
const SUBSUMED_BY_REFLECTION: FindingId[] = ['null-origin-allowed', 'lookalike-origin-allowed', 'insecure-scheme-allowed', 'any-subdomain-allowed'];

/** Collects findings per id: the worst severity wins, evidence accumulates. */
class FindingSet {
  private readonly byId = new Map<FindingId, { severity: Severity; evidence: Evidence[]; subjects: string[] }>();

  add(id: FindingId, severity: Severity, evidence: Evidence, subject: string): void {
    const entry = this.byId.get(id);
    if (!entry) {
      this.byId.set(id, { severity, evidence: [evidence], subjects: [subject] });
      return;
    }
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[entry.severity]) {
      entry.severity = severity;
      // The evidence that earned the severity goes first.
      entry.evidence.unshift(evidence);
      entry.subjects.unshift(subject);
    } else {
      entry.evidence.push(evidence);
      entry.subjects.push(subject);
    }
  }

  get(id: FindingId): Severity | null {
    return this.byId.get(id)?.severity ?? null;
  }

  delete(id: FindingId): void {
    this.byId.delete(id);
  }

  findings(title: (id: FindingId, severity: Severity, subjects: string[]) => string): Finding[] {
    const out: Finding[] = [];
    for (const [id, e] of this.byId) {
      const subjects = [...new Set(e.subjects)];
      out.push({
        id,
        severity: e.severity,
        title: title(id, e.severity, subjects),
        detail: CATALOG[id].gain[e.severity],
        // A few examples are evidence enough; the rest repeats them.
        evidence: e.evidence.slice(0, 3),
        fix: CATALOG[id].fix,
      });
    }
    return out.sort(bySeverity);
  }
}

function list(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

export function auditTitle(id: FindingId, severity: Severity, subjects: string[]): string {
  const creds = severity === 'high' ? ' with credentials' : '';
  switch (id) {
    case 'any-origin-reflected':
      return `Any origin is allowed${creds}: the server echoes ${list(subjects)}`;
    case 'null-origin-allowed':
      return `The origin "null" is allowed${creds}`;
    case 'lookalike-origin-allowed':
      return `Look-alike origins are allowed${creds}: ${list(subjects)}`;
    case 'insecure-scheme-allowed':
      return `The plain-http twin of your origin is allowed${severity !== 'low' ? ' with credentials' : ''}: ${list(subjects)}`;
    case 'any-subdomain-allowed':
      return `Every subdomain is trusted${severity !== 'low' ? ' with credentials' : ''}: ${list(subjects)} ${subjects.length > 1 ? 'are' : 'is'} allowed`;
    case 'missing-vary-origin':
      return `Access-Control-Allow-Origin depends on the Origin but Vary: Origin is missing (${list(subjects)})`;
    case 'wildcard-with-cookies':
      return `"Access-Control-Allow-Origin: *" on a response that sets cookies (${list(subjects)})`;
    case 'private-network-any-origin':
      return `Private Network Access is granted to any origin${creds} (${list(subjects)})`;
    case 'overly-broad-allow-headers':
      return `Access-Control-Allow-Headers allows any request header (${list(subjects)})`;
    case 'overly-broad-allow-methods':
      return `Access-Control-Allow-Methods allows any method (${list(subjects)})`;
  }
}

function isForeign(kind: OriginKind, crafted: string, real: string): boolean {
  if (kind === 'arbitrary' || kind === 'null') return true;
  if (kind === 'insecure-scheme' || kind === 'subdomain' || kind === 'sibling-subdomain') return false;
  return !sameSite(new URL(crafted).hostname, new URL(real).hostname);
}

export function analyzeAudit(plan: AuditPlan, results: ProbeResult[]): AuditReport {
  const set = new FindingSet();
  const notes: string[] = [];
  for (const path of plan.paths) {
    const here = results.filter((r) => r.probe.path === path && r.response);
    const simple = (origin: string) => here.find((r) => r.probe.kind === 'simple' && r.probe.origin.origin === origin);
    const preflight = (origin: string) => here.find((r) => r.probe.kind === 'preflight' && r.probe.origin.origin === origin);
    const realSimple = simple(plan.origin);
    const realPreflight = preflight(plan.origin);
    const realAllowed = [realSimple, realPreflight].some((r) => r?.response && allowsOrigin(r.response.headers, plan.origin));
    if (here.length === 0) notes.push(`${path}: no probe got an answer`);
    else if (!realAllowed) notes.push(`${path}: ${plan.origin} itself is not allowed here (no Access-Control-Allow-Origin for it): is --origin the front end's real origin?`);

    // Origins the server should not trust.
    const trusted: Array<{ id: FindingId; severity: Severity; evidence: Evidence; origin: string; sameSite: boolean }> = [];
    for (const r of here) {
      if (r.probe.kind !== 'simple') continue;
      const o = r.probe.origin;
      const id = TRUST_IDS[o.kind];
      if (!id) continue;
      const get = r.response!;
      const pre = preflight(o.origin)?.response ?? null;
      const read = namesOrigin(get.headers, o.origin);
      const write = pre !== null && namesOrigin(pre.headers, o.origin);
      if (!read && !write) continue;
      const foreign = isForeign(o.kind, o.origin, plan.origin);
      const severity = trustSeverity(read && grantsCredentials(get.headers), write && grantsCredentials(pre!.headers), foreign);
      const shown = read ? r : preflight(o.origin)!;
      trusted.push({ id, severity, evidence: evidenceOf(shown.probe.request, shown.response), origin: o.origin, sameSite: !foreign && o.origin !== 'null' });
    }
    // A look-alike under your own domain is just one more subdomain when every subdomain passes.
    const subdomains = trusted.some((t) => t.id === 'any-subdomain-allowed');
    for (const t of trusted) {
      if (subdomains && t.id === 'lookalike-origin-allowed' && t.sameSite) continue;
      set.add(t.id, t.severity, t.evidence, t.origin);
    }

    // An allowed origin that changes with the request needs Vary: Origin. When
    // different origins are echoed, a cache can hand one origin's permission to
    // another (medium); when the header only comes and goes for one origin, a cache
    // can serve the answer without it to the app and break it (low).
    const simples = here.filter((r) => r.probe.kind === 'simple');
    const values = simples.map((r) => allowOrigin(r.response!.headers));
    const echoed = new Set(values.filter((v): v is string => v !== null && v !== '*'));
    if (new Set(values).size > 1) {
      const missing = simples.find((r) => {
        const value = allowOrigin(r.response!.headers);
        return value !== null && value !== '*' && !variesOnOrigin(r.response!.headers);
      });
      if (missing) set.add('missing-vary-origin', echoed.size > 1 ? 'medium' : 'low', evidenceOf(missing.probe.request, missing.response), path);
    }

    for (const r of here) {
      const h = r.response!.headers;
      if ((r.probe.kind === 'simple' || r.probe.kind === 'simple-no-cookie') && allowOrigin(h) === '*' && setsCookie(h)) {
        set.add('wildcard-with-cookies', 'medium', evidenceOf(r.probe.request, r.response), path);
      }
      const admitsReal = allowsOrigin(h, r.probe.origin.origin);
      if (r.probe.kind === 'private-network' && allowsPrivateNetwork(h) && admitsReal) {
        const severity: Severity = namesOrigin(h, r.probe.origin.origin) && grantsCredentials(h) ? 'high' : 'medium';
        set.add('private-network-any-origin', severity, evidenceOf(r.probe.request, r.response), path);
      }
      if (r.probe.kind === 'odd-method' && admitsReal && allowedMethods(h).some((m) => m === ODD_METHOD || m === '*')) {
        set.add('overly-broad-allow-methods', 'low', evidenceOf(r.probe.request, r.response), path);
      }
      if (r.probe.kind === 'odd-header' && admitsReal && allowedHeaders(h).some((n) => n === ODD_HEADER || n === '*')) {
        set.add('overly-broad-allow-headers', 'low', evidenceOf(r.probe.request, r.response), path);
      }
    }
  }

  const reflected = set.get('any-origin-reflected');
  if (reflected) {
    for (const id of SUBSUMED_BY_REFLECTION) {
      const s = set.get(id);
      if (s && SEVERITY_RANK[s] <= SEVERITY_RANK[reflected]) set.delete(id);
    }
  }
  return { target: plan.target, origin: plan.origin, findings: set.findings(auditTitle), notes };
}
