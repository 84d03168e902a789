/**
 * CPU time of other processes (the Temporal dev server, the agents' children, a load generator), read from
 * /proc/<pid>/stat, so that a benchmark can say which process a load's cost landed on. Linux only: elsewhere it
 * reads NaN, and the report says so instead of guessing.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux kernel built for x86 and ARM). */
const ticksPerSecond = 100;

/** User + system CPU time of a process so far, ms; NaN when it cannot be read (gone, or not Linux). */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
  } catch {
    return Number.NaN;
  }
}

/** The CPU the processes spent between two readings, as a share of one core over the wall time. */
export function cpuMeter(pids: () => readonly (number | undefined)[]): () => number {
  const startedAt = Date.now();
  const before = pids().map(processCpuMs);
  return () => {
    const spent = pids()
      .map(processCpuMs)
      .reduce((sum, ms, index) => sum + (ms - (before[index] ?? Number.NaN)), 0);
    return spent / (Date.now() - startedAt);
  };
}

/**
 * The pids of a process's children (this process's by default) whose command line holds `marker` (a child it forked
 * itself, as the facade's fan-out, or every backend of a PostgreSQL server with the marker '').
 */
export function childPids(marker: string, parentPid = process.pid): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (parent === parentPid && readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) pids.push(Number(entry));
    } catch {
      // Gone since the listing.
    }
  }
  return pids;
}
