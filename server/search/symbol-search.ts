// Finds definitions by name: the name index ranks them (symbol-names.ts), then the rows of the best
// are read. The same ranking serves `code-index symbols` and the editor's Ctrl+T.
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
import { rankSymbolNames, rankSymbolNamesContaining } from './symbol-names.js';
import type { RankedSymbolId } from './symbol-names.js';
import { definitionPoints, definitionQuery, type DefinitionQuery } from './definition-rank.js';
import { parseQualifiedName } from './qualified-name.js';
import { originalsFirst } from './copies.js';

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
  size: number;
}

const COLUMNS = `s.name, s.kind, f.path, s.start_line, s.end_line, s.container, s.name_line, s.name_col, s.name_end_col, f.size
  FROM symbols s JOIN files f ON f.id = s.file_id`;

/** Ranked beyond `k` so the path-depth tie-break can reorder near-equal names. */
const RANK_SLACK = 2;

/**
 * The name a query looks up, and what else it says: `json.dumps` looks up `dumps` and prefers the
 * one in module `json`; `parseConfig` looks up itself.
 */
function lookup(query: string): { name: string; rank: DefinitionQuery } {
  const q = query.trim();
  const qualified = parseQualifiedName(q);
  const name = qualified && qualified.qualifiers.length > 0 ? qualified.name : q;
  return { name, rank: definitionQuery(qualified, q) };
}

export function searchSymbols(conn: SqlConnection, query: string, k: number): SymbolHit[] {
  const { name, rank } = lookup(query);
  return name ? hitsOf(conn, rankSymbolNames(conn, name, k * RANK_SLACK), k, rank) : [];
}

/** Definitions whose name contains `query` (case-insensitive), ranked the same way: the hybrid search's name signal. */
export function searchSymbolsContaining(conn: SqlConnection, query: string, k: number): SymbolHit[] {
  const { name, rank } = lookup(query);
  return name ? hitsOf(conn, rankSymbolNamesContaining(conn, name, k * RANK_SLACK), k, rank) : [];
}

function hitsOf(conn: SqlConnection, ranked: RankedSymbolId[], k: number, rank: DefinitionQuery): SymbolHit[] {
  const byId = statement(conn, `SELECT ${COLUMNS} WHERE s.id = ?`);
  const hits: SymbolHit[] = [];
  for (const r of ranked) {
    const row = byId.get<SymbolRow>(r.id);
    if (row) hits.push(toHit(row, r.tier, r.score - depth(row.path) / 1000 + definitionPoints(rank, row)));
  }
  return bestOf(hits, k);
}

/** The best `k` hits: by score, ties in path order, then each group of copies with its original first. */
function bestOf(hits: SymbolHit[], k: number): SymbolHit[] {
  hits.sort((a, b) => b.score - a.score || a.path.localeCompare(b.path) || a.startLine - b.startLine);
  const ordered = originalsFirst(hits, (hit) => fileSizes.get(hit) ?? 0);
  for (const hit of ordered.laterCopies) laterCopyHits.add(hit);
  return ordered.hits.slice(0, k);
}

/** The size of the file each hit came from, kept beside the hit rather than in what callers print. */
const fileSizes = new WeakMap<SymbolHit, number>();
/** Hits that copy a definition found in a smaller file too (copies.ts). */
const laterCopyHits = new WeakSet<SymbolHit>();

/** Whether a hit of searchSymbols* is a copy of a definition whose original is among the hits. */
export function isLaterCopy(hit: SymbolHit): boolean {
  return laterCopyHits.has(hit);
}

export function allSymbols(conn: SqlConnection): SymbolHit[] {
  return statement(conn, `SELECT ${COLUMNS} ORDER BY f.path, s.start_line, s.start_col`)
    .all<SymbolRow>()
    .map((r) => toHit(r, 0, 0));
}

function depth(path: string): number {
  let d = 0;
  for (const ch of path) if (ch === '/') d++;
  return d;
}

function toHit(row: SymbolRow, tier: number, score: number): SymbolHit {
  const hit: SymbolHit = {
    name: row.name,
    kind: row.kind,
    path: row.path,
    startLine: row.start_line,
    endLine: row.end_line,
    container: row.container,
    nameLine: row.name_line,
    nameCol: row.name_col,
    nameEndCol: row.name_end_col,
    tier,
    score,
  };
  fileSizes.set(hit, row.size);
  return hit;
}
