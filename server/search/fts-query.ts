// Turns any user text into a safe FTS5 MATCH expression: only quoted words reach FTS5, so quotes,
// parentheses, AND, *, - or : in a query are searched for as words, never parsed as syntax.
import { queryWords } from '../text/tokens.js';

export interface FtsQuery {
  /** Every word must match. */
  all: string;
  /** Any word may match; used to fill up when `all` finds too little. */
  any: string;
  words: string[];
}

export function buildFtsQuery(query: string): FtsQuery | null {
  const words = queryWords(query).filter((w) => w.length > 0);
  if (words.length === 0) return null;
  const quoted = words.map((w) => `"${w.replace(/"/g, '""')}"`);
  return { all: quoted.join(' AND '), any: quoted.join(' OR '), words };
}
