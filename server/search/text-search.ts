// Full-text search over chunks: BM25 over identifier-split words, every word required first, then
// any word to fill up the list.
import type { SqlConnection } from '../storage/driver.js';
import { FTS_WEIGHTS } from '../storage/schema.js';
import { statement } from '../storage/statements.js';
import { buildFtsQuery } from './fts-query.js';
import { makeSnippet } from './snippet.js';
import { parseQuery } from './query-syntax.js';
import { selectiveWords } from './long-query.js';

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

/**
 * The best `limit` matches of `match`, equal scores in path and line order: FTS5 breaks ties by
 * rowid, which depends on the order files were written in, so a fresh index and a rewritten one
 * would cut a tie at the limit differently. Fetches on until the tie at the limit is all in.
 */
function rankedMatches(conn: SqlConnection, match: string, limit: number): TextMatch[] {
  let fetch = limit + 16;
  let rows = statement(conn, MATCH_SQL).all<TextMatch>(match, fetch);
  while (rows.length === fetch && rows.length > limit && rows[fetch - 1].score === rows[limit - 1].score) {
    fetch *= 2;
    rows = statement(conn, MATCH_SQL).all<TextMatch>(match, fetch);
  }
  if (rows.length === 0) return rows;
  const where = statement(conn, 'SELECT f.path, c.start_line AS line FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id = ?');
  const keyed = rows.map((m) => ({ m, at: where.get<{ path: string; line: number }>(m.chunkId) ?? { path: '', line: 0 } }));
  keyed.sort((a, b) => b.m.score - a.m.score || (a.at.path < b.at.path ? -1 : a.at.path > b.at.path ? 1 : a.at.line - b.at.line));
  return keyed.slice(0, limit).map((k) => k.m);
}

/**
 * Chunk ids ranked by BM25, best first: the chunks that hold every word, then those that hold any to
 * fill up the list. A long query (an issue report) never has all its words in one chunk (a pasted
 * doc comment may); it fills up with its rarer words only, weighed together (long-query.ts).
 */
export function textMatches(conn: SqlConnection, query: string, limit: number): TextMatch[] {
  const parsed = parseQuery(query);
  const fts = buildFtsQuery(parsed);
  if (!fts) return [];
  const fill = parsed.long ? (buildFtsQuery({ ...parsed, words: selectiveWords(conn, parsed.words) }) ?? fts) : fts;
  const hits = rankedMatches(conn, fts.all, limit);
  if (hits.length >= limit || fts.all === fill.any) return hits;
  const seen = new Set(hits.map((h) => h.chunkId));
  for (const extra of rankedMatches(conn, fill.any, limit)) {
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
