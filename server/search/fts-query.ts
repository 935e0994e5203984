// Turns a parsed query (query-syntax.ts) into safe FTS5 MATCH expressions: only quoted words and
// phrases reach FTS5, so nothing a user types is parsed as FTS5 syntax.
import { parseQuery, type ParsedQuery } from './query-syntax.js';

export interface FtsQuery {
  /** Every word and phrase must match, no excluded term may. */
  all: string;
  /** Any word may match (phrases still must, exclusions still may not): to fill up when `all` finds too little. */
  any: string;
  /** The words to show in snippets: the free words and the phrases' words. */
  words: string[];
  /** What every hit of any signal must match (the phrases), or null. */
  required: string | null;
  /** What no hit of any signal may match (the exclusions), or null. */
  excluded: string | null;
}

const quote = (words: string[]): string => `"${words.join(' ').replace(/"/g, '""')}"`;

export function buildFtsQuery(query: string | ParsedQuery): FtsQuery | null {
  const parsed = typeof query === 'string' ? parseQuery(query) : query;
  const words = parsed.words.map((w) => quote([w]));
  const phrases = parsed.phrases.map(quote);
  if (words.length === 0 && phrases.length === 0) return null;
  const required = phrases.length > 0 ? phrases.join(' AND ') : null;
  // An excluded word leaves out what the code says, not where it lives: `-parse` keeps parse_config.py's
  // other definitions. The path column is not looked at.
  const excluded = parsed.excluded.length > 0 ? `{name body} : (${parsed.excluded.map(quote).join(' OR ')})` : null;
  const without = (expr: string) => (excluded ? `(${expr}) NOT (${excluded})` : expr);
  const all = [...words, ...phrases].join(' AND ');
  const anyWord = words.length > 0 ? `(${words.join(' OR ')})` : null;
  const any = [anyWord, required].filter(Boolean).join(' AND ');
  return { all: without(all), any: without(any), words: [...new Set([...parsed.words, ...parsed.phrases.flat()])], required, excluded };
}
