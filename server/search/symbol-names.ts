// Every definition's name held in memory per reader connection, so Ctrl+T can rank 200,000 names
// on each keystroke: a cheap pass sorts names into tiers by indexOf and a subsequence test, and the
// camelCase-hump test runs only when the cheaper tiers cannot fill the list.
import type { SqlConnection } from '../storage/driver.js';
import { dataVersion, statement } from '../storage/statements.js';
import { matchName, MatchTier } from './symbol-match.js';
import { splitIdentifier } from '../text/tokens.js';

/**
 * After a commit, only rows newer than the last one seen are read (a symbol row is never updated in
 * place, only deleted and inserted anew); deleted ones are skipped when their row is fetched. The
 * whole list is read again at most this often, to drop what was deleted.
 */
const FULL_RELOAD_AFTER_MS = 10_000;

interface Loaded {
  ids: Int32Array;
  names: string[];
  lower: string[];
  /** splitIdentifier of each name, filled in the first time a query needs it. */
  parts: Array<string[] | undefined>;
  dataVersion: number;
  loadedAt: number;
}

const byConnection = new WeakMap<SqlConnection, Loaded>();

function load(conn: SqlConnection): Loaded {
  const version = dataVersion(conn);
  const cached = byConnection.get(conn);
  if (cached && cached.dataVersion === version) return cached;
  if (cached && Date.now() - cached.loadedAt < FULL_RELOAD_AFTER_MS) {
    const maxId = cached.ids.length > 0 ? cached.ids.reduce((a, b) => Math.max(a, b), 0) : 0;
    const rows = statement(conn, 'SELECT id, name FROM symbols WHERE id > ? ORDER BY id').all<{ id: number; name: string }>(maxId);
    const grown = fromRows(rows, cached);
    grown.dataVersion = version;
    byConnection.set(conn, grown);
    return grown;
  }
  const fresh = fromRows(statement(conn, 'SELECT id, name FROM symbols ORDER BY id').all<{ id: number; name: string }>());
  fresh.dataVersion = version;
  byConnection.set(conn, fresh);
  return fresh;
}

/** A list from `rows`, appended to `base` when given (keeping its load time). */
function fromRows(rows: Array<{ id: number; name: string }>, base?: Loaded): Loaded {
  const offset = base?.ids.length ?? 0;
  const ids = new Int32Array(offset + rows.length);
  if (base) ids.set(base.ids);
  const names = base ? base.names.slice() : [];
  const lower = base ? base.lower.slice() : [];
  const parts = base ? base.parts.slice() : [];
  rows.forEach((r, i) => {
    ids[offset + i] = r.id;
    names.push(r.name);
    lower.push(r.name.toLowerCase());
    parts.push(undefined);
  });
  return { ids, names, lower, parts, dataVersion: -1, loadedAt: base?.loadedAt ?? Date.now() };
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

export interface RankedSymbolId {
  id: number;
  tier: number;
  score: number;
}

/** The best `limit` symbol ids for `query`, by matchName's ranking. */
export function rankSymbolNames(conn: SqlConnection, query: string, limit: number): RankedSymbolId[] {
  const { ids, names, lower, parts } = load(conn);
  const q = query.toLowerCase();
  const strong: number[] = []; // exact or prefix: always beat humps
  const weak: number[] = [];
  for (let i = 0; i < lower.length; i++) {
    const n = lower[i];
    if (n.startsWith(q)) strong.push(i);
    else if (isSubsequence(q, n)) weak.push(i);
  }
  const candidates = strong.length >= limit ? strong : strong.concat(weak);
  const ranked: RankedSymbolId[] = [];
  for (const i of candidates) {
    const m = matchName(query, names[i], (parts[i] ??= splitIdentifier(names[i])));
    if (m) ranked.push({ id: ids[i], tier: m.tier, score: m.score });
  }
  return bestWithTies(ranked, limit);
}

/** Loads (or brings up to date) this connection's name list, so the next keystroke does not wait for it. */
export function warmSymbolNames(conn: SqlConnection): number {
  return load(conn).ids.length;
}

/**
 * Symbols whose name contains `query` (case-insensitive), best first: hybrid search's symbol signal
 * on a connection that lives long enough to keep the name list (the server's readers).
 */
export function rankSymbolNamesContaining(conn: SqlConnection, query: string, limit: number): RankedSymbolId[] {
  const { ids, names, lower, parts } = load(conn);
  const q = query.toLowerCase();
  const ranked: RankedSymbolId[] = [];
  for (let i = 0; i < lower.length; i++) {
    if (!lower[i].includes(q)) continue;
    const m = matchName(query, names[i], (parts[i] ??= splitIdentifier(names[i])));
    if (m) ranked.push({ id: ids[i], tier: m.tier, score: m.score });
  }
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
  ranked.sort((a, b) => b.score - a.score);
  let end = Math.min(limit, ranked.length);
  const cap = end + MAX_TIED;
  while (end > 0 && end < ranked.length && end < cap && ranked[end].score === ranked[end - 1].score) end++;
  return ranked.slice(0, end);
}

export { MatchTier };
