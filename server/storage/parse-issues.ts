// The files whose definitions may be incomplete, as `files` records their parse (schema 4): those
// that parsed with syntax errors, and those that were not parsed whole (too long, past the parse
// deadline, minified). `code-index status` and `index` count and list them; the editor shows counts.
import type { SqlConnection } from './driver.js';
import type { ParseIssueCounts } from '../../shared/protocol.js';
import { statement } from './statements.js';

export interface ParseIssue {
  /** Relative to the index root, '/'-separated, as in `files`. */
  path: string;
  /** Syntax error nodes in the file's tree (0 for a file not parsed whole). */
  errors: number;
  /** The 1-based line of the first error, or null. */
  firstErrorLine: number | null;
  /** Why the file was not parsed whole (ParseSkip), or null. */
  skip: string | null;
  size: number;
}

export function readParseIssues(conn: SqlConnection): ParseIssue[] {
  return statement(
    conn,
    `SELECT path, parse_errors AS errors, parse_error_line AS firstErrorLine, parse_skip AS skip, size FROM files
     WHERE parse_errors > 0 OR parse_skip IS NOT NULL ORDER BY path`,
  ).all<ParseIssue>();
}

/** 'too-long' and 'deadline' files are both too long to parse whole: both get the parse in pieces. */
export function countParseIssues(conn: SqlConnection): ParseIssueCounts {
  return statement(
    conn,
    `SELECT count(*) FILTER (WHERE parse_errors > 0) AS parseErrorFiles,
            count(*) FILTER (WHERE parse_skip IN ('too-long', 'deadline')) AS oversizeFiles,
            count(*) FILTER (WHERE parse_skip = 'minified') AS minifiedFiles
     FROM files WHERE parse_errors > 0 OR parse_skip IS NOT NULL`,
  ).get<ParseIssueCounts>()!;
}
