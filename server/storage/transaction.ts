// The one way a write transaction is opened. BEGIN IMMEDIATE takes the write lock up front, so a
// transaction never starts as a reader and fails to upgrade (SQLITE_BUSY with no retry possible);
// the busy timeout and the retry layer deal with the wait for the lock instead.
import type { SqlConnection } from './driver.js';

/** Runs `body` in a BEGIN IMMEDIATE transaction: committed when it returns, rolled back when it throws. */
export function writeTransaction<T>(conn: SqlConnection, body: () => T): T {
  conn.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    conn.exec('COMMIT');
    return result;
  } catch (err) {
    try {
      conn.exec('ROLLBACK');
    } catch {
      // The transaction may already be gone (SQLite rolls back itself on some errors); the
      // original error is the one worth reporting.
    }
    throw err;
  }
}
