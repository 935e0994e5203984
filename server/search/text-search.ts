// Full-text search over chunks: BM25 over identifier-split words, every word required first, then
// any word to fill up the list.
import type { SqlConnection } from '../storage/driver.js';
import { FTS_WEIGHTS } from '../storage/schema.js';
import { statement } from '../storage/statements.js';
import { buildFtsQuery } from './fts-query.js';
import { makeSnippet } from './snippet.js';

export interface SearchHit {
  path: string;
  startLine: number;
  endLine: number;
  score: number;
  snippet: string;
  symbol?: string;
  kind?: number;
}

export interface TextMatch {
  chunkId: number;
  score: number;
}

const BM25 = `bm25(chunks_fts, ${FTS_WEIGHTS.join(', ')})`;
const MATCH_SQL = `SELECT rowid AS chunkId, -${BM25} AS score FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY ${BM25} LIMIT ?`;

/** Chunk ids ranked by BM25, best first. */
export function textMatches(conn: SqlConnection, query: string, limit: number): TextMatch[] {
  const fts = buildFtsQuery(query);
  if (!fts) return [];
  const hits = statement(conn, MATCH_SQL).all<TextMatch>(fts.all, limit);
  if (hits.length >= limit || fts.words.length === 1) return hits;
  const seen = new Set(hits.map((h) => h.chunkId));
  for (const extra of statement(conn, MATCH_SQL).all<TextMatch>(fts.any, limit)) {
    if (hits.length >= limit) break;
    // Partial matches rank below every full match.
    if (!seen.has(extra.chunkId))
      hits.push({ chunkId: extra.chunkId, score: Math.min(extra.score, (hits.at(-1)?.score ?? extra.score) - 1e-6) });
  }
  return hits;
}

interface ChunkRow {
  path: string;
  start_line: number;
  end_line: number;
  text: string;
  symbol: string | null;
  kind: number | null;
}

/** Turns ranked chunk ids into results a person can read. */
export function describeHits(conn: SqlConnection, query: string, matches: TextMatch[]): SearchHit[] {
  const words = buildFtsQuery(query)?.words ?? [];
  const rowOf = statement(
    conn,
    `SELECT f.path, c.start_line, c.end_line, c.text, c.symbol, c.kind
    FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id = ?`,
  );
  const hits: SearchHit[] = [];
  for (const m of matches) {
    const row = rowOf.get<ChunkRow>(m.chunkId);
    if (!row) continue;
    const { snippet } = makeSnippet(row.text, words, row.start_line);
    const hit: SearchHit = { path: row.path, startLine: row.start_line, endLine: row.end_line, score: m.score, snippet };
    if (row.symbol) hit.symbol = row.symbol;
    if (row.kind !== null) hit.kind = row.kind;
    hits.push(hit);
  }
  return hits;
}

export function textSearch(conn: SqlConnection, query: string, k: number): SearchHit[] {
  return describeHits(conn, query, textMatches(conn, query, k));
}
