// The recorder judges every capture; odd traffic must never make the engine throw.
import { strict as assert } from 'node:assert';
import { judgeFlow } from '../../../src/core/cors';
import type { CorsFlow } from '../../../src/core/cors/types';
import type { HeaderList, WireExchange } from '../../../src/core/http/types';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Origin', 'Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Methods',
  'Access-Control-Allow-Headers', 'Access-Control-Request-Method', 'Access-Control-Request-Headers', 'Location', 'Cookie',
  'Authorization', 'Sec-Fetch-Mode', 'Content-Type', 'Range', 'X-Custom', 'Accept'];
const VALUES = ['', ' ', '*', 'null', 'true', 'TRUE', 'http://localhost:3000', 'http://127.0.0.1:4000', 'GET, PUT', 'PUT;',
  'x-a, ,x-b', 'bytes=0-1', 'text/plain', '\u00e9\u00ff', 'http://u:p@x/', 'ftp://x/', 'data:,x', '/relative', '::::', 'cors', 'no-cors'];
const URLS = ['http://127.0.0.1:4000/a', 'http://localhost:3000/b', 'not a url', '', 'https://[::1]:8443/', 'http://x/%zz'];
const METHODS = ['GET', 'OPTIONS', 'PUT', 'patch', '', 'POST'];

describe('cors engine: robustness', function () {
  // Generous: the machine is shared, and this only guards against throws, not speed.
  this.timeout(30000);
  it('judges 2000 random flows without throwing, always with a known verdict', () => {
    const r = rng(42);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const headers = (): HeaderList => Array.from({ length: Math.floor(r() * 8) }, () => [pick(NAMES), pick(VALUES)] as [string, string]);
    const exchangeOf = (): WireExchange => ({
      request: { method: pick(METHODS), url: pick(URLS), headers: headers() },
      response: r() < 0.1 ? null : { status: pick([0, 200, 204, 302, 307, 404, 500, 999]), headers: headers() },
    });
    for (let i = 0; i < 2000; i++) {
      const flow: CorsFlow = {
        preflight: r() < 0.5 ? exchangeOf() : null,
        requests: Array.from({ length: Math.floor(r() * 4) }, exchangeOf),
        complete: r() < 0.5,
        preflightCached: r() < 0.2,
      };
      const j = judgeFlow(flow);
      assert.ok(['pass', 'fail', 'warn', 'not-cors'].includes(j.verdict));
      assert.equal(j.requests.length, flow.requests.length);
    }
  });
});
