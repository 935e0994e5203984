// Every definition's name held in memory per reader connection, so Ctrl+T can rank 200,000 names
// on each keystroke: a cheap pass sorts names into tiers by indexOf and a subsequence test, and the
// camelCase-hump test runs only when the cheaper tiers cannot fill the list.
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
import { matchName, MatchTier } from './symbol-match.js';
import { splitIdentifier } from './tokens.js';

/** A reload waits at least this long after the last one while writers keep committing. */
const RELOAD_AFTER_MS = 1000;

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

function dataVersion(conn: SqlConnection): number {
  return statement(conn, 'PRAGMA data_version').get<{ data_version: number }>()!.data_version;
}

function load(conn: SqlConnection): Loaded {
  const version = dataVersion(conn);
  let cached = byConnection.get(conn);
  if (cached && (cached.dataVersion === version || Date.now() - cached.loadedAt < RELOAD_AFTER_MS)) return cached;
  const rows = statement(conn, 'SELECT id, name FROM symbols').all<{ id: number; name: string }>();
  const ids = new Int32Array(rows.length);
  const names = new Array<string>(rows.length);
  const lower = new Array<string>(rows.length);
  rows.forEach((r, i) => {
    ids[i] = r.id;
    names[i] = r.name;
    lower[i] = r.name.toLowerCase();
  });
  cached = { ids, names, lower, parts: new Array(rows.length), dataVersion: version, loadedAt: Date.now() };
  byConnection.set(conn, cached);
  return cached;
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
  ranked.sort((a, b) => b.score - a.score);
  return ranked.slice(0, limit);
}

export { MatchTier };
