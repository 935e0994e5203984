// The storage driver on better-sqlite3: plain Node and the CLI.
import Database from 'better-sqlite3';
import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver.js';

class BetterSqliteConnection implements SqlConnection {
  readonly driver = 'better-sqlite3' as const;
  constructor(private readonly db: Database.Database) {}

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

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export const betterSqliteDriver: SqlDriver = {
  name: 'better-sqlite3',
  open(path, options) {
    // timeout 0: the busy timeout is set by PRAGMA in one place (open-database.ts) for both drivers.
    const db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: options.mustExist ?? false, timeout: 0 });
    db.defaultSafeIntegers(false);
    return new BetterSqliteConnection(db);
  },
};
