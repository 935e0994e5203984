// Read load for the phases: a closed loop that keeps N requests in flight for throughput, and an
// open loop that asks at a fixed rate whatever happens, timing each answer from when it was due
// (so a blocked event loop shows up in the latency instead of hiding as fewer requests).
import { readTask } from './queries.mjs';
import { coresUsedSince } from './cpu.mjs';
import { round, summarize } from './stats.mjs';

/**
 * Runs the read mix through `executor` (a ReadExecutor: run(op, args) -> Promise) with `concurrency`
 * requests in flight for `seconds`. Returns { ops, opsPerSec, opsPerCpuSec, latencyMs: { search, status }, errors }.
 */
export async function closedLoop(executor, { concurrency, seconds, dbPath }) {
  const latencies = { search: [], status: [] };
  const errors = [];
  let next = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const lane = async () => {
    while (performance.now() < until) {
      const task = readTask(next++, dbPath);
      const t0 = performance.now();
      try {
        await executor.run(task.op, task.args);
        latencies[task.op].push(performance.now() - t0);
      } catch (err) {
        errors.push(`${task.op}: ${err.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsed = (performance.now() - started) / 1000;
  const ops = latencies.search.length + latencies.status.length;
  const cores = coresUsedSince(cpu, elapsed);
  return {
    ops,
    seconds: round(elapsed),
    coresUsed: cores,
    opsPerSec: round(ops / elapsed, 1),
    /** Load-proof: reads per second of CPU this process (readers and dispatch) got. */
    opsPerCpuSec: round(ops / elapsed / cores, 0),
    latencyMs: { search: summarize(latencies.search), status: summarize(latencies.status) },
    errors: errors.length,
    firstError: errors[0] ?? null,
  };
}

/**
 * Calls `ask(i)` (sync or async) at `ratePerSec`, never skipping a slot, for `seconds` or until the
 * promise `until` settles, whichever comes first. Latency is answer time minus due time.
 * Returns { asked, answered, seconds, latencyMs, errors }.
 */
export async function openLoop(ask, { ratePerSec, seconds = Infinity, until = null }) {
  const periodMs = 1000 / ratePerSec;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const endAt = start + seconds * 1000;
  let ended = false;
  until
    ?.finally(() => {
      ended = true;
    })
    .catch(() => {});
  const latencies = [];
  const errors = [];
  const pending = new Set();
  let i = 0;
  await new Promise((resolveAll) => {
    const fire = () => {
      // Every request that has come due, in order: after a stall several are late at once.
      for (let due = start + i * periodMs; !ended && due < endAt && performance.now() >= due; due = start + i * periodMs) {
        const n = i;
        const done = Promise.resolve()
          .then(() => ask(n))
          .then(
            () => latencies.push(performance.now() - due),
            (err) => errors.push(err.message),
          );
        pending.add(done);
        done.finally(() => pending.delete(done));
        i++;
      }
      if (ended || start + i * periodMs >= endAt) resolveAll();
      else setTimeout(fire, Math.max(0, start + i * periodMs - performance.now()));
    };
    fire();
  });
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  return {
    asked: i,
    answered: latencies.length,
    seconds: round(elapsed),
    coresUsed: coresUsedSince(cpu, elapsed),
    latencyMs: summarize(latencies),
    errors: errors.length,
    firstError: errors[0] ?? null,
  };
}
