// Event-loop lag of this process's main thread, three ways: perf_hooks' delay histogram at 1 ms
// resolution (its floor is about 1 ms, the sampling timer's own period: an idle loop reads ~1.05 ms);
// the share of the window spent in stalls of 50 ms or more, from a 10 ms timer's drift (the
// histogram counts one sample per stall, so its p99 hides a few long stalls; this does not); and
// the event-loop utilization (the share of the window the main thread was busy running code).
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { histogramMs, round } from './stats.mjs';

const DRIFT_PERIOD_MS = 10;
const STALL_MS = 50;

export function startLagProbe() {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const elu = performance.eventLoopUtilization();
  const started = performance.now();
  let last = started;
  let stalledMs = 0;
  const drift = setInterval(() => {
    const now = performance.now();
    if (now - last >= STALL_MS) stalledMs += now - last - DRIFT_PERIOD_MS;
    last = now;
  }, DRIFT_PERIOD_MS);
  histogram.enable();
  return {
    /** Stops sampling: { n, p50, p99, max, mean } in ms, `stalled` and `busy` from 0 to 1. */
    stop() {
      histogram.disable();
      clearInterval(drift);
      const now = performance.now();
      if (now - last >= STALL_MS) stalledMs += now - last - DRIFT_PERIOD_MS;
      return {
        ...histogramMs(histogram),
        stalled: round(stalledMs / (now - started), 3),
        busy: round(performance.eventLoopUtilization(elu).utilization, 3),
      };
    },
  };
}
