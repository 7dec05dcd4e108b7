import { strict as assert } from 'node:assert';
import { readPartialRequestHead } from '../../../src/core/http/partial-request-head';

const read = (s: string, offset?: number) => readPartialRequestHead(Buffer.from(s, 'latin1'), offset);

describe('readPartialRequestHead', () => {
  it('reads nothing from no bytes', () => {
    assert.deepEqual(readPartialRequestHead(undefined), { method: '', target: '', httpVersion: '', headers: [], complete: false });
    assert.deepEqual(read(''), { method: '', target: '', httpVersion: '', headers: [], complete: false });
  });
  it('reads a complete head', () => {
    assert.deepEqual(read('GET /a?b HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\nbody'), {
      method: 'GET', target: '/a?b', httpVersion: '1.1', headers: [['Host', 'x'], ['Bad Header', 'y']], complete: true,
    });
  });
  it('leaves out an incomplete last line and keeps a lower-case method', () => {
    const h = read('patch /r HTTP/1.1\r\nHost: app.test\r\nX-');
    assert.equal(h.method, 'patch');
    assert.deepEqual(h.headers, [['Host', 'app.test']]);
    assert.equal(h.complete, false);
  });
  it('does not take garbage for a target or version', () => {
    const h = read('THIS IS NOT HTTP\r\n\r\n');
    assert.equal(h.method, 'THIS');
    assert.equal(h.target, '');
    assert.equal(h.httpVersion, '');
    assert.equal(read('\x00\x01\x02 / HTTP/1.1\r\n').method, '');
    assert.equal(read('GET / HTTP/9.x\r\n\r\n').httpVersion, '');
  });
  it('picks the head the error offset falls in', () => {
    const bytes = 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nBad Header: y\r\n\r\n';
    assert.equal(read(bytes, 48).target, '/2');
    // An error reported at the end of a head belongs to that head.
    assert.equal(read('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n', 27).target, '/1');
  });
  it('is bounded: header count, field length, bytes', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `X-${i}: v\r\n`).join('');
    const h = readPartialRequestHead(Buffer.from(`GET / HTTP/1.1\r\n${many}X-Big: ${'a'.repeat(20_000)}\r\n\r\n`), undefined, { maxBytes: 64 * 1024, maxHeaders: 10, maxField: 100 });
    assert.equal(h.headers.length, 10);
    const big = read(`GET / HTTP/1.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    assert.equal(big.headers[0][1].length, 8192);
    const overflow = read(`GET /big HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(70_000)}`, 65536);
    assert.equal(overflow.target, '/big');
    assert.deepEqual(overflow.headers, [['Host', 'x']]);
  });
  it('never throws on random bytes', () => {
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      const bytes = Buffer.alloc(n % 200);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
      const h = readPartialRequestHead(bytes, n % 50);
      assert.equal(typeof h.method, 'string');
    }
  });
});
