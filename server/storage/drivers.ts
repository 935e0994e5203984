// Chooses the SQL driver once per process: better-sqlite3 where its binary loads (plain Node, the
// CLI), node:sqlite where it does not but Node has it (desktop VS Code's Node 22). The
// CODE_INDEX_SQLITE_DRIVER environment variable forces one, for tests and for diagnosis.
import { betterSqliteDriver, loadBetterSqlite3 } from './better-sqlite3-driver.js';
import type { DriverName, SqlDriver } from './driver.js';
import { IndexError } from '../common/errors.js';
import { loadNodeSqlite, nodeSqliteDriver } from './node-sqlite-driver.js';

export const DRIVER_ENV = 'CODE_INDEX_SQLITE_DRIVER';

let chosen: { driver: SqlDriver; reason: string } | null = null;

export function chooseDriver(): { driver: SqlDriver; reason: string } {
  if (chosen) return chosen;
  const forced = process.env[DRIVER_ENV] as DriverName | undefined;
  if (forced === 'node:sqlite') return (chosen = { driver: nodeSqliteDriver, reason: `${DRIVER_ENV}=node:sqlite` });
  if (forced === 'better-sqlite3') return (chosen = { driver: betterSqliteDriver, reason: `${DRIVER_ENV}=better-sqlite3` });
  if (forced) throw new IndexError('BAD_ARGUMENT', `${DRIVER_ENV} must be node:sqlite or better-sqlite3, not "${forced}".`);
  let loadError: unknown;
  try {
    const Database = loadBetterSqlite3();
    new Database(':memory:').close();
    return (chosen = { driver: betterSqliteDriver, reason: `better-sqlite3 loads on Node ${process.versions.node}` });
  } catch (err) {
    loadError = err;
  }
  if (loadNodeSqlite()) {
    // better-sqlite3's message spans lines ("... was compiled against a different Node.js version ...").
    const why = (loadError as Error).message
      .replace(/\s+/g, ' ')
      .replace(/ Please try.*$/, '')
      .trim();
    return (chosen = {
      driver: nodeSqliteDriver,
      reason: `better-sqlite3 does not load here (${why}); Node ${process.versions.node} has node:sqlite`,
    });
  }
  // What a user reads (the status bar, Show Status, the CLI): what to do, not the addon's ABI error,
  // which stays on the error's cause for the logs.
  throw new IndexError(
    'CANNOT_OPEN',
    `Code Index cannot open its index on Node ${process.versions.node}: it needs Node 22.13 or later ` +
      '(desktop VS Code 1.101 or later), since the SQLite addon it ships does not load in this runtime. Update VS Code, or run the ' +
      '`code-index` command line with Node 20 or 22.',
    loadError,
  );
}

export function defaultDriver(): SqlDriver {
  return chooseDriver().driver;
}
