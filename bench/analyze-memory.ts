// `analyze` on a big JSON Lines file: its peak memory (VmHWM, the resident high-water
// mark from /proc) and time, for a file of BENCH_ANALYZE_MB (default 1024) MB, plus
// the same file cut in the middle of its last line (it must still be read, with a
// warning naming that line).
//
//   npm run bench:analyze
//   BENCH_ANALYZE_MB=200 npm run bench:analyze
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeJsonlFixture } from './jsonl-fixture';

const MB = Number(process.env.BENCH_ANALYZE_MB ?? 1024);
const BAR_MB = 300;
const CLI = path.resolve(__dirname, '..', 'dist', 'cli.js');

function peakKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const line = status.split('\n').find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs analyze with stdout discarded; its exit code, stderr, peak RSS (MB) and seconds. */
function analyze(file: string): Promise<{ code: number | null; stderr: string; peakMb: number; seconds: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, 'analyze', file], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    const poll = setInterval(() => (peak = Math.max(peak, peakKb(child.pid!))), 100);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({ code, stderr, peakMb: peak / 1024, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

async function main(): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cors-analyze-bench-'));
  try {
    const file = path.join(dir, 'big.jsonl');
    const t0 = performance.now();
    const lines = await writeJsonlFixture(file, MB * 1024 * 1024);
    const size = statSync(file).size;
    console.log(`wrote ${lines} lines, ${(size / 1024 / 1024).toFixed(0)} MB, in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const whole = await analyze(file);
    console.log(
      `analyze (whole file): exit ${whole.code}, peak RSS ${whole.peakMb.toFixed(0)} MB, ${whole.seconds.toFixed(1)} s ` +
        `(bar < ${BAR_MB} MB: ${whole.peakMb < BAR_MB ? 'MET' : 'MISSED'})`,
    );
    if (whole.stderr.trim()) console.log(`  stderr: ${whole.stderr.trim()}`);

    truncateSync(file, size - 40); // cut inside the last line, as a full disk would
    const cut = await analyze(file);
    const named = /line (\d+) is cut off/.exec(cut.stderr);
    console.log(
      `analyze (last line cut): exit ${cut.code}, peak RSS ${cut.peakMb.toFixed(0)} MB, ${cut.seconds.toFixed(1)} s, ` +
        `warning ${named ? `names line ${named[1]} of ${lines}` : 'MISSING'}`,
    );
    const ok = whole.code === 1 && cut.code === 1 && named !== null && Number(named[1]) === lines;
    if (!ok) console.error('harness: analyze did not read the files as expected\n' + whole.stderr + cut.stderr);
    return ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error('benchmark failed:', err);
    process.exit(1);
  },
);
