import { strict as assert } from 'node:assert';
import { craftedOrigins } from '../../../src/core/audit/crafted-origins';
import { parentDomain, siteOf } from '../../../src/core/audit/site';

describe('audit: crafted origins', () => {
  it('builds every look-alike of an https origin, the real one first', () => {
    const got = craftedOrigins('https://app.example.com').map((o) => `${o.kind} ${o.origin}`);
    assert.deepEqual(got, [
      'real https://app.example.com',
      'arbitrary https://evil.example',
      'null null',
      'prefix https://app.example.com.evil.example',
      'suffix-domain https://evilexample.com',
      'suffix-host https://evilapp.example.com',
      'dot-replaced https://appxexample.com',
      'insecure-scheme http://app.example.com',
      'subdomain https://evil.app.example.com',
      'sibling-subdomain https://evil.example.com',
    ]);
  });

  it('keeps the port, and gives a dev origin on localhost no http twin or sibling', () => {
    const got = craftedOrigins('http://localhost:5173').map((o) => `${o.kind} ${o.origin}`);
    assert.deepEqual(got, [
      'real http://localhost:5173',
      'arbitrary https://evil.example',
      'null null',
      'prefix http://localhost.evil.example:5173',
      'suffix-host http://evillocalhost:5173',
      'subdomain http://evil.localhost:5173',
    ]);
  });

  it('gives an IP origin only the probes that make valid origins', () => {
    const kinds = craftedOrigins('http://127.0.0.1:5173').map((o) => o.kind);
    assert.deepEqual(kinds, ['real', 'arbitrary', 'null', 'prefix']);
  });

  it('replaces each dot but the last one', () => {
    const dots = craftedOrigins('https://api.eu.example.com').filter((o) => o.kind === 'dot-replaced').map((o) => o.origin);
    assert.deepEqual(dots, ['https://apixeu.example.com', 'https://api.euxexample.com']);
  });

  it('refuses what is not an origin', () => {
    assert.throws(() => craftedOrigins('https://app.example.com/path'));
    assert.throws(() => craftedOrigins('ftp://app.example.com'));
  });

  it('approximates the registrable domain', () => {
    assert.equal(siteOf('a.b.example.com'), 'example.com');
    assert.equal(siteOf('shop.example.co.uk'), 'example.co.uk');
    assert.equal(siteOf('localhost'), 'localhost');
    assert.equal(parentDomain('app.example.com'), 'example.com');
    assert.equal(parentDomain('example.com'), null);
    assert.equal(parentDomain('127.0.0.1'), null);
  });
});
