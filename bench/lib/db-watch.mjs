// Watches an index from the outside while a phase runs: how many commits other connections made
// (PRAGMA data_version moves on each) and how large the WAL file grew.
import { statSync } from 'node:fs';
import { loadBetterSqlite } from './env.mjs';

const POLL_MS = 50;

export function watchIndex(dbPath) {
  const Database = loadBetterSqlite();
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const version = db.prepare('PRAGMA data_version');
  let last = version.get().data_version;
  let commits = 0;
  let maxWalBytes = walBytes(dbPath);
  const timer = setInterval(() => {
    const now = version.get().data_version;
    if (now !== last) commits++;
    last = now;
    maxWalBytes = Math.max(maxWalBytes, walBytes(dbPath));
  }, POLL_MS);
  return {
    /** Commits seen so far; two commits inside one poll count as one, so this is a floor. */
    get commits() {
      return commits;
    },
    get maxWalBytes() {
      return maxWalBytes;
    },
    /** Resolves once another connection has committed: the writer is really writing. */
    async firstCommit(timeoutMs = 60_000) {
      const start = commits;
      const until = Date.now() + timeoutMs;
      while (commits === start) {
        if (Date.now() > until) throw new Error(`no commit to ${dbPath} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, POLL_MS));
      }
    },
    close() {
      clearInterval(timer);
      db.close();
    },
  };
}

function walBytes(dbPath) {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0;
  }
}
