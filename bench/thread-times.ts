// CPU time of a process's main thread and of its other threads (thread pool, V8's
// helpers), and how long the main thread waited for a CPU, from /proc. The main
// thread is what bounds a Node proxy's throughput; the other threads and the wait
// show what the machine does around it (docs/performance.md).
import { readdirSync, readFileSync } from 'node:fs';

export interface ThreadTimes {
  mainCpuMicros: number;
  otherCpuMicros: number;
  /** Time the main thread was runnable but not running (schedstat's second field). */
  mainWaitMicros: number;
}

/** utime + stime from a `/proc/…/stat` file (a process's or a thread's), in µs (10 ms ticks). */
export function statCpuMicros(statFile: string): number {
  const stat = readFileSync(statFile, 'utf8');
  // Fields 14 and 15 (after the parenthesised name): utime, stime in clock ticks (100 Hz).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

export function threadTimes(pid: number): ThreadTimes {
  let mainCpuMicros = 0;
  let otherCpuMicros = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    let cpu: number;
    try {
      cpu = statCpuMicros(`/proc/${pid}/task/${tid}/stat`);
    } catch {
      continue; // the thread ended between the listing and the read
    }
    if (tid === String(pid)) mainCpuMicros = cpu;
    else otherCpuMicros += cpu;
  }
  const mainWaitMicros = Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1000;
  return { mainCpuMicros, otherCpuMicros, mainWaitMicros };
}
