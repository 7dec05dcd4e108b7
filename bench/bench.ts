// Throughput and latency of five paths to the same small JSON API, measured in
// one run: direct, bare http-proxy, our proxy alone (counting sink), the full
// inspector in-process (proxy + recorder judging and pairing every exchange), and
// the CLI as users run it: `cors-inspector proxy --target … --jsonl <tmp>` in its
// own process, its stdout piped to this process and read. Then the memory of the
// inspector and of the CLI after 100k exchanges each.
//
//   npm run bench       (defaults: 25k warm-up requests per path, then 20 rounds x 0.5 s per path,
//                        16 connections, 100k exchanges for RSS)
//   BENCH_WARMUP=25000 BENCH_ROUNDS=20 BENCH_SECONDS=0.5 BENCH_CONNECTIONS=16 BENCH_RSS_EXCHANGES=100000 npm run bench
//   BENCH_PROFILE=/tmp/prof npm run bench   (writes V8 CPU profiles of the proxy processes)
//
// Every server runs in its own child process (bare http-proxy too, with a keep-alive agent). The machine is shared and its speed
// drifts from second to second, so:
// - each path is warmed up by a number of requests, not seconds: V8 goes on
//   optimising the inspector's code for about 20k requests (bare http-proxy's for
//   about 6k; seen with --trace-opt), and that one-off cost is not the steady state;
// - rounds are short and bare http-proxy and the inspector run back to back in
//   each round, in alternating order, so that both see the same machine; the ratio
//   reported is the median of the rounds' ratios, with its interquartile range;
// - each path keeps its keep-alive connections from slice to slice.
// Besides req/s we report CPU time per request of each proxy process
// (process.cpuUsage): on an idle box the proxy's CPU per request is what bounds
// its throughput. Per thread (bench/thread-times.ts): what the main thread spent,
// what the other threads spent, and how long the main thread waited for a CPU.
// Exit code is non-zero only if the harness fails (requests erroring, a child
// dying) — missing the bar is reported, not fatal.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { runLoad, type LoadResult } from './load';
import { runRole, type Role, type RoleReady, type RoleStats } from './roles';
import { statCpuMicros, threadTimes, type ThreadTimes } from './thread-times';

const WARMUP_REQUESTS = Number(process.env.BENCH_WARMUP ?? 25_000);
const WARMUP_LIMIT_MS = 60_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const RSS_EXCHANGES = Number(process.env.BENCH_RSS_EXCHANGES ?? 100_000);
const RSS_PHASE_LIMIT_MS = 75_000;
const THROUGHPUT_BAR = 0.9;
const P99_BAR = 1.5;
const RSS_BAR_MB = 200;
const HEADERS = { Origin: 'http://localhost:5173', Accept: 'application/json' };

type PathName = 'direct' | 'bare http-proxy' | 'our proxy only' | 'inspector' | 'CLI';
const PATHS: PathName[] = ['direct', 'bare http-proxy', 'our proxy only', 'inspector', 'CLI'];
/** What the CLI row is: the command users run, with --jsonl and stdout piped. */
const CLI_LABEL = 'cors-inspector proxy --jsonl, stdout piped and read';

/**
 * A round's order: bare http-proxy and the two paths the bars compare with it run
 * back to back, bare in the middle, first and last in turn; the other two paths
 * before or after them.
 */
function roundOrder(round: number): PathName[] {
  const trio: PathName[] = round % 2 === 0 ? ['inspector', 'bare http-proxy', 'CLI'] : ['CLI', 'bare http-proxy', 'inspector'];
  const others: PathName[] = round % 4 < 2 ? ['direct', 'our proxy only'] : ['our proxy only', 'direct'];
  return round % 2 === 0 ? [...trio, ...others] : [...others, ...trio];
}

interface Child {
  proc: ChildProcess;
  port: number;
  /** The CLI: the lines its stdout printed so far (read as they come). */
  lines?: () => number;
}

/** The CLI as a user starts it, stdout piped into this process and read (counted). */
function spawnCli(target: string, jsonl: string): Promise<Child> {
  const cli = path.join(__dirname, 'cli.js');
  const execArgv = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const proc = spawn(process.execPath, [...execArgv, cli, 'proxy', '--target', target, '--jsonl', jsonl], { stdio: ['ignore', 'pipe', 'inherit'] });
  let lines = 0;
  let first = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the CLI did not start within 20 s')), 20_000);
    proc.stdout!.on('data', (chunk: Buffer) => {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      if (lines === 0 || first) return;
      first = chunk.toString('utf8').split('\n')[0];
      const port = /^listening on http:\/\/127\.0\.0\.1:(\d+)$/.exec(first)?.[1];
      clearTimeout(timer);
      if (!port) reject(new Error(`the CLI printed "${first}" instead of its listening line`));
      else resolve({ proc, port: Number(port), lines: () => lines - 1 });
    });
    proc.once('exit', (code) => reject(new Error(`the CLI exited early with code ${code}`)));
  });
}

/** RSS and CPU time of any process of ours, from /proc (the CLI has no IPC channel). */
function procStats(pid: number): { rss: number; cpuMicros: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(status.split('\n').find((l) => l.startsWith('VmRSS:'))?.split(/\s+/)[1] ?? 0);
  return { rss: rssKb * 1024, cpuMicros: statCpuMicros(`/proc/${pid}/stat`) };
}

function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function spawnRole(role: Role, target?: string): Promise<Child> {
  const args = ['--role', role, ...(target ? ['--target', target] : [])];
  const execArgv = [...process.execArgv, '--expose-gc'];
  if (role !== 'upstream' && process.env.BENCH_PROFILE) execArgv.push('--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`);
  const proc = fork(process.argv[1], args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 20 s`)), 20_000);
    proc.once('message', (msg: RoleReady) => {
      clearTimeout(timer);
      resolve({ proc, port: msg.port });
    });
    proc.once('exit', (code) => reject(new Error(`${role} exited early with code ${code}`)));
  });
}

function statsOf(child: Child, gc = false): Promise<RoleStats> {
  if (child.lines) {
    const { rss, cpuMicros } = procStats(child.proc.pid!);
    const n = child.lines();
    return Promise.resolve({ type: 'stats', rss, heapUsed: NaN, heapTotal: NaN, external: NaN, cpuMicros, records: NaN, captures: n, judged: n, crossOrigin: NaN });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stats timed out')), 10_000);
    child.proc.once('message', (msg: RoleStats) => {
      clearTimeout(timer);
      resolve(msg);
    });
    child.proc.send({ type: 'stats', gc });
  });
}

/** The q-quantile (0..1) by linear interpolation between order statistics. */
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  return s[lo] + (s[Math.min(lo + 1, s.length - 1)] - s[lo]) * (at - lo);
};
const median = (xs: number[]): number => quantile(xs, 0.5);
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const ms = (x: number): string => `${x.toFixed(2)} ms`;
const pad = (s: string, n: number): string => s.padStart(n);

async function main(): Promise<number> {
  console.log(
    `CORS Inspector benchmark — ${WARMUP_REQUESTS} warm-up requests per path, then ${ROUNDS} rounds x ${SECONDS} s per path, ${CONNECTIONS} keep-alive connections`,
  );
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  const children: Child[] = [];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cors-bench-'));
  const jsonl = path.join(tmp, 'session.jsonl');
  const agents = Object.fromEntries(PATHS.map((p) => [p, new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS })])) as Record<PathName, http.Agent>;
  try {
    const upstream = await spawnRole('upstream');
    children.push(upstream);
    const target = `http://127.0.0.1:${upstream.port}`;
    const servers: Record<PathName, Child> = {
      direct: upstream,
      'bare http-proxy': await spawnRole('bare', target),
      'our proxy only': await spawnRole('proxy-only', target),
      inspector: await spawnRole('inspector', target),
      CLI: await spawnCli(target, jsonl),
    };
    children.push(servers['bare http-proxy'], servers['our proxy only'], servers.inspector, servers.CLI);
    let throughInspector = 0;
    let throughCli = 0;
    let harnessErrors = 0;

    /** Per proxy path, over the measured rounds: its process's threads and the wall time and requests they served. */
    const threads = new Map<PathName, ThreadTimes & { wallMs: number; requests: number }>();
    let countThreads = false;

    /** One load run; for proxies also the CPU time their process spent per request. */
    const measure = async (path: PathName, durationMs: number, maxRequests?: number): Promise<LoadResult & { cpuPerReq: number }> => {
      const before = path === 'direct' ? null : await statsOf(servers[path]);
      const threadsBefore = path === 'direct' ? null : threadTimes(servers[path].proc.pid!);
      const r = await runLoad({ port: servers[path].port, path: '/api/widgets/42', headers: HEADERS, concurrency: CONNECTIONS, durationMs, maxRequests, agent: agents[path] });
      const threadsAfter = path === 'direct' ? null : threadTimes(servers[path].proc.pid!);
      const after = path === 'direct' ? null : await statsOf(servers[path]);
      if (countThreads && threadsBefore && threadsAfter) {
        const t = threads.get(path) ?? { mainCpuMicros: 0, otherCpuMicros: 0, mainWaitMicros: 0, wallMs: 0, requests: 0 };
        t.mainCpuMicros += threadsAfter.mainCpuMicros - threadsBefore.mainCpuMicros;
        t.otherCpuMicros += threadsAfter.otherCpuMicros - threadsBefore.otherCpuMicros;
        t.mainWaitMicros += threadsAfter.mainWaitMicros - threadsBefore.mainWaitMicros;
        t.wallMs += r.elapsedMs;
        t.requests += r.requests;
        threads.set(path, t);
      }
      if (path === 'inspector') throughInspector += r.requests;
      if (path === 'CLI') throughCli += r.requests;
      harnessErrors += r.errors + r.badStatus;
      const cpuPerReq = before && after && r.requests > 0 ? (after.cpuMicros - before.cpuMicros) / r.requests : NaN;
      return { ...r, cpuPerReq };
    };

    // Warm-up: JIT, connection pools.
    for (const p of PATHS) await measure(p, WARMUP_LIMIT_MS, WARMUP_REQUESTS);
    countThreads = true;

    const results: Record<PathName, Array<LoadResult & { cpuPerReq: number }>> = { direct: [], 'bare http-proxy': [], 'our proxy only': [], inspector: [], CLI: [] };
    const vsBare: number[] = [];
    const cliVsBare: number[] = [];
    const cliP99VsBare: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const order = roundOrder(round);
      const roundResults = {} as Record<PathName, LoadResult>;
      for (const p of order) {
        const r = await measure(p, SECONDS * 1000);
        roundResults[p] = r;
        results[p].push(r);
      }
      vsBare.push(roundResults.inspector.rps / roundResults['bare http-proxy'].rps);
      cliVsBare.push(roundResults.CLI.rps / roundResults['bare http-proxy'].rps);
      cliP99VsBare.push(roundResults.CLI.p99 / roundResults['bare http-proxy'].p99);
      console.log(
        `  round ${String(round + 1).padStart(2)}: ` + order.map((p) => `${p} ${roundResults[p].rps.toFixed(0)}`).join(', ') +
          ` req/s; inspector/bare ${pct(vsBare[round])}, CLI/bare ${pct(cliVsBare[round])}`,
      );
    }

    const summary = Object.fromEntries(
      PATHS.map((p) => [
        p,
        {
          rps: median(results[p].map((r) => r.rps)),
          p50: median(results[p].map((r) => r.p50)),
          p99: median(results[p].map((r) => r.p99)),
          cpu: median(results[p].map((r) => r.cpuPerReq)),
          n: results[p].reduce((a, r) => a + r.requests, 0),
        },
      ]),
    ) as Record<PathName, { rps: number; p50: number; p99: number; cpu: number; n: number }>;

    console.log('');
    console.log(`CLI = ${CLI_LABEL}`);
    console.log(
      `${'path'.padEnd(17)}${pad('req/s', 9)}${pad('p50', 11)}${pad('p99', 11)}${pad('proxy CPU/req', 15)}${pad('requests', 10)}${pad('vs bare', 9)}${pad('vs direct', 11)}`,
    );
    for (const p of PATHS) {
      const s = summary[p];
      const cpu = Number.isNaN(s.cpu) ? '-' : `${s.cpu.toFixed(0)} µs`;
      console.log(
        `${p.padEnd(17)}${pad(s.rps.toFixed(0), 9)}${pad(ms(s.p50), 11)}${pad(ms(s.p99), 11)}${pad(cpu, 15)}${pad(String(s.n), 10)}` +
          `${pad(pct(s.rps / summary['bare http-proxy'].rps), 9)}${pad(pct(s.rps / summary.direct.rps), 11)}`,
      );
    }
    console.log('');
    console.log('Where each proxy process spent its time (all rounds pooled; CPU from /proc in 10 ms ticks; waiting: runnable, not running):');
    console.log(`${'path'.padEnd(17)}${pad('main thread/req', 17)}${pad('other threads/req', 19)}${pad('main thread busy', 18)}${pad('main thread waiting', 21)}`);
    for (const p of PATHS) {
      const t = threads.get(p);
      if (!t) continue;
      const perReq = (micros: number) => `${(micros / t.requests).toFixed(1)} µs`;
      const share = (micros: number) => pct(micros / 1000 / t.wallMs);
      console.log(`${p.padEnd(17)}${pad(perReq(t.mainCpuMicros), 17)}${pad(perReq(t.otherCpuMicros), 19)}${pad(share(t.mainCpuMicros), 18)}${pad(share(t.mainWaitMicros), 21)}`);
    }
    const ratioBare = median(vsBare);
    const pooledBare = summary.inspector.n / summary['bare http-proxy'].n;
    const cpuRatio = summary['bare http-proxy'].cpu / summary.inspector.cpu;
    const bareCpu = summary['bare http-proxy'].cpu;
    console.log('');
    console.log(`inspector throughput vs bare http-proxy: ${pct(ratioBare)} (median of per-round ratios; bar ≥ ${pct(THROUGHPUT_BAR)}: ${ratioBare >= THROUGHPUT_BAR ? 'MET' : 'MISSED'})`);
    console.log(
      `  spread of the rounds' ratios:          ${pct(quantile(vsBare, 0.25))}–${pct(quantile(vsBare, 0.75))} (interquartile), ${pct(Math.min(...vsBare))}–${pct(Math.max(...vsBare))} (all); all requests pooled ${pct(pooledBare)}`,
    );
    console.log(`  by CPU per request (bare/inspector):   ${pct(cpuRatio)} (${cpuRatio >= THROUGHPUT_BAR ? 'MET' : 'MISSED'}); our proxy alone ${pct(bareCpu / summary['our proxy only'].cpu)}`);
    const cliRatio = median(cliVsBare);
    const cliP99 = median(cliP99VsBare);
    console.log(
      `CLI throughput vs bare http-proxy:       ${pct(cliRatio)} (median of per-round ratios, IQR ${pct(quantile(cliVsBare, 0.25))}–${pct(quantile(cliVsBare, 0.75))}; bar ≥ ${pct(THROUGHPUT_BAR)}: ${cliRatio >= THROUGHPUT_BAR ? 'MET' : 'MISSED'})`,
    );
    console.log(`CLI p99 vs bare http-proxy's:            ${cliP99.toFixed(2)}× (median of per-round ratios; bar ≤ ${P99_BAR}×: ${cliP99 <= P99_BAR ? 'MET' : 'MISSED'})`);
    console.log(`  by CPU per request (bare/CLI):         ${pct(bareCpu / summary.CLI.cpu)} (CPU from /proc, 10 ms ticks)`);
    console.log(`inspector throughput vs direct:          ${pct(summary.inspector.rps / summary.direct.rps)}`);
    console.log(`CLI throughput vs direct:                ${pct(summary.CLI.rps / summary.direct.rps)}`);
    console.log(`bare http-proxy throughput vs direct:    ${pct(summary['bare http-proxy'].rps / summary.direct.rps)}`);
    console.log(`inspector added latency vs direct:       p50 +${ms(summary.inspector.p50 - summary.direct.p50)}, p99 +${ms(summary.inspector.p99 - summary.direct.p99)}`);
    console.log(`bare http-proxy added latency vs direct: p50 +${ms(summary['bare http-proxy'].p50 - summary.direct.p50)}, p99 +${ms(summary['bare http-proxy'].p99 - summary.direct.p99)}`);

    // Memory: push the inspector to RSS_EXCHANGES exchanges in total (time-boxed), then read its RSS.
    const remaining = Math.max(0, RSS_EXCHANGES - throughInspector);
    if (remaining > 0) await measure('inspector', RSS_PHASE_LIMIT_MS, remaining);
    const stats = await statsOf(servers.inspector, true);
    const rssMb = stats.rss / 1024 / 1024;
    // The same for our proxy with a counting sink, to tell the proxy's share from the recorder's.
    const proxyOnlyRemaining = Math.max(0, RSS_EXCHANGES - (await statsOf(servers['our proxy only'])).captures);
    if (proxyOnlyRemaining > 0) await measure('our proxy only', RSS_PHASE_LIMIT_MS, proxyOnlyRemaining);
    const proxyOnly = await statsOf(servers['our proxy only'], true);
    console.log('');
    console.log(
      `our proxy only after ${proxyOnly.captures} exchanges: RSS ${(proxyOnly.rss / 1024 / 1024).toFixed(1)} MB (after GC), ` +
        `heap ${(proxyOnly.heapUsed / 1024 / 1024).toFixed(1)} MB used / ${(proxyOnly.heapTotal / 1024 / 1024).toFixed(1)} MB committed`,
    );
    console.log(
      `inspector after ${throughInspector} exchanges: RSS ${rssMb.toFixed(1)} MB (after GC), heap ${(stats.heapUsed / 1024 / 1024).toFixed(1)} MB used / ${(stats.heapTotal / 1024 / 1024).toFixed(1)} MB committed, ` +
        `external ${(stats.external / 1024 / 1024).toFixed(1)} MB, ${stats.captures} recorded, ${stats.judged} judged (${stats.crossOrigin} as cross-origin), ${stats.records} kept ` +
        `(bar RSS < ${RSS_BAR_MB} MB: ${rssMb < RSS_BAR_MB ? 'MET' : 'MISSED'}${throughInspector < RSS_EXCHANGES ? `; only ${throughInspector} of ${RSS_EXCHANGES} exchanges fit in the time limit` : ''})`,
    );
    // And the CLI, as users run it: its RSS after as many exchanges, the JSONL and the lines it printed.
    const cliRemaining = Math.max(0, RSS_EXCHANGES - throughCli);
    if (cliRemaining > 0) await measure('CLI', RSS_PHASE_LIMIT_MS, cliRemaining);
    await new Promise((r) => setTimeout(r, 500)); // its last lines and JSONL batch
    const cli = await statsOf(servers.CLI);
    const cliRssMb = cli.rss / 1024 / 1024;
    const jsonlLines = readFileSync(jsonl, 'utf8').split('\n').length - 1;
    console.log(
      `CLI after ${throughCli} exchanges: RSS ${cliRssMb.toFixed(1)} MB (no forced GC), JSONL ${jsonlLines} lines (${(statSync(jsonl).size / 1024 / 1024).toFixed(0)} MB), ` +
        `stdout ${cli.captures} lines read (bar RSS < ${RSS_BAR_MB} MB: ${cliRssMb < RSS_BAR_MB ? 'MET' : 'MISSED'}${throughCli < RSS_EXCHANGES ? `; only ${throughCli} of ${RSS_EXCHANGES} exchanges fit in the time limit` : ''})`,
    );
    if (jsonlLines !== throughCli) console.log(`NOTE: the JSONL holds ${jsonlLines} lines for ${throughCli} exchanges`);
    if (stats.captures !== throughInspector) console.log(`NOTE: ${throughInspector - stats.captures} exchanges were not recorded`);
    if (stats.judged !== stats.captures) console.log(`NOTE: ${stats.captures - stats.judged} recorded exchanges were not judged`);
    if (harnessErrors > 0) {
      console.error(`harness errors: ${harnessErrors} requests failed or got a non-2xx answer`);
      return 1;
    }
    return 0;
  } finally {
    for (const a of Object.values(agents)) a.destroy();
    // Disconnecting lets each child exit on its own (and write a profile if asked).
    for (const c of children) if (c.proc.connected) c.proc.disconnect();
    await new Promise((r) => setTimeout(r, 500));
    for (const c of children) if (c.lines && c.proc.exitCode === null) c.proc.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 500));
    for (const c of children) if (c.proc.exitCode === null) c.proc.kill();
    rmSync(tmp, { recursive: true, force: true });
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
