// Sends the audit's planned probes to the resolved target and collects the
// response heads. Thin on purpose: planning and analysis live in src/core/audit.
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { HeaderList } from '../core/http/types';
import type { Probe } from '../core/audit/probes';
import type { ProbeResult } from '../core/audit/active';
import type { ResolvedTarget } from './target-guard';

export class TargetUnreachable extends Error {}

export interface SendOptions {
  timeoutMs?: number;
  concurrency?: number;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'ERR_TLS_CERT_ALTNAME_INVALID']);

function pairs(raw: string[]): HeaderList {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

function sendOne(target: ResolvedTarget, probe: Probe, timeoutMs: number): Promise<ProbeResult> {
  const url = new URL(probe.request.url);
  // Always the address resolved (and checked) once, whatever the name resolves to now.
  const fixed: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  // Headers go as raw pairs, in this order; Node then adds no Host of its own.
  const flat: string[] = ['Host', url.host];
  for (const [n, v] of probe.request.headers) flat.push(n, v);
  return new Promise((resolve) => {
    const req = client.request(
      url,
      { method: probe.request.method, headers: flat as unknown as http.OutgoingHttpHeaders, lookup: fixed, agent: false, timeout: timeoutMs },
      (res) => {
        // Only the head matters; the body is not read.
        resolve({ probe, response: { status: res.statusCode ?? 0, headers: pairs(res.rawHeaders) } });
        res.destroy();
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ probe, response: null, error: err.code ?? err.message }));
    req.end();
  });
}

/** Sends every probe (a few at a time). The first one is sent alone: if it cannot connect, the target is unreachable. */
export async function sendProbes(target: ResolvedTarget, probes: Probe[], options: SendOptions = {}): Promise<ProbeResult[]> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  if (probes.length === 0) return [];
  const first = await sendOne(target, probes[0], timeoutMs);
  if (!first.response && CONNECTION_ERRORS.has(first.error ?? '')) {
    throw new TargetUnreachable(`cannot reach ${target.url.origin} (${target.address}): ${first.error}`);
  }
  const results: ProbeResult[] = new Array(probes.length);
  results[0] = first;
  let next = 1;
  const worker = async () => {
    while (next < probes.length) {
      const i = next++;
      results[i] = await sendOne(target, probes[i], timeoutMs);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
}
