// Throughput and latency of three paths to the same small JSON API, measured in
// one run: direct, bare http-proxy, and the full inspector (proxy + recorder
// judging every exchange). Then the inspector's memory after 100k exchanges.
//
//   npm run bench                      (defaults: 5 rounds x 3 s per path, 16 connections)
//   BENCH_ROUNDS=3 BENCH_SECONDS=2 BENCH_CONNECTIONS=32 npm run bench
//
// Each server runs in its own child process; paths are measured in a rotating
// order, round after round, and medians are reported, because the machine is shared.
// Exit code is non-zero only if the harness itself fails (requests erroring, a
// child dying) — missing the bar is reported, not fatal.
import { fork, type ChildProcess } from 'node:child_process';
import * as os from 'node:os';
import { runLoad, type LoadResult } from './load';
import { runRole, type Role, type RoleReady, type RoleStats } from './roles';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const RSS_EXCHANGES = Number(process.env.BENCH_RSS_EXCHANGES ?? 100_000);
const THROUGHPUT_BAR = 0.9;
const RSS_BAR_MB = 200;
const HEADERS = { Origin: 'http://localhost:5173', Accept: 'application/json' };

type PathName = 'direct' | 'bare http-proxy' | 'inspector';

interface Child {
  proc: ChildProcess;
  port: number;
}

function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function spawnRole(role: Role, target?: string): Promise<Child> {
  const args = ['--role', role, ...(target ? ['--target', target] : [])];
  const proc = fork(process.argv[1], args, { execArgv: [...process.execArgv, '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 20 s`)), 20_000);
    proc.once('message', (msg: RoleReady) => {
      clearTimeout(timer);
      resolve({ proc, port: msg.port });
    });
    proc.once('exit', (code) => reject(new Error(`${role} exited early with code ${code}`)));
  });
}

function statsOf(child: Child): Promise<RoleStats> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stats timed out')), 10_000);
    child.proc.once('message', (msg: RoleStats) => {
      clearTimeout(timer);
      resolve(msg);
    });
    child.proc.send({ type: 'stats' });
  });
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (x: number): string => `${x.toFixed(2)} ms`;
const pad = (s: string, n: number): string => s.padStart(n);

async function main(): Promise<number> {
  console.log(`CORS Inspector benchmark — ${ROUNDS} rounds x ${SECONDS} s per path, ${CONNECTIONS} keep-alive connections`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const children: Child[] = [];
  try {
    const upstream = await spawnRole('upstream');
    children.push(upstream);
    const target = `http://127.0.0.1:${upstream.port}`;
    const bare = await spawnRole('bare', target);
    children.push(bare);
    const inspector = await spawnRole('inspector', target);
    children.push(inspector);
    const ports: Record<PathName, number> = { direct: upstream.port, 'bare http-proxy': bare.port, inspector: inspector.port };
    const paths: PathName[] = ['direct', 'bare http-proxy', 'inspector'];
    let throughInspector = 0;
    let harnessErrors = 0;

    const measure = async (path: PathName, durationMs: number, maxRequests?: number): Promise<LoadResult> => {
      const r = await runLoad({ port: ports[path], path: '/api/widgets/42', headers: HEADERS, concurrency: CONNECTIONS, durationMs, maxRequests });
      if (path === 'inspector') throughInspector += r.requests;
      harnessErrors += r.errors + r.badStatus;
      return r;
    };

    // Warm-up: JIT, connection pools.
    for (const p of paths) await measure(p, 1000);

    const results: Record<PathName, LoadResult[]> = { direct: [], 'bare http-proxy': [], inspector: [] };
    const vsBare: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = paths.map((_, i) => paths[(i + round) % paths.length]);
      const roundResults = {} as Record<PathName, LoadResult>;
      for (const p of order) {
        roundResults[p] = await measure(p, SECONDS * 1000);
        results[p].push(roundResults[p]);
      }
      vsBare.push(roundResults.inspector.rps / roundResults['bare http-proxy'].rps);
      console.log(
        `  round ${round + 1}: ` + paths.map((p) => `${p} ${roundResults[p].rps.toFixed(0)} req/s`).join(', ') + `; inspector/bare ${pct(vsBare[round])}`,
      );
    }

    const summary = Object.fromEntries(
      paths.map((p) => [p, { rps: median(results[p].map((r) => r.rps)), p50: median(results[p].map((r) => r.p50)), p99: median(results[p].map((r) => r.p99)), n: results[p].reduce((a, r) => a + r.requests, 0) }]),
    ) as Record<PathName, { rps: number; p50: number; p99: number; n: number }>;

    console.log('');
    console.log(`${'path'.padEnd(16)}${pad('req/s', 10)}${pad('p50', 12)}${pad('p99', 12)}${pad('requests', 11)}`);
    for (const p of paths) {
      const s = summary[p];
      console.log(`${p.padEnd(16)}${pad(s.rps.toFixed(0), 10)}${pad(ms(s.p50), 12)}${pad(ms(s.p99), 12)}${pad(String(s.n), 11)}`);
    }
    const ratioBare = median(vsBare);
    const ratioDirect = summary.inspector.rps / summary.direct.rps;
    console.log('');
    console.log(`inspector throughput vs bare http-proxy: ${pct(ratioBare)} (median of per-round ratios; bar ≥ ${pct(THROUGHPUT_BAR)}: ${ratioBare >= THROUGHPUT_BAR ? 'MET' : 'MISSED'})`);
    console.log(`inspector throughput vs direct:          ${pct(ratioDirect)}`);
    console.log(`bare http-proxy throughput vs direct:    ${pct(summary['bare http-proxy'].rps / summary.direct.rps)}`);
    console.log(`inspector added latency vs direct:       p50 +${ms(summary.inspector.p50 - summary.direct.p50)}, p99 +${ms(summary.inspector.p99 - summary.direct.p99)}`);
    console.log(`bare http-proxy added latency vs direct: p50 +${ms(summary['bare http-proxy'].p50 - summary.direct.p50)}, p99 +${ms(summary['bare http-proxy'].p99 - summary.direct.p99)}`);

    // Memory: push the inspector to RSS_EXCHANGES exchanges in total, then read its RSS.
    const remaining = Math.max(0, RSS_EXCHANGES - throughInspector);
    if (remaining > 0) await measure('inspector', 180_000, remaining);
    const stats = await statsOf(inspector);
    const rssMb = stats.rss / 1024 / 1024;
    console.log('');
    console.log(
      `inspector after ${throughInspector} exchanges: RSS ${rssMb.toFixed(1)} MB, heap ${(stats.heapUsed / 1024 / 1024).toFixed(1)} MB, external ${(stats.external / 1024 / 1024).toFixed(1)} MB, ` +
        `${stats.captures} recorded, ${stats.records} kept (bar RSS < ${RSS_BAR_MB} MB: ${rssMb < RSS_BAR_MB ? 'MET' : 'MISSED'})`,
    );
    if (stats.captures !== throughInspector) console.log(`NOTE: ${throughInspector - stats.captures} exchanges were not recorded`);
    if (harnessErrors > 0) {
      console.error(`harness errors: ${harnessErrors} requests failed or got a non-2xx answer`);
      return 1;
    }
    return 0;
  } finally {
    for (const c of children) c.proc.kill();
  }
}

const role = argOf('--role') as Role | undefined;
if (role) {
  runRole(role, argOf('--target')).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error('benchmark failed:', err);
      process.exit(1);
    },
  );
}
