// Whose turn it is to run a full index pass over this database: a lease row in `meta` that one
// process holds while it walks and rewrites the folder, renews while it works and drops at the end,
// so that a second indexer waits and then does only what is left instead of rewriting every file too.
// The lease is advice about work, not a lock on data: the write rules (docs/concurrency.md) still
// make every mix of writers safe, and a holder that died or stopped renewing is passed over.
import type { SqlConnection } from './driver.js';
import { statement } from './statements.js';
import { writeTransaction } from './transaction.js';

export interface PassHolder {
  /** Random per pass: tells this pass from an earlier one of the same process. */
  token: string;
  pid: number;
  host: string;
  /** What a waiting user is told is running: `code-index index`, `the language server`. */
  who: string;
  force: boolean;
  startedAt: number;
  renewedAt: number;
}

/** How the last pass that held the lease ended. */
export interface EndedPass {
  who: string;
  force: boolean;
  endedAt: number;
  /** False when it was stopped (Ctrl+C, the editor's pause) before it read every file. */
  complete: boolean;
}

const HOLDER_KEY = 'pass.index.holder';
const ENDED_KEY = 'pass.index.ended';

function read<T>(conn: SqlConnection, key: string): T | null {
  const row = statement(conn, 'SELECT value FROM meta WHERE key = ?').get<{ value: string }>(key);
  if (!row) return null;
  try {
    return JSON.parse(row.value) as T;
  } catch {
    return null; // a row no version of us wrote: as if absent
  }
}

function write(conn: SqlConnection, key: string, value: unknown): void {
  statement(conn, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    JSON.stringify(value),
  );
}

/**
 * Takes the lease for `me` when nobody holds it or `passOver` says the holder is gone; otherwise
 * returns the holder. One write transaction, so two claimants never both win.
 */
export function claimPass(conn: SqlConnection, me: PassHolder, passOver: (holder: PassHolder) => boolean): PassHolder | null {
  // Looked at first without the write lock: a waiter polls, and must not queue for the lock behind
  // the holder's batches (or stall when the holder is paused inside one).
  const seen = read<PassHolder>(conn, HOLDER_KEY);
  if (seen && seen.token !== me.token && !passOver(seen)) return seen;
  return writeTransaction(conn, () => {
    const holder = read<PassHolder>(conn, HOLDER_KEY);
    if (holder && holder.token !== me.token && !passOver(holder)) return holder;
    write(conn, HOLDER_KEY, me);
    return null;
  });
}

/** Records that `token`'s holder is still at work; false when the lease has passed to another. */
export function renewPass(conn: SqlConnection, token: string, now: number): boolean {
  return writeTransaction(conn, () => {
    const holder = read<PassHolder>(conn, HOLDER_KEY);
    if (holder?.token !== token) return false;
    write(conn, HOLDER_KEY, { ...holder, renewedAt: now });
    return true;
  });
}

/** Drops the lease if `token` still holds it, and records how its pass ended. */
export function releasePass(conn: SqlConnection, token: string, ended: EndedPass): void {
  writeTransaction(conn, () => {
    if (read<PassHolder>(conn, HOLDER_KEY)?.token !== token) return;
    statement(conn, 'DELETE FROM meta WHERE key = ?').run(HOLDER_KEY);
    write(conn, ENDED_KEY, ended);
  });
}

export function endedPass(conn: SqlConnection): EndedPass | null {
  return read<EndedPass>(conn, ENDED_KEY);
}
