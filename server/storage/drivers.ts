// Chooses the SQL driver: better-sqlite3 on plain Node (the CLI, tests on Node 20).
import { betterSqliteDriver } from './better-sqlite3-driver.js';
import type { SqlDriver } from './driver.js';

export function defaultDriver(): SqlDriver {
  return betterSqliteDriver;
}
