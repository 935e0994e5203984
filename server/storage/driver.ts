// The small SQL interface the storage layer is written against, so it can run on better-sqlite3
// (plain Node, the CLI) or on Node's built-in node:sqlite (hosts whose Node has it).

export type SqlValue = string | number | bigint | null | Uint8Array;

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement {
  run(...params: SqlValue[]): RunResult;
  get<T = Record<string, unknown>>(...params: SqlValue[]): T | undefined;
  all<T = Record<string, unknown>>(...params: SqlValue[]): T[];
}

export interface SqlConnection {
  readonly driver: DriverName;
  exec(sql: string): void;
  prepare(sql: string): SqlStatement;
  loadExtension(path: string): void;
  /**
   * Runs `body` with SQLite's defensive mode off, which is what lets SQL write a virtual table's
   * shadow tables (storage/fts-totals.ts, the one user). Defensive mode is back on after it.
   */
  withShadowWrites<T>(body: () => T): T;
  close(): void;
}

export type DriverName = 'better-sqlite3' | 'node:sqlite';

export interface OpenOptions {
  readonly?: boolean;
  /** Fail instead of creating the file. */
  mustExist?: boolean;
}

export interface SqlDriver {
  readonly name: DriverName;
  open(path: string, options: OpenOptions): SqlConnection;
}
