// The storage driver on better-sqlite3: plain Node and the CLI. Loaded lazily, because on a host
// whose Node ABI differs from the one the binary was built for, merely requiring it throws.
import type BetterSqlite3 from 'better-sqlite3';
import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver.js';

let loaded: typeof BetterSqlite3 | null = null;

/** The better-sqlite3 constructor, or the load error (e.g. "compiled against a different Node.js version"). */
export function loadBetterSqlite3(): typeof BetterSqlite3 {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require('better-sqlite3') as typeof BetterSqlite3;
  return loaded;
}

class BetterSqliteConnection implements SqlConnection {
  readonly driver = 'better-sqlite3' as const;
  constructor(private readonly db: BetterSqlite3.Database) {}

  exec(sql: string): void {
    this.db.exec(sql);
  }

  prepare(sql: string): SqlStatement {
    const stmt = this.db.prepare(sql);
    const returnsRows = stmt.reader;
    return {
      run: (...params: SqlValue[]) => {
        if (returnsRows) {
          stmt.all(...params);
          return { changes: 0, lastInsertRowid: 0 };
        }
        return stmt.run(...params);
      },
      get: <T>(...params: SqlValue[]) => stmt.get(...params) as T | undefined,
      all: <T>(...params: SqlValue[]) => stmt.all(...params) as T[],
    };
  }

  loadExtension(path: string): void {
    this.db.loadExtension(path);
  }

  withShadowWrites<T>(body: () => T): T {
    // better-sqlite3 turns SQLITE_DBCONFIG_DEFENSIVE on for every connection; unsafe mode lifts it.
    this.db.unsafeMode(true);
    try {
      return body();
    } finally {
      this.db.unsafeMode(false);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export const betterSqliteDriver: SqlDriver = {
  name: 'better-sqlite3',
  open(path, options) {
    const Database = loadBetterSqlite3();
    // timeout 0: the busy timeout is set by PRAGMA in one place (open-database.ts) for both drivers.
    const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? false, timeout: 0 });
    db.defaultSafeIntegers(false);
    return new BetterSqliteConnection(db);
  },
};
