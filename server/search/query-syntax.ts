// What a typed query means. Two operators, as code-search tools have them: "an exact phrase" (its
// words next to each other, in order) and -word (leave out what contains it, when it starts a
// word of the query). Everything else is literal text: parentheses, AND, *, : and lone quotes are
// searched for as words, never parsed as FTS5 syntax. A long query (an issue report, a stack trace)
// is text someone pasted, not syntax someone wrote: its quotes and minus signs are its punctuation.
import { queryWords } from '../text/tokens.js';
import { IndexError } from '../common/errors.js';

export interface ParsedQuery {
  /** The query without its operators: what is embedded, and matched against symbol names. */
  text: string;
  /** Free words (identifiers split, lower-cased, once each). */
  words: string[];
  /** Each quoted phrase as its words, in order. */
  phrases: string[][];
  /** Each excluded term as its words, in order (`-parseConfig` leaves out `parse config`). */
  excluded: string[][];
  /** More than LONG_QUERY_WORDS words: read literally and weighed as evidence (long-query.ts). */
  long: boolean;
}

/** A query with more distinct words than this is read as a long query. */
export const LONG_QUERY_WORDS = 12;

const TOKEN = /"([^"]*)"|(^|\s)-(?=[\p{L}\p{N}_$])(\S+)|[^"\s]+|"/gu;

export function parseQuery(query: string): ParsedQuery {
  const literal = queryWords(query);
  // `-1` in a pasted traceback or `"x"` in its code must not turn into operators.
  if (literal.length > LONG_QUERY_WORDS) return { text: query.trim(), words: literal, phrases: [], excluded: [], long: true };
  const free: string[] = [];
  const phrases: string[][] = [];
  const excluded: string[][] = [];
  for (const m of query.matchAll(TOKEN)) {
    if (m[1] !== undefined) {
      const words = queryWords(m[1]);
      if (words.length > 0) phrases.push(words);
      free.push(m[1]);
    } else if (m[3] !== undefined) {
      const words = queryWords(m[3]);
      if (words.length > 0) excluded.push(words);
    } else {
      free.push(m[0]);
    }
  }
  const text = free.join(' ').trim();
  const inPhrases = new Set(phrases.flat());
  return { text, words: queryWords(free.join(' ')).filter((w) => !inPhrases.has(w)), phrases, excluded, long: false };
}

/** True when the query has something to look for: a word or a phrase, not only exclusions. */
export function hasSearchTerms(parsed: ParsedQuery): boolean {
  return parsed.words.length > 0 || parsed.phrases.length > 0;
}

/** The usage error for a query with nothing to look for, in the words of the CLI and the server. */
export function requireSearchTerms(query: string): ParsedQuery {
  const parsed = parseQuery(query);
  if (hasSearchTerms(parsed)) return parsed;
  const why =
    parsed.excluded.length > 0
      ? 'has only -exclusions; add a word to look for'
      : 'has no words to search for (letters or digits; quotes and punctuation alone are not searched)';
  throw new IndexError('BAD_ARGUMENT', `The query ${JSON.stringify(query)} ${why}.`);
}
