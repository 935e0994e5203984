// Opens every connection to an index: pragmas, sqlite-vec, schema checks and migrations happen
// here and nowhere else, whichever driver is underneath.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import * as sqliteVec from 'sqlite-vec';
import { DB_FILE, INDEX_DIR, indexFile } from '../common/index-paths.js';
import type { SqlConnection, SqlDriver } from './driver.js';
import { statement } from './statements.js';
import { IndexError, toIndexError } from '../common/errors.js';
import { withBusyRetrySync } from './retry.js';
import { writeTransaction } from './transaction.js';
import { APPLICATION_ID, SCHEMA_VERSION, migrate } from './schema.js';
import { defaultDriver } from './drivers.js';

export type ConnectionRole = 'writer' | 'reader';

export interface OpenIndexOptions {
  role: ConnectionRole;
  busyTimeoutMs: number;
  driver?: SqlDriver;
}

export interface IndexConnection {
  readonly conn: SqlConnection;
  readonly path: string;
  readonly role: ConnectionRole;
}

export function indexDbPath(root: string): string {
  return indexFile(root, DB_FILE);
}

/** Creates `.codeindex/` with a `.gitignore` of `*`, so the index never lands in a commit. */
export function ensureIndexDir(root: string): void {
  const dir = join(root, INDEX_DIR);
  mkdirSync(dir, { recursive: true });
  const ignore = join(dir, '.gitignore');
  if (!existsSync(ignore)) writeFileSync(ignore, '*\n');
}

export function openIndex(dbPath: string, options: OpenIndexOptions): IndexConnection {
  const driver = options.driver ?? defaultDriver();
  if (options.role === 'reader' && !existsSync(dbPath)) {
    throw new IndexError('NO_INDEX', `No index at ${dbPath}. Run \`code-index index ${dirname(dirname(dbPath))}\` first.`);
  }
  let conn: SqlConnection | undefined;
  try {
    conn = driver.open(dbPath, { readonly: false, mustExist: options.role === 'reader' });
    conn.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs}`);
    // sqlite-vec first: a migration may drop a vec0 table, which needs the module.
    conn.loadExtension(sqliteVec.getLoadablePath());
    const opened = conn;
    withBusyRetrySync(() => configure(opened, dbPath, options.role));
    return { conn, path: dbPath, role: options.role };
  } catch (err) {
    conn?.close();
    throw toIndexError(err, dbPath);
  }
}

function configure(conn: SqlConnection, dbPath: string, role: ConnectionRole): void {
  const version = checkIdentity(conn, dbPath);
  conn.exec('PRAGMA journal_mode = WAL');
  conn.exec('PRAGMA synchronous = NORMAL');
  conn.exec('PRAGMA foreign_keys = ON');
  conn.exec('PRAGMA temp_store = MEMORY');
  // Keeps the WAL file from staying large after a checkpoint has emptied it.
  conn.exec('PRAGMA journal_size_limit = 67108864');
  if (version < SCHEMA_VERSION) {
    if (role === 'reader') {
      // A reader never writes the schema: an upgrade is one `index` run, which migrates in place.
      throw new IndexError(
        'NO_INDEX',
        version === 0
          ? `The index ${dbPath} has not been created yet. Run \`code-index index\` first.`
          : `The index ${dbPath} was written by an older Code Index (schema ${version}; this one reads ${SCHEMA_VERSION}). Run \`code-index index\` once to upgrade it in place; what it holds is kept.`,
      );
    }
    migrateInTransaction(conn, dbPath);
  }
}

/** Recognises a foreign SQLite file, or one written by a newer Code Index, before touching it. */
function checkIdentity(conn: SqlConnection, dbPath: string): number {
  // One statement, so a writer creating the index cannot commit between the reads.
  const row = statement(
    conn,
    `SELECT (SELECT user_version FROM pragma_user_version) AS version,
      (SELECT application_id FROM pragma_application_id) AS appId,
      (SELECT count(*) FROM sqlite_master WHERE type = 'table') AS tables`,
  ).get<{ version: number; appId: number; tables: number }>()!;
  const { version, appId, tables } = row;
  if (appId !== APPLICATION_ID && (tables > 0 || version > 0)) {
    throw new IndexError(
      'NOT_AN_INDEX',
      `${dbPath} is a SQLite database but not a Code Index one. Move it away, or run \`code-index check --repair\` to replace it (it is kept as a backup).`,
    );
  }
  if (version > SCHEMA_VERSION) {
    throw new IndexError(
      'NEWER_SCHEMA',
      `The index ${dbPath} was written by a newer Code Index (schema ${version}; this one knows ${SCHEMA_VERSION}). Update Code Index, or delete the .codeindex folder to rebuild with this version.`,
    );
  }
  return version;
}

function migrateInTransaction(conn: SqlConnection, dbPath: string): void {
  writeTransaction(conn, () => {
    // Another process may have migrated while we waited for the lock.
    const current = checkIdentity(conn, dbPath);
    if (current < SCHEMA_VERSION) migrate(conn, current);
  });
}
