// One search over three signals (BM25 text, vector neighbours, symbol names) fused by Reciprocal
// Rank Fusion, with path and language filters. `mode` picks one signal or all of them.
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
import type { SearchGroup, SearchMode } from '../../shared/settings.js';
import { nearestVectors } from '../storage/vector-store.js';
import { textMatches, describeHits, type SearchHit } from './text-search.js';
import { isLaterCopy, searchSymbols, searchSymbolsContaining } from './symbol-search.js';
import { MatchTier } from './symbol-match.js';
import { buildFtsQuery, type FtsQuery } from './fts-query.js';
import { parseQuery } from './query-syntax.js';
import { pathFilter, resolveLanguages } from './search-filters.js';
import { FUSION, fuseRanks, type FusedChunk, type RankedChunk, type Signal } from './rank-fusion.js';
import { EXACT_NAME_WEIGHT, ROLE_WEIGHT, definitionQuery, roleWeight } from './definition-rank.js';
import { parseQualifiedName } from './qualified-name.js';
import { isLongQuery, queryEvidence } from './long-query.js';
import { groupByFile } from './file-groups.js';

export interface SearchOptions {
  mode: SearchMode;
  k: number;
  /** Glob over workspace-relative paths (`src/**\/*.ts`). */
  path?: string;
  lang?: string;
  /** The query's vector, when the index has vectors of the same model. */
  queryVector?: Float32Array | null;
  /** 'file': one hit per file, files ranked by their chunks (file-groups.ts). Default 'chunk'. */
  group?: SearchGroup;
}

export interface HybridHit extends SearchHit {
  scores: FusedChunk['scores'];
  /** With group 'file': how many of the ranked chunks are in this hit's file. */
  matches?: number;
}

const CANDIDATES = 100;
const FILTERED_CANDIDATES = 1000;

export function search(conn: SqlConnection, query: string, options: SearchOptions): HybridHit[] {
  const mode = options.mode === 'auto' ? 'hybrid' : options.mode;
  const filtered = Boolean(options.path || options.lang);
  const byFile = options.group === 'file';
  // A file needs the chunks around its best one to be weighed by them.
  const depth = Math.max(options.k * (byFile ? 10 : 3), filtered || byFile ? FILTERED_CANDIDATES : CANDIDATES);
  const parsed = parseQuery(query);
  const fts = buildFtsQuery(parsed);
  if (!fts) return [];
  const keep = both(chunkFilter(conn, options), syntaxFilter(conn, fts));
  const lists: Array<[Signal, RankedChunk[]]> = [];
  if (mode === 'text' || mode === 'hybrid') lists.push(['text', textMatches(conn, query, depth)]);
  if ((mode === 'semantic' || mode === 'hybrid') && options.queryVector)
    lists.push(['vector', vectorMatches(conn, options.queryVector, depth)]);
  const exactNames = new Set<number>();
  const copies = new Set<number>();
  if (mode === 'symbol' || mode === 'hybrid')
    lists.push(['symbol', symbolMatches(conn, parsed.text, depth, mode === 'symbol', exactNames, copies)]);

  const rank = definitionQuery(parseQualifiedName(parsed.text), parsed.text);
  // What the text points at is evidence about files: it ranks files, not the chunks of a search for
  // code that does X, where a description names the neighbours of what it describes (docs/search.md).
  const evidence = byFile && isLongQuery(parsed) ? queryEvidence(conn, query) : null;
  const fileOf = statement(conn, 'SELECT f.path, f.language FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id = ?');
  const fileOfChunk = (chunkId: number) => fileOf.get<{ path: string; language: string }>(chunkId);
  const prior = (chunkId: number) => {
    const file = fileOfChunk(chunkId);
    const named = (exactNames.has(chunkId) ? EXACT_NAME_WEIGHT : 1) * (copies.has(chunkId) ? ROLE_WEIGHT.generated : 1);
    return file ? named * roleWeight(rank, file.path, file.language) * (evidence?.get(file.path) ?? 1) : named;
  };
  const ranked = fuseRanks(lists, byFile ? depth : options.k, keep, FUSION, prior);
  if (byFile) {
    const groups = groupByFile(ranked, (id) => fileOfChunk(id)?.path, options.k);
    const described = describeHits(
      conn,
      query,
      groups.map((g) => ({ chunkId: g.best.chunkId, score: g.score })),
    );
    return described.map((hit, i) => ({ ...hit, scores: groups[i].best.scores, matches: groups[i].matches }));
  }
  const described = describeHits(
    conn,
    query,
    ranked.map((e) => ({ chunkId: e.chunkId, score: e.rrf })),
  );
  return described.map((hit, i) => ({ ...hit, scores: ranked[i].scores }));
}

/** Chunks whose content is nearest the query vector; cosine similarity as the score. */
function vectorMatches(conn: SqlConnection, vector: Float32Array, depth: number) {
  // Chunks of one content share its vector and its score: path and line order, not write order.
  const byHash = statement(
    conn,
    'SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.hash = ? ORDER BY f.path, c.start_line',
  );
  const out: Array<{ chunkId: number; score: number }> = [];
  for (const n of nearestVectors(conn, vector, depth)) {
    for (const row of byHash.all<{ id: number }>(n.hash)) out.push({ chunkId: row.id, score: 1 - n.distance });
  }
  return out;
}

/**
 * Definitions whose name matches the query, as the chunk that holds each definition; the chunks of
 * definitions named exactly so go into `exact`, those of a bundle's copy of a definition (copies.ts)
 * into `copies`.
 */
function symbolMatches(conn: SqlConnection, query: string, depth: number, anyTier: boolean, exact: Set<number>, copies: Set<number>) {
  const compact = query.trim().replace(/\s+/g, '');
  if (!compact || (!anyTier && compact.length > 64)) return [];
  const chunkOf = statement(
    conn,
    `SELECT c.id FROM chunks c JOIN files f ON f.id = c.file_id
    WHERE f.path = ? AND c.start_line <= ? AND c.end_line >= ? ORDER BY (c.symbol = ?) DESC, c.end_line - c.start_line LIMIT 1`,
  );
  const out: Array<{ chunkId: number; score: number }> = [];
  // The hybrid signal wants names containing the query; only symbol mode ranks humps and subsequences.
  const found = anyTier ? searchSymbols(conn, compact, depth) : searchSymbolsContaining(conn, compact, depth);
  for (const s of found) {
    if (!anyTier && s.tier < MatchTier.substring) continue;
    const row = chunkOf.get<{ id: number }>(s.path, s.nameLine, s.nameLine, s.name);
    if (!row) continue;
    out.push({ chunkId: row.id, score: s.score });
    if (s.tier === MatchTier.exact) exact.add(row.id);
    if (isLaterCopy(s)) copies.add(row.id);
  }
  return out;
}

type ChunkTest = (chunkId: number) => boolean;

const both =
  (a: ChunkTest | null, b: ChunkTest | null): ChunkTest =>
  (id) =>
    (!a || a(id)) && (!b || b(id));

function chunkFilter(conn: SqlConnection, options: SearchOptions): ChunkTest | null {
  if (!options.path && !options.lang) return null;
  const isMatch = options.path ? pathFilter(options.path) : () => true;
  const languages = options.lang ? resolveLanguages(options.lang) : null;
  const fileOf = statement(conn, 'SELECT f.path, f.language FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id = ?');
  return (chunkId) => {
    const row = fileOf.get<{ path: string; language: string }>(chunkId);
    return !!row && isMatch(row.path) && (!languages || languages.includes(row.language));
  };
}

/** The phrases and exclusions of the query hold for the hits of every signal, not only the text's. */
function syntaxFilter(conn: SqlConnection, fts: FtsQuery): ChunkTest | null {
  if (!fts.required && !fts.excluded) return null;
  // BETWEEN, not `rowid = ?`: with an equality on the rowid FTS5 answered rows the MATCH did not select.
  const matches = statement(conn, 'SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid BETWEEN ? AND ?');
  const holds = (expr: string, id: number) => matches.get(expr, id, id) !== undefined;
  return (chunkId) => (!fts.required || holds(fts.required, chunkId)) && (!fts.excluded || !holds(fts.excluded, chunkId));
}
