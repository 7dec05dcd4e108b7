// A small closed-loop load generator: a fixed number of keep-alive connections,
// each sending its next request as soon as the previous answer is fully read.
import * as http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface LoadOptions {
  port: number;
  path: string;
  headers: http.OutgoingHttpHeaders;
  concurrency: number;
  durationMs: number;
  /** Stop early after this many requests (across all connections). */
  maxRequests?: number;
  /**
   * Keep-alive agent to send through, kept by the caller across runs: the benchmark
   * measures short slices, and opening fresh connections for each would be measured
   * with them. Without one, a new agent is made and destroyed.
   */
  agent?: http.Agent;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Non-2xx answers (counted as completed requests, reported separately). */
  badStatus: number;
  elapsedMs: number;
  rps: number;
  p50: number;
  p99: number;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx];
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = opts.agent ?? new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const cap = opts.maxRequests ?? Number.MAX_SAFE_INTEGER;
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  let started = 0;
  let errors = 0;
  let badStatus = 0;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;

  const one = (): Promise<void> =>
    new Promise((resolve) => {
      const s = performance.now();
      const req = http.request({ agent, host: '127.0.0.1', port: opts.port, path: opts.path, headers: opts.headers }, (res) => {
        if (res.statusCode === undefined || res.statusCode >= 300) badStatus++;
        res.on('data', () => undefined);
        res.on('end', () => {
          if (count === latencies.length) {
            const bigger = new Float64Array(latencies.length * 2);
            bigger.set(latencies);
            latencies = bigger;
          }
          latencies[count++] = performance.now() - s;
          resolve();
        });
        res.on('error', () => {
          errors++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end();
    });

  const worker = async (): Promise<void> => {
    // Bounded by time and by count; errors count as attempts so a dead target cannot spin forever.
    while (performance.now() < end && started < cap) {
      started++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsedMs = performance.now() - t0;
  if (!opts.agent) agent.destroy();
  const sorted = latencies.slice(0, count).sort();
  return {
    requests: count,
    errors,
    badStatus,
    elapsedMs,
    rps: (count / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
  };
}
