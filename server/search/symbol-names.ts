// Ranks definitions by name for Ctrl+T, `code-index symbols` and the hybrid name signal. Candidates
// come from symbol_names (one row per distinct name, kept by triggers: storage/schema.ts, version 5):
// a prefix is a range of its index; a subsequence or substring is a scan of a long-lived reader's
// compact list (name-list.ts) or, in a one-shot process, of that index. matchName then orders them
// exactly as when every reader held every name, and the best names become symbol ids.
import type { SqlConnection } from '../storage/driver.js';
import { dataVersion, statement } from '../storage/statements.js';
import { matchName, MatchTier } from './symbol-match.js';
import { splitIdentifier } from '../text/tokens.js';
import { nameList, namesContaining, subsequenceNames } from './name-list.js';

export interface RankedSymbolId {
  id: number;
  tier: number;
  score: number;
}

interface NameHit {
  name: string;
  tier: number;
  score: number;
}

/** The best `limit` symbol ids for `query`, by matchName's ranking. */
export function rankSymbolNames(conn: SqlConnection, query: string, limit: number): RankedSymbolId[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const wide = wideNames(conn);
  // Exact and prefix matches always beat the rest: when they fill the list, only they are ranked.
  const widePrefix = wide.filter((w) => w.lower.startsWith(q));
  if (prefixCount(conn, q, limit) + widePrefix.reduce((n, w) => n + w.refs, 0) >= limit) {
    return toIds(
      conn,
      prefixHits(conn, query, q, limit).concat(
        hitsOf(
          query,
          widePrefix.map((w) => w.name),
        ),
      ),
      limit,
    );
  }
  const list = nameList(conn, false);
  const ascii = list ? subsequenceNames(list, q) : sqlSubsequence(conn, q);
  const others = wide.filter((w) => isSubsequence(q, w.lower)).map((w) => w.name);
  return toIds(conn, hitsOf(query, ascii.concat(others)), limit);
}

/** Symbols whose name contains `query` (case-insensitive), best first: hybrid search's symbol signal. */
export function rankSymbolNamesContaining(conn: SqlConnection, query: string, limit: number): RankedSymbolId[] {
  const q = query.toLowerCase();
  if (!q) return [];
  const list = nameList(conn, false);
  const ascii = list ? namesContaining(list, q) : sqlContaining(conn, q);
  const others = wideNames(conn)
    .filter((w) => w.lower.includes(q))
    .map((w) => w.name);
  return toIds(conn, hitsOf(query, ascii.concat(others)), limit);
}

/** Loads (or brings up to date) this connection's name list, if it keeps one; how many names it holds. */
export function warmSymbolNames(conn: SqlConnection): number {
  const list = nameList(conn, true);
  return list ? list.masks.length : 0;
}

/**
 * splitIdentifier of the names ranked lately: one keystroke ranks most of the names the one before
 * did, and the split is most of matchName's cost. Bounded, unlike the per-name cache every reader
 * used to keep beside every name.
 */
const partsByName = new Map<string, string[]>();
const PARTS_CACHE_LIMIT = 50_000;

function partsOf(name: string): string[] {
  let parts = partsByName.get(name);
  if (!parts) {
    if (partsByName.size >= PARTS_CACHE_LIMIT) partsByName.clear();
    partsByName.set(name, (parts = splitIdentifier(name)));
  }
  return parts;
}

function hitsOf(query: string, names: string[]): NameHit[] {
  const hits: NameHit[] = [];
  for (const name of names) {
    const m = matchName(query, name, partsOf(name));
    if (m) hits.push({ name, tier: m.tier, score: m.score });
  }
  return hits;
}

/** The upper end of the range of strings that start with `q`, in SQLite's byte order. */
const rangeEnd = (q: string) => `${q}\u{10FFFF}`;

/** How many definitions have an ASCII name starting with `q`, counted up to `limit` (each name has one at least). */
function prefixCount(conn: SqlConnection, q: string, limit: number): number {
  return statement(
    conn,
    `SELECT coalesce(sum(refs), 0) AS n FROM (SELECT refs FROM symbol_names INDEXED BY symbol_names_lower
    WHERE NOT wide AND lower >= ? AND lower < ? LIMIT ?)`,
  ).get<{ n: number }>(q, rangeEnd(q), limit)!.n;
}

/**
 * The prefix matches in matchName's order (exact with the query's case, exact, prefix with its case,
 * prefix; shorter first), read until they hold `limit` definitions and the last score's tie is whole.
 */
function prefixHits(conn: SqlConnection, query: string, q: string, limit: number): NameHit[] {
  const byOrder = statement(
    conn,
    `SELECT name, refs, CASE WHEN name = ? THEN 0 WHEN lower = ? THEN 1 WHEN substr(name, 1, ?) = ? THEN 2 ELSE 3 END AS class,
      min(length(name), 200) AS len
    FROM symbol_names INDEXED BY symbol_names_lower WHERE NOT wide AND lower >= ? AND lower < ?
    ORDER BY class, len LIMIT ?`,
  );
  for (let want = limit; ; want *= 4) {
    const rows = byOrder.all<{ name: string; refs: number; class: number; len: number }>(
      query,
      q,
      query.length,
      query,
      q,
      rangeEnd(q),
      want,
    );
    const complete = rows.length < want;
    let total = 0;
    for (let i = 0; i < rows.length; i++) {
      total += rows[i].refs;
      const next = rows[i + 1];
      const groupEnds = next ? next.class !== rows[i].class || next.len !== rows[i].len : complete;
      if (total >= limit && groupEnds)
        return hitsOf(
          query,
          rows.slice(0, i + 1).map((r) => r.name),
        );
    }
    if (complete)
      return hitsOf(
        query,
        rows.map((r) => r.name),
      );
  }
}

/** GLOB is case-sensitive, and `lower` is lowercase: `*p*c*` is exactly the subsequence test. */
function sqlSubsequence(conn: SqlConnection, q: string): string[] {
  const pattern = `*${Array.from(q, (ch) => (ch === '*' || ch === '?' || ch === '[' ? `[${ch}]` : ch)).join('*')}*`;
  return statement(conn, 'SELECT name FROM symbol_names WHERE NOT wide AND lower GLOB ?')
    .all<{ name: string }>(pattern)
    .map((r) => r.name);
}

function sqlContaining(conn: SqlConnection, q: string): string[] {
  return statement(conn, 'SELECT name FROM symbol_names WHERE NOT wide AND instr(lower, ?) > 0')
    .all<{ name: string }>(q)
    .map((r) => r.name);
}

interface WideName {
  name: string;
  lower: string;
  refs: number;
}

const wideCache = new WeakMap<SqlConnection, { version: number; names: WideName[] }>();

/** The names SQLite's lower() cannot fold (any character outside printable ASCII), matched here. */
function wideNames(conn: SqlConnection): WideName[] {
  const version = dataVersion(conn);
  const cached = wideCache.get(conn);
  if (cached && cached.version === version) return cached.names;
  const names = statement(conn, 'SELECT name, refs FROM symbol_names INDEXED BY symbol_names_wide WHERE wide')
    .all<{ name: string; refs: number }>()
    .map((r) => ({ name: r.name, lower: r.name.toLowerCase(), refs: r.refs }));
  wideCache.set(conn, { version, names });
  return names;
}

function isSubsequence(q: string, n: string): boolean {
  let j = 0;
  for (let i = 0; i < q.length; i++) {
    j = n.indexOf(q[i], j);
    if (j < 0) return false;
    j++;
  }
  return true;
}

/**
 * The ids of the best names' definitions, best first: names are taken a score at a time (a whole tie)
 * until they hold `limit` definitions, then ranked as one list in id order within a score, the order
 * the list of every definition had.
 */
function toIds(conn: SqlConnection, hits: NameHit[], limit: number): RankedSymbolId[] {
  hits.sort((a, b) => b.score - a.score);
  const idsOf = statement(
    conn,
    'SELECT s.id AS id, s.name AS name FROM json_each(?) j JOIN symbols s ON s.name = j.value COLLATE NOCASE WHERE s.name = j.value',
  );
  const ranked: RankedSymbolId[] = [];
  for (let i = 0; i < hits.length && ranked.length < limit;) {
    let end = i + 1;
    while (end < hits.length && hits[end].score === hits[i].score) end++;
    const group = new Map(hits.slice(i, end).map((h) => [h.name, h]));
    for (const row of idsOf.all<{ id: number; name: string }>(JSON.stringify([...group.keys()]))) {
      const hit = group.get(row.name)!;
      ranked.push({ id: row.id, tier: hit.tier, score: hit.score });
    }
    i = end;
  }
  ranked.sort((a, b) => b.score - a.score || a.id - b.id);
  return bestWithTies(ranked, limit);
}

/** How many ids tied with the last of the best may come along (each costs the caller a row read). */
const MAX_TIED = 1000;

/**
 * The best `limit`, and the ids tied with the last of them: the caller orders ties by path and line
 * (symbol-search.ts), which the ids here, in the order rows were written, cannot do. Exact unless
 * more than MAX_TIED names tie at the cut.
 */
function bestWithTies(ranked: RankedSymbolId[], limit: number): RankedSymbolId[] {
  let end = Math.min(limit, ranked.length);
  const cap = end + MAX_TIED;
  while (end > 0 && end < ranked.length && end < cap && ranked[end].score === ranked[end - 1].score) end++;
  return ranked.slice(0, end);
}

export { MatchTier };
