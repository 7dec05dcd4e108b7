// The vocabulary of the CORS security audit: finding ids (fixed, so CI scripts can
// depend on them), severities, and the evidence a finding carries. Shared by the
// passive checks (recorded exchanges), the active audit (crafted probes) and the
// static checks (server code).
import type { HeaderList } from '../http/types';

export const FINDING_IDS = [
  'any-origin-reflected',
  'null-origin-allowed',
  'lookalike-origin-allowed',
  'insecure-scheme-allowed',
  'any-subdomain-allowed',
  'missing-vary-origin',
  'wildcard-with-cookies',
  'private-network-any-origin',
  'overly-broad-allow-headers',
  'overly-broad-allow-methods',
] as const;

export type FindingId = (typeof FINDING_IDS)[number];

/**
 * high: a page on a site the attacker can register reads responses with the user's credentials.
 * medium: a foreign page can read or act, but only with something more (a network position,
 *   control of one of your subdomains, a shared cache), or without the user's credentials on a private network.
 * low: wider than needed; nothing readable by itself.
 */
export type Severity = 'high' | 'medium' | 'low';

export const SEVERITY_RANK: Record<Severity, number> = { high: 3, medium: 2, low: 1 };

/** One request as it was sent, and the response headers that decided the finding. */
export interface Evidence {
  request: { method: string; url: string; headers: HeaderList };
  /** Null when nothing answered. */
  response: { status: number; headers: HeaderList } | null;
}

export interface Finding {
  id: FindingId;
  severity: Severity;
  /** One line. */
  title: string;
  /** What an attacker gains and why, in a sentence or two. */
  detail: string;
  evidence: Evidence[];
  /** The change that removes the finding, in words a developer can act on. */
  fix: string;
}

/** A finding on recorded traffic: which records show it. */
export interface PassiveFinding extends Finding {
  recordIds: string[];
}

export function worstSeverity(findings: readonly { severity: Severity }[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  return worst;
}

export function bySeverity<T extends { severity: Severity; id: string }>(a: T, b: T): number {
  return SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] || a.id.localeCompare(b.id);
}
