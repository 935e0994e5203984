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

export async function withBusyRetry<T>(fn: () => T, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? DEFAULTS.attempts;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || attempt + 1 >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, delayFor(attempt, options)));
    }
  }
}

/** The same, blocking the thread while it waits: for worker threads and one-shot CLI reads. */
export function withBusyRetrySync<T>(fn: () => T, options: RetryOptions = {}): T {
  const attempts = options.attempts ?? DEFAULTS.attempts;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (err) {
      if (!isBusy(err) || attempt + 1 >= attempts) throw err;
      Atomics.wait(sleeper, 0, 0, delayFor(attempt, options));
    }
  }
}
