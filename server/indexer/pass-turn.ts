// Waiting for our turn to run a full pass (storage/pass-lease.ts): a second `index`, or the language
// server's pass beside a CLI run, waits for the pass that holds the lease and says so, then walks
// the folder itself and finds most files already done. A holder that was killed (its pid is gone on
// this machine) or stopped renewing is passed over, so a crash never leaves a folder waiting.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Reporter } from '../common/reporter.js';
import type { SqlConnection } from '../storage/driver.js';
import { withBusyRetry } from '../storage/retry.js';
import { claimPass, endedPass, releasePass, renewPass, type PassHolder } from '../storage/pass-lease.js';

/** How often a holder renews; a lease not renewed for STALE_MS is passed over. */
const RENEW_MS = 3_000;
/** Long enough to cover a renewal held up by busy waits (a synchronous busy timeout is 5 s). */
const STALE_MS = 30_000;
const POLL_MS = 200;

export interface PassTurn {
  /** What the pass should do: a --force pass that waited for another --force pass runs incrementally. */
  force: boolean;
  /** Whom this pass waited for, and how long; null when its turn came at once. */
  waited: { who: string; seconds: number } | null;
  end(complete: boolean): Promise<void>;
}

export interface TurnRequest {
  who: string;
  force: boolean;
  signal?: AbortSignal;
  /** False: take no turn (no lease, no wait); the pass runs beside any other. */
  wait: boolean;
}

/** Resolves once the lease is ours; null when `signal` aborted the wait first. */
export async function takePassTurn(conn: SqlConnection, reporter: Reporter, request: TurnRequest): Promise<PassTurn | null> {
  if (!request.wait) return { force: request.force, waited: null, end: async () => undefined };
  const asked = Date.now();
  const me: PassHolder = {
    token: randomUUID(),
    pid: process.pid,
    host: hostname(),
    who: request.who,
    force: request.force,
    startedAt: asked,
    renewedAt: asked,
  };
  let told: string | null = null;
  let waitedFor: string | null = null;
  for (;;) {
    if (request.signal?.aborted) return null;
    me.startedAt = me.renewedAt = Date.now();
    const holder = await withBusyRetry(() => claimPass(conn, me, passOver));
    if (holder === null) break;
    waitedFor = describe(holder);
    if (holder.token !== told) {
      told = holder.token;
      reporter.note?.(
        `Waiting for ${waitedFor}, which has been indexing this folder for ${age(holder.startedAt)}; then indexing only what is left.`,
      );
    }
    await sleep(POLL_MS, undefined, { signal: request.signal }).catch(() => undefined);
  }
  const waited = waitedFor === null ? null : { who: waitedFor, seconds: (Date.now() - asked) / 1000 };
  const ended = waited ? endedPass(conn) : null;
  let force = request.force;
  if (force && ended?.force && ended.complete && ended.endedAt >= asked) {
    force = false;
    reporter.note?.(`${ended.who} rewrote every file while this run waited; reading only what changed since.`);
  }
  const renewer = setInterval(() => {
    void withBusyRetry(() => renewPass(conn, me.token, Date.now())).catch(() => undefined);
  }, RENEW_MS);
  renewer.unref();
  return {
    force,
    waited,
    async end(complete) {
      clearInterval(renewer);
      // A release that fails (the pass itself may have failed on a full disk) must not hide why the
      // pass ended: the lease left behind is passed over once this process is gone.
      await withBusyRetry(() => releasePass(conn, me.token, { who: request.who, force, endedAt: Date.now(), complete })).catch(
        () => undefined,
      );
    },
  };
}

/** A holder is gone when its process is (on this machine), or when it has not renewed for STALE_MS. */
function passOver(holder: PassHolder): boolean {
  if (Date.now() - holder.renewedAt > STALE_MS) return true;
  return holder.host === hostname() && !processAlive(holder.pid);
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(holder: PassHolder): string {
  return `${holder.who} (pid ${holder.pid}${holder.host === hostname() ? '' : ` on ${holder.host}`})`;
}

function age(since: number): string {
  const s = Math.max(0, Math.round((Date.now() - since) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}
