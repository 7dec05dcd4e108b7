// Writes a large JSON Lines file shaped like `proxy --jsonl` output: pairs of
// preflight + request (half of them failing), plain CORS GETs and same-origin
// requests, 5 ms apart. Used by the analyze memory benchmark (1 GB) and, much
// smaller, by the CLI test that proves analyze streams.
import { createWriteStream } from 'node:fs';

const ORIGIN = 'http://localhost:5173';
const API = 'http://127.0.0.1:4000';

function line(i: number, t0: number): string[] {
  const at = (k: number) => new Date(t0 + i * 5 + k).toISOString();
  const kind = i % 4;
  const base = { durationMs: 2, error: null };
  const body = { size: 48, preview: Buffer.from(`{"id":${i},"name":"widget ${i}","tags":["a","b"]}`).toString('base64'), truncated: false };
  if (kind === 0) {
    // A preflight and its request; every other one forgets PUT in the allowed methods.
    const allowed = i % 8 === 0 ? 'GET,POST' : 'GET,POST,PUT';
    const pre = {
      ...base, id: `${i}a`, type: 'preflight', pairId: `p${i}`, startedAt: at(0),
      request: { method: 'OPTIONS', url: `${API}/api/items/${i}`, httpVersion: '1.1', headers: { host: '127.0.0.1:4000', origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } },
      response: { status: 204, statusText: 'No Content', httpVersion: '1.1', headers: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': allowed, 'access-control-allow-headers': 'content-type', vary: 'Origin' } },
    };
    const req = {
      ...base, id: `${i}b`, type: 'request', pairId: `p${i}`, startedAt: at(1),
      request: { method: 'PUT', url: `${API}/api/items/${i}`, httpVersion: '1.1', headers: { host: '127.0.0.1:4000', origin: ORIGIN, 'content-type': 'application/json' }, body },
      response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: { 'content-type': 'application/json', 'access-control-allow-origin': ORIGIN, vary: 'Origin' }, body },
    };
    return i % 8 === 0 ? [JSON.stringify(pre)] : [JSON.stringify(pre), JSON.stringify(req)];
  }
  const cors = kind !== 3;
  const missing = kind === 2;
  const rec = {
    ...base, id: `${i}`, type: 'request', pairId: null, startedAt: at(0),
    request: { method: 'GET', url: `${API}/api/widgets/${i}?page=${i % 17}`, httpVersion: '1.1', headers: { host: '127.0.0.1:4000', accept: 'application/json', ...(cors ? { origin: ORIGIN } : {}), 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36' } },
    response: { status: 200, statusText: 'OK', httpVersion: '1.1', headers: { 'content-type': 'application/json', 'content-length': '48', ...(missing ? {} : { 'access-control-allow-origin': '*' }), date: 'Wed, 02 Dec 2026 04:00:00 GMT' }, body },
  };
  return [JSON.stringify(rec)];
}

/** Writes lines until the file reaches `bytes`; resolves with the number of lines written. */
export async function writeJsonlFixture(path: string, bytes: number): Promise<number> {
  const out = createWriteStream(path);
  const t0 = Date.parse('2026-12-02T04:00:00.000Z');
  let written = 0;
  let lines = 0;
  for (let i = 0; written < bytes; i++) {
    const text = line(i, t0).join('\n') + '\n';
    written += Buffer.byteLength(text);
    lines += text.split('\n').length - 1;
    if (!out.write(text)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  return lines;
}
