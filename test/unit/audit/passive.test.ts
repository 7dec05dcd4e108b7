// Passive findings on recorded traffic, recorded the way the proxy records it.
import { strict as assert } from 'node:assert';
import { Recorder } from '../../../src/core/exchange/recorder';
import { passiveFindings } from '../../../src/core/audit/passive';
import type { HeaderList } from '../../../src/core/http/types';
import { capture } from '../exchange/make-capture';

const API = 'http://127.0.0.1:4000';
let at = 1_000_000;

function record(recorder: Recorder, method: string, path: string, headers: HeaderList, responseHeaders: HeaderList, url = API): void {
  at += 10;
  recorder.add(capture({ method, url: url + path, headers, responseHeaders, status: method === 'OPTIONS' ? 204 : 200, at }));
}

function findings(build: (r: Recorder) => void) {
  const recorder = new Recorder({ pairingWindowMs: 50 });
  build(recorder);
  recorder.tick(Number.MAX_SAFE_INTEGER);
  return Object.fromEntries(passiveFindings(recorder.list()).map((f) => [f.id, f.severity]));
}

const exact = (o: string): HeaderList => [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true'], ['Vary', 'Origin']];

describe('audit: passive findings', () => {
  it('says nothing about an exact allow-list used by one front end', () => {
    const got = findings((r) => {
      record(r, 'GET', '/api/me', [['Origin', 'http://localhost:5173'], ['Cookie', 'sid=1']], exact('http://localhost:5173'));
      record(r, 'OPTIONS', '/api/items', [['Origin', 'http://localhost:5173'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'content-type']],
        [...exact('http://localhost:5173'), ['Access-Control-Allow-Methods', 'GET,PUT'], ['Access-Control-Allow-Headers', 'content-type']]);
      record(r, 'PUT', '/api/items', [['Origin', 'http://localhost:5173'], ['Content-Type', 'application/json']], exact('http://localhost:5173'));
    });
    assert.deepEqual(got, {});
  });

  it('sees "null" allowed, "*" with cookies and PNA for any origin in single exchanges', () => {
    const got = findings((r) => {
      record(r, 'GET', '/a', [['Origin', 'null'], ['Cookie', 'sid=1']], exact('null'));
      record(r, 'GET', '/b', [['Origin', 'http://localhost:5173']], [['Access-Control-Allow-Origin', '*'], ['Set-Cookie', 'sid=2']]);
      record(r, 'OPTIONS', '/c', [['Origin', 'http://localhost:5173'], ['Access-Control-Request-Method', 'GET'], ['Access-Control-Request-Private-Network', 'true']],
        [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Private-Network', 'true']]);
    });
    assert.deepEqual(got, { 'null-origin-allowed': 'high', 'wildcard-with-cookies': 'medium', 'private-network-any-origin': 'medium' });
  });

  it('sees an https API trusting a plain-http origin (not a loopback one)', () => {
    const got = findings((r) => {
      record(r, 'GET', '/a', [['Origin', 'http://app.example.com']], exact('http://app.example.com'), 'https://api.example.com');
      record(r, 'GET', '/b', [['Origin', 'http://localhost:5173']], exact('http://localhost:5173'), 'https://api2.example.com');
    });
    assert.deepEqual(got, { 'insecure-scheme-allowed': 'medium' });
  });

  it('suspects reflection when origins of different sites are echoed with credentials, and a missing Vary', () => {
    const got = findings((r) => {
      for (const o of ['http://localhost:5173', 'https://other.example.org']) {
        record(r, 'GET', '/api/me', [['Origin', o], ['Cookie', 'sid=1']], [['Access-Control-Allow-Origin', o], ['Access-Control-Allow-Credentials', 'true']]);
      }
    });
    assert.deepEqual(got, { 'any-origin-reflected': 'medium', 'missing-vary-origin': 'medium' });
    // Two ports on localhost are one site: an allow-list of dev servers.
    const dev = findings((r) => {
      for (const o of ['http://localhost:5173', 'http://127.0.0.1:3000']) record(r, 'GET', '/api/me', [['Origin', o], ['Cookie', 'sid=1']], exact(o));
    });
    assert.deepEqual(dev, {});
  });

  it('compares allowed methods and headers with what the app really used', () => {
    const preflight = (r: Recorder, methods: string, headers: string) =>
      record(r, 'OPTIONS', '/api/items', [['Origin', 'http://localhost:5173'], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'content-type']],
        [...exact('http://localhost:5173'), ['Access-Control-Allow-Methods', methods], ['Access-Control-Allow-Headers', headers]]);
    assert.deepEqual(findings((r) => preflight(r, 'GET,HEAD,PUT,PATCH,POST,DELETE', 'content-type')), {});
    assert.deepEqual(findings((r) => preflight(r, 'GET,PUT,PATCH,DELETE,PROPFIND', 'content-type')), { 'overly-broad-allow-methods': 'low' });
    assert.deepEqual(findings((r) => preflight(r, '*', 'content-type')), { 'overly-broad-allow-methods': 'low' });
    assert.deepEqual(findings((r) => preflight(r, 'PUT', 'content-type, x-a, x-b, x-c, x-d, x-e')), { 'overly-broad-allow-headers': 'low' });
    assert.deepEqual(findings((r) => preflight(r, 'PUT', 'content-type, x-a')), {});
  });
});
