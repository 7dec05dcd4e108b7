// Passive findings: what recorded traffic alone shows about the server's CORS
// policy, without sending anything. Some flaws show in one exchange (a "null"
// origin allowed, "*" on a response that sets cookies); others only across
// exchanges (several origins echoed, methods allowed that the app never uses).
// Where traffic cannot tell an allow-list from reflection, nothing is claimed:
// the active audit answers that.
import { getHeader } from '../http/headers';
import { isPreflightRequest } from '../cors/classify';
import { isSafelistedMethod } from '../cors/safelist';
import type { ExchangeRecord } from '../exchange/types';
import { CATALOG, trustSeverity } from './catalog';
import { recordedEvidence } from './evidence';
import {
  allowedHeaders,
  allowedMethods,
  allowOrigin,
  allowsPrivateNetwork,
  grantsCredentials,
  setsCookie,
  variesOnOrigin,
} from './response-facts';
import { isIpAddress, siteOf } from './site';
import { bySeverity, SEVERITY_RANK, type Evidence, type FindingId, type PassiveFinding, type Severity } from './types';

/** Allowed but never used: how many extra methods or headers make a list "much wider" than the app. */
export const UNUSED_METHODS_THRESHOLD = 3;
export const UNUSED_HEADERS_THRESHOLD = 5;

/** Request headers the app never has to list (the browser sends or safelists them). */
const ALWAYS_FINE_HEADERS = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'range']);

interface Seen {
  record: ExchangeRecord;
  origin: string;
  /** scheme://host:port of the API. */
  server: string;
  path: string;
  headers: ExchangeRecord['request']['headers'];
  response: NonNullable<ExchangeRecord['response']>;
}

function originOfUrl(url: string): { server: string; path: string; https: boolean } | null {
  try {
    const u = new URL(url);
    return { server: u.origin, path: u.pathname, https: u.protocol === 'https:' };
  } catch {
    return null;
  }
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    const host = new URL(origin).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host.endsWith('.localhost') || host.startsWith('127.') || host === '::1';
  } catch {
    return false;
  }
}

/** Loopback origins are one site, whatever their port or spelling. */
function siteOfOrigin(origin: string): string {
  if (isLoopbackOrigin(origin)) return 'loopback';
  try {
    const host = new URL(origin).hostname;
    return isIpAddress(host) ? host : siteOf(host);
  } catch {
    return origin;
  }
}

class Collector {
  private readonly byId = new Map<FindingId, { severity: Severity; evidence: Evidence[]; recordIds: Set<string>; subjects: Set<string> }>();

  add(id: FindingId, severity: Severity, records: ExchangeRecord[], subject: string): void {
    let entry = this.byId.get(id);
    if (!entry) this.byId.set(id, (entry = { severity, evidence: [], recordIds: new Set(), subjects: new Set() }));
    if (SEVERITY_RANK[severity] > SEVERITY_RANK[entry.severity]) entry.severity = severity;
    for (const r of records) {
      entry.recordIds.add(r.id);
      if (entry.evidence.length < 3) entry.evidence.push(recordedEvidence(r.request, r.response));
    }
    entry.subjects.add(subject);
  }

  findings(): PassiveFinding[] {
    return [...this.byId].map(([id, e]) => ({
      id,
      severity: e.severity,
      title: passiveTitle(id, [...e.subjects]),
      detail: CATALOG[id].gain[e.severity],
      evidence: e.evidence,
      fix: CATALOG[id].fix,
      recordIds: [...e.recordIds],
    })).sort(bySeverity);
  }
}

function list(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function passiveTitle(id: FindingId, subjects: string[]): string {
  switch (id) {
    case 'any-origin-reflected':
      return `Origins of different sites are echoed with credentials (${list(subjects)}): check the server does not echo any origin`;
    case 'null-origin-allowed':
      return `The origin "null" is allowed (${list(subjects)})`;
    case 'insecure-scheme-allowed':
      return `An https API trusts the plain-http origin ${list(subjects)}`;
    case 'missing-vary-origin':
      return `Access-Control-Allow-Origin depends on the Origin but Vary: Origin is missing (${list(subjects)})`;
    case 'wildcard-with-cookies':
      return `"Access-Control-Allow-Origin: *" on a response that sets cookies (${list(subjects)})`;
    case 'private-network-any-origin':
      return `Private Network Access is granted to any origin (${list(subjects)})`;
    case 'overly-broad-allow-headers':
      return `Access-Control-Allow-Headers allows far more than the app sends (${list(subjects)})`;
    case 'overly-broad-allow-methods':
      return `Access-Control-Allow-Methods allows far more than the app uses (${list(subjects)})`;
    default:
      return id;
  }
}

export function passiveFindings(records: readonly ExchangeRecord[]): PassiveFinding[] {
  const out = new Collector();
  const seen: Seen[] = [];
  for (const record of records) {
    const origin = getHeader(record.request.headers, 'origin');
    const where = originOfUrl(record.request.url);
    if (!record.response || origin === null || !where || record.cors.verdict === 'not-cors') continue;
    seen.push({ record, origin, server: where.server, path: where.path, headers: record.request.headers, response: record.response });
    const h = record.response.headers;
    const acao = allowOrigin(h);
    const creds = grantsCredentials(h);
    const preflight = isPreflightRequest(record.request);

    if (acao === 'null') out.add('null-origin-allowed', trustSeverity(creds && !preflight, creds && preflight, true), [record], `${record.request.method} ${where.path}`);
    if (acao === '*' && setsCookie(h)) out.add('wildcard-with-cookies', 'medium', [record], where.path);
    if (where.https && acao !== null && acao.startsWith('http://') && !isLoopbackOrigin(acao)) {
      out.add('insecure-scheme-allowed', trustSeverity(creds && !preflight, creds && preflight, false), [record], acao);
    }
    if (preflight && allowsPrivateNetwork(h) && acao === '*') out.add('private-network-any-origin', 'medium', [record], where.path);
  }

  // Across exchanges, per API server.
  const servers = new Map<string, Seen[]>();
  for (const s of seen) {
    const list = servers.get(s.server);
    if (list) list.push(s);
    else servers.set(s.server, [s]);
  }
  for (const [server, list] of servers) {
    const echoed = list.filter((s) => allowOrigin(s.response.headers) === s.origin && s.origin !== 'null' && grantsCredentials(s.response.headers));
    const sites = new Set(echoed.map((s) => siteOfOrigin(s.origin)));
    if (sites.size >= 2) {
      out.add('any-origin-reflected', 'medium', echoed.map((s) => s.record), [...new Set(echoed.map((s) => s.origin))].join(', '));
    }
    varyFindings(out, list);
    breadthFindings(out, server, list);
  }
  return out.findings();
}

function varyFindings(out: Collector, list: Seen[]): void {
  const byPath = new Map<string, Seen[]>();
  for (const s of list) {
    if (isPreflightRequest(s.record.request)) continue;
    const hits = byPath.get(s.path);
    if (hits) hits.push(s);
    else byPath.set(s.path, [s]);
  }
  for (const [path, hits] of byPath) {
    const origins = new Set(hits.map((s) => s.origin));
    if (origins.size < 2) continue;
    const values = new Set(hits.map((s) => allowOrigin(s.response.headers)));
    const specific = new Set([...values].filter((v) => v !== null && v !== '*'));
    const missing = hits.filter((s) => {
      const v = allowOrigin(s.response.headers);
      return v !== null && v !== '*' && !variesOnOrigin(s.response.headers);
    });
    if (values.size > 1 && missing.length > 0) out.add('missing-vary-origin', specific.size > 1 ? 'medium' : 'low', missing.slice(0, 3).map((s) => s.record), path);
  }
}

function breadthFindings(out: Collector, server: string, list: Seen[]): void {
  const usedMethods = new Set<string>();
  const usedHeaders = new Set<string>();
  const preflights: Seen[] = [];
  for (const s of list) {
    if (isPreflightRequest(s.record.request)) {
      preflights.push(s);
      const m = getHeader(s.headers, 'access-control-request-method');
      if (m) usedMethods.add(m.toUpperCase());
      for (const h of (getHeader(s.headers, 'access-control-request-headers') ?? '').split(',')) if (h.trim()) usedHeaders.add(h.trim().toLowerCase());
    } else usedMethods.add(s.record.request.method.toUpperCase());
  }
  const host = new URL(server).host;
  const methodEvidence: ExchangeRecord[] = [];
  const headerEvidence: ExchangeRecord[] = [];
  const unusedMethods = new Set<string>();
  const unusedHeaders = new Set<string>();
  let anyMethod = false;
  let anyHeader = false;
  for (const p of preflights) {
    const methods = allowedMethods(p.response.headers);
    const headers = allowedHeaders(p.response.headers);
    const extraMethods = methods.filter((m) => m !== '*' && !isSafelistedMethod(m) && m.toUpperCase() !== 'OPTIONS' && !usedMethods.has(m.toUpperCase()));
    const extraHeaders = headers.filter((h) => h !== '*' && !ALWAYS_FINE_HEADERS.has(h) && !usedHeaders.has(h));
    if (methods.includes('*') || extraMethods.length > 0) methodEvidence.push(p.record);
    if (headers.includes('*') || extraHeaders.length > 0) headerEvidence.push(p.record);
    anyMethod ||= methods.includes('*');
    anyHeader ||= headers.includes('*');
    for (const m of extraMethods) unusedMethods.add(m.toUpperCase());
    for (const h of extraHeaders) unusedHeaders.add(h);
  }
  if (anyMethod || unusedMethods.size >= UNUSED_METHODS_THRESHOLD) {
    out.add('overly-broad-allow-methods', 'low', methodEvidence, anyMethod ? `"*" on ${host}` : `${[...unusedMethods].sort().join(', ')} never used on ${host}`);
  }
  if (anyHeader || unusedHeaders.size >= UNUSED_HEADERS_THRESHOLD) {
    out.add('overly-broad-allow-headers', 'low', headerEvidence, anyHeader ? `"*" on ${host}` : `${[...unusedHeaders].sort().join(', ')} never sent to ${host}`);
  }
}

/** Findings that concern one record, for a row in the panel. */
export function findingsOfRecords(findings: readonly PassiveFinding[], recordIds: readonly string[]): PassiveFinding[] {
  return findings.filter((f) => f.recordIds.some((id) => recordIds.includes(id)));
}
