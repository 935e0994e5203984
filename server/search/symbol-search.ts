// Finds definitions by name: a LIKE subsequence filter in SQL narrows the candidates, then
// matchName ranks them. The same ranking serves `code-index symbols` and the editor's Ctrl+T.
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
import { matchName } from './symbol-match.js';

export interface SymbolHit {
  name: string;
  kind: number;
  path: string;
  startLine: number;
  endLine: number;
  container: string | null;
  nameLine: number;
  nameCol: number;
  nameEndCol: number;
  /** MatchTier of the name match (0 when listing all). */
  tier: number;
  score: number;
}

interface SymbolRow {
  name: string;
  kind: number;
  path: string;
  start_line: number;
  end_line: number;
  container: string | null;
  name_line: number;
  name_col: number;
  name_end_col: number;
}

const COLUMNS = `s.name, s.kind, f.path, s.start_line, s.end_line, s.container, s.name_line, s.name_col, s.name_end_col
  FROM symbols s JOIN files f ON f.id = s.file_id`;
/** Candidates read before ranking; a query this unspecific is refined by the next keystroke anyway. */
const CANDIDATE_LIMIT = 20_000;

/** `%p%c%` for "pc": LIKE is case-insensitive for ASCII and matches exactly the subsequences. */
export function subsequencePattern(query: string): string {
  return `%${Array.from(query, (ch) => (ch === '%' || ch === '_' || ch === '\\' ? `\\${ch}` : ch)).join('%')}%`;
}

export function searchSymbols(conn: SqlConnection, query: string, k: number): SymbolHit[] {
  const q = query.trim();
  if (!q) return [];
  const rows = statement(conn, `SELECT ${COLUMNS} WHERE s.name LIKE ? ESCAPE '\\' LIMIT ${CANDIDATE_LIMIT}`).all<SymbolRow>(subsequencePattern(q));
  const hits: SymbolHit[] = [];
  for (const row of rows) {
    const match = matchName(q, row.name);
    if (match) hits.push(toHit(row, match.tier, match.score - depth(row.path) / 1000));
  }
  hits.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path) || a.startLine - b.startLine);
  return hits.slice(0, k);
}

export function allSymbols(conn: SqlConnection): SymbolHit[] {
  return statement(conn, `SELECT ${COLUMNS} ORDER BY f.path, s.start_line, s.start_col`).all<SymbolRow>().map((r) => toHit(r, 0, 0));
}

export interface CallSite {
  path: string;
  line: number;
  col: number;
  caller: string | null;
}

export function findCallers(conn: SqlConnection, name: string): CallSite[] {
  return statement(conn, `SELECT f.path, c.line, c.col, c.caller FROM calls c JOIN files f ON f.id = c.file_id
    WHERE c.callee = ? ORDER BY f.path, c.line, c.col`).all<CallSite>(name);
}

function depth(path: string): number {
  let d = 0;
  for (const ch of path) if (ch === '/') d++;
  return d;
}

function toHit(row: SymbolRow, tier: number, score: number): SymbolHit {
  return {
    name: row.name, kind: row.kind, path: row.path, startLine: row.start_line, endLine: row.end_line,
    container: row.container, nameLine: row.name_line, nameCol: row.name_col, nameEndCol: row.name_end_col, tier, score,
  };
}
