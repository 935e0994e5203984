// The warnings the index keeps: those of indexed files (file_warnings) and of paths left out
// (skipped_files), as `code-index status --verbose` and `index` list and count them.
import type { SqlConnection } from './driver.js';
import { statement } from './statements.js';

export interface StoredWarning {
  /** Relative to the index root, '/'-separated, as in `files`. */
  path: string;
  message: string;
}

export function readWarnings(conn: SqlConnection): StoredWarning[] {
  return statement(
    conn,
    `SELECT f.path AS path, w.message AS message FROM file_warnings w JOIN files f ON f.id = w.file_id
     UNION ALL SELECT path, message FROM skipped_files
     ORDER BY path, message`,
  ).all<StoredWarning>();
}

export function countWarnings(conn: SqlConnection): number {
  return statement(conn, 'SELECT (SELECT count(*) FROM file_warnings) + (SELECT count(*) FROM skipped_files) AS n').get<{ n: number }>()!.n;
}
