// `cors-inspector audit` against real, deliberately vulnerable servers (Express,
// Flask, nginx): every planted flaw is reported with its id and severity, the exit
// status follows the rule (1 when any finding is high), and the correct
// configurations report nothing high or medium.
import { strict as assert } from 'node:assert';
import { buildCli, runCli } from '../cli/support';
import { APP_ORIGIN, startExpressSamples } from './samples/express-app';
import { freePort, startFlaskSamples, startNginxSamples, type Running } from './support';
import type { Finding } from '../../src/core/audit/types';

type Expected = Record<string, Finding['severity']>;

interface Sample {
  server: 'express' | 'flask' | 'nginx';
  path: string;
  expect: Expected;
}

const SAMPLES: Sample[] = [
  { server: 'express', path: '/reflect', expect: { 'any-origin-reflected': 'high' } },
  { server: 'express', path: '/null', expect: { 'null-origin-allowed': 'high' } },
  { server: 'express', path: '/prefix', expect: { 'lookalike-origin-allowed': 'high' } },
  { server: 'express', path: '/suffix', expect: { 'lookalike-origin-allowed': 'high', 'any-subdomain-allowed': 'medium', 'insecure-scheme-allowed': 'medium' } },
  { server: 'express', path: '/regex', expect: { 'lookalike-origin-allowed': 'high' } },
  { server: 'express', path: '/scheme', expect: { 'insecure-scheme-allowed': 'medium' } },
  { server: 'express', path: '/subdomains', expect: { 'any-subdomain-allowed': 'medium' } },
  { server: 'express', path: '/vary', expect: { 'missing-vary-origin': 'low' } },
  { server: 'express', path: '/cookie', expect: { 'wildcard-with-cookies': 'medium' } },
  { server: 'express', path: '/private-network', expect: { 'private-network-any-origin': 'medium' } },
  { server: 'express', path: '/headers', expect: { 'overly-broad-allow-headers': 'low' } },
  { server: 'express', path: '/methods', expect: { 'overly-broad-allow-methods': 'low' } },
  { server: 'flask', path: '/reflect', expect: { 'any-origin-reflected': 'high' } },
  { server: 'flask', path: '/null', expect: { 'null-origin-allowed': 'high' } },
  { server: 'flask', path: '/regex', expect: { 'lookalike-origin-allowed': 'high', 'any-subdomain-allowed': 'medium' } },
  { server: 'flask', path: '/cookie', expect: { 'wildcard-with-cookies': 'medium' } },
  { server: 'nginx', path: '/reflect', expect: { 'any-origin-reflected': 'high', 'missing-vary-origin': 'medium' } },
  { server: 'nginx', path: '/prefix', expect: { 'lookalike-origin-allowed': 'high' } },
  { server: 'nginx', path: '/private-network', expect: { 'private-network-any-origin': 'medium' } },
];

const CORRECT: Array<Sample['server']> = ['express', 'flask', 'nginx'];

describe('cors-inspector audit against vulnerable sample servers', function () {
  const servers: Partial<Record<Sample['server'], Running>> = {};

  before(async () => {
    await buildCli();
    [servers.express, servers.flask, servers.nginx] = await Promise.all([startExpressSamples(), startFlaskSamples(), startNginxSamples()]);
  });
  after(async () => {
    await Promise.all(Object.values(servers).map((s) => s?.close()));
  });

  async function audit(server: Sample['server'], paths: string[]) {
    const args = ['audit', '--target', servers[server]!.url, '--origin', APP_ORIGIN, ...paths.flatMap((p) => ['--path', p]), '--json'];
    const run = await runCli(args);
    assert.notEqual(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as { target: string; origin: string; findings: Finding[] };
    return { code: run.code, report };
  }

  for (const sample of SAMPLES) {
    const planted = Object.entries(sample.expect).map(([id, s]) => `${id} (${s})`).join(', ');
    it(`${sample.server} ${sample.path}: reports ${planted}`, async () => {
      const { code, report } = await audit(sample.server, [sample.path]);
      assert.deepEqual(Object.keys(report), ['target', 'origin', 'findings']);
      assert.equal(report.origin, APP_ORIGIN);
      const got = Object.fromEntries(report.findings.map((f) => [f.id, f.severity]));
      assert.deepEqual(got, sample.expect, JSON.stringify(report.findings, null, 2));
      for (const f of report.findings) {
        assert.ok(f.title && !f.title.includes('\n'), 'a one-line title');
        assert.ok(f.fix.length > 10, 'a fix');
        assert.ok(f.evidence.length > 0 && f.evidence[0].request.url.endsWith(sample.path), 'evidence names the request sent');
        assert.ok(f.evidence[0].response, 'evidence has the response');
      }
      const high = Object.values(sample.expect).includes('high');
      assert.equal(code, high ? 1 : 0, 'exit 1 exactly when a finding is high');
    });
  }

  for (const server of CORRECT) {
    it(`${server} /correct: nothing high or medium, exit 0`, async () => {
      const { code, report } = await audit(server, ['/correct']);
      assert.deepEqual(report.findings.filter((f) => f.severity !== 'low'), [], JSON.stringify(report.findings, null, 2));
      assert.equal(code, 0);
    });
  }

  it('prints findings for people without --json: severity, id, title, evidence, fix, and a total', async () => {
    const run = await runCli(['audit', '--target', servers.express!.url, '--origin', APP_ORIGIN, '--path', '/reflect'], { NO_COLOR: '1' });
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^HIGH   any-origin-reflected  Any origin is allowed with credentials: the server echoes https:\/\/evil\.example$/m);
    assert.match(run.stdout, /^ +sent: GET http:\/\/127\.0\.0\.1:\d+\/reflect  Origin: https:\/\/evil\.example \| Cookie: cors_audit_probe=1$/m);
    assert.match(run.stdout, /^ +got: +200  .*Access-Control-Allow-Origin: https:\/\/evil\.example.*Access-Control-Allow-Credentials: true/m);
    assert.match(run.stdout, /^ +fix: +Compare the Origin with an exact allow-list/m);
    assert.match(run.stdout, /^1 finding\(s\): 1 high, 0 medium, 0 low$/m);
  });

  describe('usage errors and targets it must not or cannot reach: exit 2, one line', () => {
    const cases: Array<[string, string[], RegExp]> = [
      ['no --origin', ['--target', 'http://127.0.0.1:9'], /audit needs --origin/],
      ['an origin that is not one', ['--target', 'http://127.0.0.1:9', '--origin', 'https://app.example.com/login'], /is not an origin/],
      ['a relative path', ['--target', 'http://127.0.0.1:9', '--origin', APP_ORIGIN, '--path', 'api'], /must start with "\/"/],
      // TEST-NET-1: refused on the address, before anything is sent.
      ['a host that is not loopback', ['--target', 'http://192.0.2.10:8080', '--origin', APP_ORIGIN], /refusing to audit http:\/\/192\.0\.2\.10:8080: .*not a loopback address/],
    ];
    for (const [what, args, message] of cases) {
      it(what, async () => {
        const run = await runCli(['audit', ...args]);
        assert.equal(run.code, 2);
        assert.equal(run.stdout, '');
        assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
        assert.match(run.stderr, message);
      });
    }

    it('a target nothing listens on', async () => {
      const port = await freePort();
      const run = await runCli(['audit', '--target', `http://127.0.0.1:${port}`, '--origin', APP_ORIGIN]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr.trim(), `cors-inspector: cannot reach http://127.0.0.1:${port} (127.0.0.1): ECONNREFUSED`);
    });
  });

  it('every finding id is planted in some sample', () => {
    const ids = new Set(SAMPLES.flatMap((s) => Object.keys(s.expect)));
    const { FINDING_IDS } = require('../../src/core/audit/types') as typeof import('../../src/core/audit/types');
    assert.deepEqual([...ids].sort(), [...FINDING_IDS].sort());
    const planted = SAMPLES.reduce((n, s) => n + Object.keys(s.expect).length, 0);
    console.log(`      ${planted} planted flaws in ${SAMPLES.length} vulnerable routes on 3 servers, all ${FINDING_IDS.length} finding ids covered; ${CORRECT.length} correct configurations`);
  });
});
