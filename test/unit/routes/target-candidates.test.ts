import { strict as assert } from 'assert';
import {
  candidatesFromEnv,
  candidatesFromPackageJson,
  mergeCandidates,
  normalizeTargetUrl,
  parseTargetSetting,
  describeTargets,
  FALLBACK_CANDIDATES,
} from '../../../src/extension/targetCandidates';

describe('dev server target candidates', () => {
  it('reads ports from package.json scripts and framework defaults', () => {
    const pkg = JSON.stringify({
      scripts: { api: 'node server.js --port 4000', api2: 'PORT=4100 node api.js', web: 'vite', next: 'next dev', lint: 'eslint .' },
      dependencies: { express: '^5' },
    });
    const urls = candidatesFromPackageJson(pkg).map((c) => c.url);
    assert.deepEqual(urls, [
      'http://localhost:4000',
      'http://localhost:4100',
      'http://localhost:5173',
      'http://localhost:3000',
      'http://localhost:3000',
    ]);
    assert.deepEqual(candidatesFromPackageJson('{ not json'), []);
  });

  it('reads PORT and *_URL entries from .env files', () => {
    const env = ['# comment', 'PORT=4000', 'export API_PORT="4001"', 'VITE_API_URL=http://127.0.0.1:9000/api/v1', 'SECRET=abc', 'DB_URL=postgres://x'].join('\n');
    assert.deepEqual(
      candidatesFromEnv(env, '.env.local').map((c) => [c.url, c.source]),
      [
        ['http://localhost:4000', '.env.local PORT'],
        ['http://localhost:4001', '.env.local API_PORT'],
        ['http://127.0.0.1:9000', '.env.local VITE_API_URL'],
      ],
    );
  });

  it('merges without duplicates, keeping the first source', () => {
    const merged = mergeCandidates([{ url: 'http://localhost:3000', source: 'pkg' }], FALLBACK_CANDIDATES);
    assert.equal(merged[0].source, 'pkg');
    assert.equal(merged.filter((c) => c.url === 'http://localhost:3000').length, 1);
  });

  it('validates what a person types', () => {
    assert.equal(normalizeTargetUrl('4000'), 'http://localhost:4000');
    assert.equal(normalizeTargetUrl('localhost:4000'), 'http://localhost:4000');
    assert.equal(normalizeTargetUrl(' https://api.test:8443/x?y '), 'https://api.test:8443');
    assert.equal(normalizeTargetUrl('ftp://x'), null);
    assert.equal(normalizeTargetUrl('99999'), null);
    assert.equal(normalizeTargetUrl('http://user:pw@x'), null);
    assert.equal(normalizeTargetUrl('not a url'), null);
  });

  it('reads the target setting as a URL or as prefix routes, dropping invalid entries', () => {
    assert.deepEqual(parseTargetSetting('localhost:4000'), [{ prefix: '/', target: 'http://localhost:4000' }]);
    assert.equal(parseTargetSetting(''), null);
    assert.equal(parseTargetSetting(42), null);
    const routes = parseTargetSetting([
      { prefix: '/api', url: 'http://127.0.0.1:4000' },
      { prefix: 'no-slash', url: 'http://x' },
      { prefix: '/auth', url: 'ftp://x' },
      { prefix: '/', url: '8080' },
      null,
    ]);
    assert.deepEqual(routes, [
      { prefix: '/api', target: 'http://127.0.0.1:4000' },
      { prefix: '/', target: 'http://localhost:8080' },
    ]);
    assert.equal(describeTargets(routes!), '/api → http://127.0.0.1:4000, / → http://localhost:8080');
    assert.equal(parseTargetSetting([{ prefix: 'bad', url: 'x' }]), null);
  });
});
