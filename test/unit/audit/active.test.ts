// The active audit's analysis on answers from small policies written as functions,
// so each rule is seen to fire, and not to fire, without a network.
import { strict as assert } from 'node:assert';
import { analyzeAudit, type ProbeResult } from '../../../src/core/audit/active';
import { ODD_HEADER, planAudit, PlanError, type Probe } from '../../../src/core/audit/probes';
import type { HeaderList } from '../../../src/core/http/types';

const APP = 'https://app.example.com';
type Policy = (origin: string, probe: Probe) => HeaderList;

function audit(policy: Policy, paths = ['/api/me']) {
  const plan = planAudit('http://127.0.0.1:3000', APP, paths);
  const results: ProbeResult[] = plan.probes.map((probe) => ({
    probe,
    response: { status: probe.request.method === 'OPTIONS' ? 204 : 200, headers: policy(probe.origin.origin, probe) },
  }));
  const report = analyzeAudit(plan, results);
  return Object.fromEntries(report.findings.map((f) => [f.id, f.severity]));
}

const allowList = (allowed: (o: string) => boolean, extra: HeaderList = []): Policy => (o) =>
  allowed(o) ? [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin'], ...extra] : [['Vary', 'Origin']];

describe('audit: analysis of probe answers', () => {
  it('finds nothing on an exact allow-list', () => {
    assert.deepEqual(audit(allowList((o) => o === APP, [['Access-Control-Allow-Methods', 'GET, PUT'], ['Access-Control-Allow-Headers', 'content-type']])), {});
  });

  it('reports reflection alone, not every origin it also lets in', () => {
    assert.deepEqual(audit(allowList(() => true)), { 'any-origin-reflected': 'high' });
  });

  it('grades reflection without credentials low', () => {
    assert.deepEqual(audit((o) => [['Access-Control-Allow-Origin', o], ['Vary', 'Origin']]), { 'any-origin-reflected': 'low' });
  });

  it('grades a credentialed preflight without a readable response medium', () => {
    const policy: Policy = (o, p) => (p.request.method === 'OPTIONS' || o === APP ? allowList(() => true)(o, p) : [['Vary', 'Origin']]);
    assert.deepEqual(audit(policy), { 'any-origin-reflected': 'medium' });
  });

  it('tells a foreign look-alike (high) from one under your own domain (medium)', () => {
    // evilapp.example.com passes too, but is just one more subdomain here.
    assert.deepEqual(audit(allowList((o) => o.startsWith('https://') && o.endsWith('app.example.com'))), { 'any-subdomain-allowed': 'medium' });
    assert.deepEqual(audit(allowList((o) => o.startsWith('https://') && o.endsWith('app.example.com') && !o.includes('evil.'))), { 'lookalike-origin-allowed': 'medium' });
    assert.deepEqual(audit(allowList((o) => o.endsWith('://app.example.com'))), { 'insecure-scheme-allowed': 'medium' });
    assert.deepEqual(audit(allowList((o) => /^https:\/\/app.example.com$/.test(o))), { 'lookalike-origin-allowed': 'high' });
  });

  it('does not call "*" reflection, and flags it with cookies', () => {
    assert.deepEqual(audit(() => [['Access-Control-Allow-Origin', '*']]), {});
    assert.deepEqual(audit(() => [['Access-Control-Allow-Origin', '*'], ['Set-Cookie', 'sid=1']]), { 'wildcard-with-cookies': 'medium' });
  });

  it('grades Private Network Access for any origin by whether credentials come with it', () => {
    const pna = (base: Policy): Policy => (o, p) => [...base(o, p), ...(p.kind === 'private-network' ? ([['Access-Control-Allow-Private-Network', 'true']] as HeaderList) : [])];
    assert.deepEqual(audit(pna(() => [['Access-Control-Allow-Origin', '*']])), { 'private-network-any-origin': 'medium' });
    assert.deepEqual(audit(pna(allowList(() => true))), { 'any-origin-reflected': 'high', 'private-network-any-origin': 'high' });
    assert.deepEqual(audit(pna(allowList((o) => o === APP))), {});
  });

  it('sees echoed method and header names, and "*"', () => {
    const echo: Policy = (o, p) => {
      const h = allowList((x) => x === APP)(o, p);
      if (o !== APP) return h;
      const m = p.request.headers.find(([n]) => n === 'Access-Control-Request-Method')?.[1];
      const hs = p.request.headers.find(([n]) => n === 'Access-Control-Request-Headers')?.[1];
      return [...h, ...(m ? ([['Access-Control-Allow-Methods', m]] as HeaderList) : []), ...(hs ? ([['Access-Control-Allow-Headers', hs]] as HeaderList) : [])];
    };
    assert.deepEqual(audit(echo), { 'overly-broad-allow-methods': 'low', 'overly-broad-allow-headers': 'low' });
    assert.deepEqual(audit(allowList((o) => o === APP, [['Access-Control-Allow-Headers', '*']])), { 'overly-broad-allow-headers': 'low' });
    // A preflight the origin fails anyway lets nothing in.
    assert.deepEqual(audit((o, p) => (p.kind === 'odd-header' ? [['Access-Control-Allow-Headers', ODD_HEADER]] : allowList((x) => x === APP)(o, p))), {});
  });

  it('grades a missing Vary by what a cache could mix up', () => {
    const noVary = (allowed: (o: string) => boolean): Policy => (o) => (allowed(o) ? [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true']] : []);
    assert.deepEqual(audit(noVary((o) => o === APP)), { 'missing-vary-origin': 'low' });
    assert.deepEqual(audit(noVary(() => true)), { 'any-origin-reflected': 'high', 'missing-vary-origin': 'medium' });
    // One fixed origin for everyone does not vary.
    assert.deepEqual(audit(() => [['Access-Control-Allow-Origin', APP], ['Access-Control-Allow-Credentials', 'true']]), {});
  });

  it('says when the real origin is not allowed either', () => {
    const plan = planAudit('http://127.0.0.1:3000', APP, ['/x']);
    const report = analyzeAudit(plan, plan.probes.map((probe) => ({ probe, response: { status: 200, headers: [] } })));
    assert.deepEqual(report.findings, []);
    assert.match(report.notes.join('\n'), /https:\/\/app\.example\.com itself is not allowed/);
  });

  it('refuses bad arguments as usage errors', () => {
    assert.throws(() => planAudit('127.0.0.1:3000', APP), PlanError);
    assert.throws(() => planAudit('http://127.0.0.1:3000', 'app.example.com'), PlanError);
    assert.throws(() => planAudit('http://127.0.0.1:3000', 'http://127.0.0.1:3000'), PlanError);
    assert.throws(() => planAudit('http://127.0.0.1:3000', APP, ['api']), PlanError);
  });
});
