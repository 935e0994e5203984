// Statements are prepared once per connection and kept: this cache is how read code asks for one.
import type { SqlConnection, SqlStatement } from './driver.js';

const cache = new WeakMap<SqlConnection, Map<string, SqlStatement>>();

/** Moves whenever another connection commits: how readers notice writes made elsewhere. */
export function dataVersion(conn: SqlConnection): number {
  return statement(conn, 'PRAGMA data_version').get<{ data_version: number }>()!.data_version;
}

/** `text` with LIKE's wildcards (and the escape itself) escaped, for a pattern with `ESCAPE '\\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

export function statement(conn: SqlConnection, sql: string): SqlStatement {
  let byText = cache.get(conn);
  if (!byText) cache.set(conn, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) byText.set(sql, (stmt = conn.prepare(sql)));
  return stmt;
}
