// What an agent asks of the symbol tables beyond ranking names: a name's definitions with their
// signature and doc comment, what a function calls, and a file's definitions in order (the MCP tools).
import type { SqlConnection } from '../storage/driver.js';
import { escapeLike, statement } from '../storage/statements.js';
import { splitCaller } from '../common/caller-name.js';
import { parseQualifiedName, qualifierMatch, scopeOf } from './qualified-name.js';
import { definitionPoints, definitionQuery } from './definition-rank.js';

export interface DefinitionDetail {
  name: string;
  kind: number;
  container: string | null;
  path: string;
  startLine: number;
  endLine: number;
  signature: string;
  doc: string | null;
}

interface DefinitionRow {
  name: string;
  kind: number;
  container: string | null;
  path: string;
  start_line: number;
  end_line: number;
  signature: string;
  doc: string | null;
}

/**
 * The definitions named exactly `query` (`parseConfig`, or qualified: `Config.parse`, `json.dumps`).
 * A qualified name keeps the definitions its qualifiers point at when there are any, else all of them.
 * They come in the order Ctrl+T ranks them (code over tests and copies, a function over an alias),
 * then by path.
 */
export function findDefinitions(conn: SqlConnection, query: string): DefinitionDetail[] {
  const qualified = parseQualifiedName(query.trim());
  const name = qualified?.name ?? query.trim();
  const rows = statement(
    conn,
    `SELECT s.name, s.kind, s.container, f.path, s.start_line, s.end_line, s.signature, s.doc
    FROM symbols s JOIN files f ON f.id = s.file_id WHERE s.name = ? ORDER BY f.path, s.start_line`,
  ).all<DefinitionRow>(name);
  let hits = rows.map(toDetail);
  if (qualified && qualified.qualifiers.length > 0) {
    const scored = hits.map((h) => ({ h, score: qualifierMatch(qualified.qualifiers, scopeOf(h.path, h.container)) }));
    const best = Math.max(0, ...scored.map((s) => s.score));
    if (best > 0) hits = scored.filter((s) => s.score === best).map((s) => s.h);
  }
  const rank = definitionQuery(qualified, query.trim());
  return hits
    .map((h) => ({ h, points: definitionPoints(rank, h) }))
    .sort((a, b) => b.points - a.points)
    .map((s) => s.h);
}

export interface CalleeSite {
  callee: string;
  caller: string;
  path: string;
  line: number;
}

/**
 * The calls made inside definitions named `name` (bare, or the caller's full `Class.method`). The
 * caller's last piece is looked up by index; the qualified name is then checked on those rows only.
 */
export function findCallees(conn: SqlConnection, name: string): CalleeSite[] {
  const q = name.trim();
  const like = escapeLike(q);
  return statement(
    conn,
    `SELECT c.callee, c.caller, f.path, c.line FROM calls c JOIN files f ON f.id = c.file_id
    WHERE c.caller_name = ? AND (c.caller = ? OR c.caller LIKE '%.' || ? ESCAPE '\\' OR c.caller LIKE '%#' || ? ESCAPE '\\'
      OR c.caller LIKE '%:' || ? ESCAPE '\\')
    ORDER BY f.path, c.line, c.col`,
  ).all<CalleeSite>(splitCaller(q).name, q, like, like, like);
}

/** Every definition of the file at `path` (relative to the root, `/`-separated), in source order. */
export function fileDefinitions(conn: SqlConnection, path: string): DefinitionDetail[] {
  return statement(
    conn,
    `SELECT s.name, s.kind, s.container, f.path, s.start_line, s.end_line, s.signature, s.doc
    FROM symbols s JOIN files f ON f.id = s.file_id WHERE f.path = ? ORDER BY s.start_line, s.start_col`,
  )
    .all<DefinitionRow>(path)
    .map(toDetail);
}

/** Whether the index holds the file at `path`. */
export function isIndexedFile(conn: SqlConnection, path: string): boolean {
  return statement(conn, 'SELECT 1 AS one FROM files WHERE path = ?').get(path) !== undefined;
}

function toDetail(r: DefinitionRow): DefinitionDetail {
  return {
    name: r.name,
    kind: r.kind,
    container: r.container,
    path: r.path,
    startLine: r.start_line,
    endLine: r.end_line,
    signature: r.signature,
    doc: r.doc,
  };
}
