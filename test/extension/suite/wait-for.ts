// Waiting in tests on events, never on sleeps: a promise that settles when an event brings a value
// the predicate accepts, bounded by a timeout that fails with what was expected.
import type * as vscode from 'vscode';

export const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Resolves with the first value `probe` returns that is not undefined, checking now and again each time
 * `event` fires; rejects after `timeoutMs` saying what never happened.
 */
export function waitFor<T, E>(
  event: vscode.Event<E>,
  probe: () => T | undefined,
  what: string,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null, value?: T) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve(value as T);
    };
    const attempt = () => {
      try {
        const value = probe();
        if (value !== undefined) finish(null, value);
      } catch (error) {
        finish(error as Error);
      }
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    const subscription = event(attempt);
    attempt();
  });
}
