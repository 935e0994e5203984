// Chooses the SQL driver once per process: better-sqlite3 where its binary loads (plain Node, the
// CLI), node:sqlite where it does not but Node has it (desktop VS Code's Node 22). The
// CODE_INDEX_SQLITE_DRIVER environment variable forces one, for tests and for diagnosis.
import { betterSqliteDriver, loadBetterSqlite3 } from './better-sqlite3-driver.js';
import type { DriverName, SqlDriver } from './driver.js';
import { IndexError } from './errors.js';
import { loadNodeSqlite, nodeSqliteDriver } from './node-sqlite-driver.js';

export const DRIVER_ENV = 'CODE_INDEX_SQLITE_DRIVER';

let chosen: { driver: SqlDriver; reason: string } | null = null;

export function chooseDriver(): { driver: SqlDriver; reason: string } {
  if (chosen) return chosen;
  const forced = process.env[DRIVER_ENV] as DriverName | undefined;
  if (forced === 'node:sqlite') return (chosen = { driver: nodeSqliteDriver, reason: `${DRIVER_ENV}=node:sqlite` });
  if (forced === 'better-sqlite3') return (chosen = { driver: betterSqliteDriver, reason: `${DRIVER_ENV}=better-sqlite3` });
  if (forced) throw new IndexError('BAD_ARGUMENT', `${DRIVER_ENV} must be node:sqlite or better-sqlite3, not "${forced}".`);
  let loadError = '';
  try {
    const Database = loadBetterSqlite3();
    new Database(':memory:').close();
    return (chosen = { driver: betterSqliteDriver, reason: `better-sqlite3 loads on Node ${process.versions.node}` });
  } catch (err) {
    // better-sqlite3's message spans lines ("... was compiled against a different Node.js version ...").
    loadError = (err as Error).message.replace(/\s+/g, ' ').replace(/ Please try.*$/, '').trim();
  }
  if (loadNodeSqlite()) {
    return (chosen = { driver: nodeSqliteDriver, reason: `better-sqlite3 does not load here (${loadError}); Node ${process.versions.node} has node:sqlite` });
  }
  throw new IndexError('CANNOT_OPEN', `No SQLite driver can run on Node ${process.versions.node}: better-sqlite3 fails to load (${loadError}) and node:sqlite needs Node 22.13 or later.`);
}

export function defaultDriver(): SqlDriver {
  return chooseDriver().driver;
}
