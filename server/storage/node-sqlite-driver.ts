// The storage driver on Node's built-in node:sqlite (Node 22.13 and later): no native binary to
// match, so it runs on whatever Node the host brings, desktop VS Code's Electron included.
import { existsSync } from 'node:fs';
import type { SqlConnection, SqlDriver, SqlStatement, SqlValue } from './driver.js';

/** The part of node:sqlite we use (Node 20's type definitions do not know the module). */
interface StatementSync {
  run(...params: SqlValue[]): { changes: number | bigint; lastInsertRowid: number | bigint };
  get(...params: SqlValue[]): unknown;
  all(...params: SqlValue[]): unknown[];
}
interface DatabaseSync {
  exec(sql: string): void;
  prepare(sql: string): StatementSync;
  enableLoadExtension(allow: boolean): void;
  loadExtension(path: string): void;
  close(): void;
}
interface NodeSqliteModule {
  DatabaseSync: new (path: string, options: Record<string, unknown>) => DatabaseSync;
}

/** node:sqlite when this Node has it (with extension loading), else null. */
export function loadNodeSqlite(): NodeSqliteModule | null {
  // Node 22 flags node:sqlite as experimental on first load; that notice is not for our users.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (!String(warning).includes('SQLite')) (emitWarning as (...a: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require('node:sqlite') as NodeSqliteModule;
    return typeof mod.DatabaseSync === 'function' ? mod : null;
  } catch {
    return null;
  } finally {
    process.emitWarning = emitWarning;
  }
}

/**
 * better-sqlite3 binds undefined as NULL where node:sqlite throws; a stray undefined (not a SqlValue,
 * but possible from untyped data) must not fail on one driver only. The common case allocates nothing.
 */
function bindable(params: SqlValue[]): SqlValue[] {
  return params.includes(undefined as unknown as SqlValue) ? params.map((p) => p ?? null) : params;
}

class NodeSqliteConnection implements SqlConnection {
  readonly driver = 'node:sqlite' as const;
  constructor(private readonly db: DatabaseSync) {}

  exec(sql: string): void {
    this.db.exec(sql);
  }

  prepare(sql: string): SqlStatement {
    const stmt = this.db.prepare(sql);
    return {
      run: (...params: SqlValue[]) => {
        const r = stmt.run(...bindable(params));
        return { changes: Number(r.changes), lastInsertRowid: r.lastInsertRowid };
      },
      // node:sqlite rows have a null prototype; spread them into plain objects for callers.
      get: <T>(...params: SqlValue[]) => {
        const row = stmt.get(...bindable(params));
        return (row === undefined ? undefined : { ...(row as object) }) as T | undefined;
      },
      all: <T>(...params: SqlValue[]) => stmt.all(...bindable(params)).map((row) => ({ ...(row as object) })) as T[],
    };
  }

  loadExtension(path: string): void {
    this.db.enableLoadExtension(true);
    try {
      this.db.loadExtension(path);
    } finally {
      this.db.enableLoadExtension(false);
    }
  }

  withShadowWrites<T>(body: () => T): T {
    // node:sqlite leaves SQLite's default (defensive off) unless asked; newer releases can set it.
    const db = this.db as DatabaseSync & { enableDefensive?: (on: boolean) => void };
    if (typeof db.enableDefensive !== 'function') return body();
    db.enableDefensive(false);
    try {
      return body();
    } finally {
      db.enableDefensive(true);
    }
  }

  close(): void {
    try {
      this.db.close();
    } catch {
      // Already closed.
    }
  }
}

export const nodeSqliteDriver: SqlDriver = {
  name: 'node:sqlite',
  open(path, options) {
    const mod = loadNodeSqlite();
    if (!mod) throw new Error('node:sqlite is not available in this Node.js (it needs 22.13 or later)');
    if (options.mustExist && !existsSync(path)) throw Object.assign(new Error(`unable to open database file ${path}`), { errcode: 14 });
    const db = new mod.DatabaseSync(path, { readOnly: options.readonly ?? false, allowExtension: true, enableForeignKeyConstraints: true });
    return new NodeSqliteConnection(db);
  },
};
