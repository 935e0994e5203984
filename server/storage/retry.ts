// Bounded retry with exponential backoff and jitter for the rare busy error that outlasts the
// busy timeout (a checkpoint, or a burst of writers from several processes).
import { sqliteCode } from '../common/sqlite-codes.js';

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

const DEFAULTS = { attempts: 8, baseDelayMs: 20, maxDelayMs: 2000 };

export function isBusy(err: unknown): boolean {
  const code = sqliteCode(err);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function delayFor(attempt: number, options: RetryOptions): number {
  const base = options.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = options.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const ceiling = Math.min(cap, base * 2 ** attempt);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * The retry policy, once: runs `fn` and yields the delay before each new attempt while it fails
 * busy, returning its result. The two callers below differ only in how they wait.
 */
function* busyAttempts<T>(fn: () => T, options: RetryOptions): Generator<number, T> {
  const attempts = options.attempts ?? DEFAULTS.attempts;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || attempt + 1 >= attempts) throw err;
    }
    yield delayFor(attempt, options);
  }
}

/** Retries `fn` while it fails busy, waiting without blocking the event loop. */
export async function withBusyRetry<T>(fn: () => T, options: RetryOptions = {}): Promise<T> {
  const attempts = busyAttempts(fn, options);
  for (let step = attempts.next(); ; step = attempts.next()) {
    if (step.done) return step.value;
    await new Promise((resolve) => setTimeout(resolve, step.value));
  }
}

/** The same, blocking the thread while it waits: for worker threads and one-shot CLI reads. */
export function withBusyRetrySync<T>(fn: () => T, options: RetryOptions = {}): T {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const attempts = busyAttempts(fn, options);
  for (let step = attempts.next(); ; step = attempts.next()) {
    if (step.done) return step.value;
    Atomics.wait(sleeper, 0, 0, step.value);
  }
}
