// The audit only ever talks to loopback or to a host the user named, and it connects
// to the address it checked: a name that resolves differently later cannot redirect it.
import { strict as assert } from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackAddress, resolveTarget, TargetRefused } from '../../../src/audit/target-guard';
import { sendProbes } from '../../../src/audit/send-probes';
import { planAudit } from '../../../src/core/audit/probes';

const fixed = (...addresses: string[]) => async () => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('audit: target guard', () => {
  it('knows loopback addresses', () => {
    for (const a of ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(a), a);
    for (const a of ['10.0.0.1', '192.168.1.1', '0.0.0.0', '::', '::ffff:10.0.0.1', '8.8.8.8']) assert.ok(!isLoopbackAddress(a), a);
  });

  it('accepts names that resolve to loopback and picks the loopback address', async () => {
    const t = await resolveTarget(new URL('http://dev.test:3000'), [], fixed('10.1.2.3', '127.0.0.1'));
    assert.equal(t.address, '127.0.0.1');
  });

  it('refuses anything else unless the host was configured explicitly', async () => {
    await assert.rejects(resolveTarget(new URL('http://intranet.test'), [], fixed('10.1.2.3')), TargetRefused);
    await assert.rejects(resolveTarget(new URL('http://192.168.0.10:8080'), []), TargetRefused);
    const t = await resolveTarget(new URL('http://staging.test'), ['STAGING.test'], fixed('10.1.2.3'));
    assert.equal(t.address, '10.1.2.3');
  });

  it('connects to the checked address, never looking the name up again', async () => {
    const seen: string[] = [];
    const server = http.createServer((req, res) => {
      seen.push(String(req.headers.host));
      res.writeHead(200, { 'access-control-allow-origin': String(req.headers.origin) }).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      // .invalid never resolves: only the pinned address can reach the server.
      const target = await resolveTarget(new URL(`http://audit-target.invalid:${port}`), [], fixed('127.0.0.1'));
      const plan = planAudit(`http://audit-target.invalid:${port}`, 'http://localhost:5173', ['/x']);
      const results = await sendProbes(target, plan.probes.slice(0, 3));
      assert.deepEqual(results.map((r) => r.response?.status), [200, 200, 200]);
      assert.deepEqual(seen, Array(3).fill(`audit-target.invalid:${port}`), 'the Host header keeps the name');
    } finally {
      server.close();
    }
  });
});
