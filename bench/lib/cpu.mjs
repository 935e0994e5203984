// CPU time actually received, so a figure taken on a busy machine can be read for what it is:
// this process's own (every thread), and that of its finished child processes (Linux only).
import { readFileSync } from 'node:fs';
import { round } from './stats.mjs';

/** Linux reports child CPU time in clock ticks; 100 per second on every common kernel build. */
const TICKS_PER_SECOND = 100;

/** CPU seconds of this process's children that have exited and been waited for, or null off Linux. */
export function childCpuSeconds() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), cutime and cstime; the slice above starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** CPU time this process (every thread) got per second of wall time since `cpuAtStart`. */
export function coresUsedSince(cpuAtStart, elapsedSeconds) {
  const used = process.cpuUsage(cpuAtStart);
  return round((used.user + used.system) / 1e6 / elapsedSeconds);
}
