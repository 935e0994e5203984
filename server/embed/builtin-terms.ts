// Weighs the words of a chunk or a query for the builtin embedder: identifiers split into their
// words, those in comments and docstrings and in the names being defined counted extra, common words
// damped, and each word's count damped so that repetition is not volume.
import { identifiersOf, splitIdentifier } from '../search/tokens.js';
import { priorWeight } from './builtin-stopwords.js';

/** How much more one occurrence counts, by where it stands in a chunk. */
export interface FieldBoosts {
  /** Added for a definition's name (`def parse_config`): what the chunk is about. */
  name: number;
  /** Added for a word of a comment or docstring: the author describing the code in the searcher's words. */
  doc: number;
}

export interface TermOptions {
  boosts: FieldBoosts;
  /** Weight of a whole multi-part identifier (`parse_config`) next to its words. */
  wholeIdentifier: number;
}

export const DEFAULT_TERMS: TermOptions = { boosts: { name: 2, doc: 1 }, wholeIdentifier: 0.5 };

// Block and line comments of the C family, Python/shell/Ruby, HTML, and Python docstrings. A `#` opens
// a comment only when a space or `!` follows, so `#include` and `#[derive]` stay code.
const COMMENT = /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|#(?=[ \t!])[^\n]*|<!--[\s\S]*?(?:-->|$)/g;

// A name being defined: after a definition keyword, or bound to a function expression. Parenthesised
// parts are bounded so a long line without `)` cannot make the scan quadratic.
const DEFINITION =
  /\b(?:def|function|func|fn|class|struct|interface|enum|trait|type|module|sub|proc)\s+\*?\s*(?:\([^)\n]{0,200}\)\s*)?([\p{L}_$][\p{L}\p{N}_$]*)|\b(?:const|let|var)\s+([\p{L}_$][\p{L}\p{N}_$]*)\s*=\s*(?:async\s+)?(?:function\b|\([^)\n]{0,200}\)\s*=>|[\p{L}_$][\p{L}\p{N}_$]*\s*=>)/gu;

/** One identifier's words with their prior weights, and the whole identifier when it has several. */
interface Split {
  words: string[];
  priors: number[];
  whole: string | null;
}

const CACHE_LIMIT = 100_000;

export class TermWeigher {
  private readonly splits = new Map<string, Split>();

  constructor(private readonly options: TermOptions = DEFAULT_TERMS) {}

  /** Each word of a chunk of code with its boosted count, damped to 1 + ln(count). */
  document(text: string): Map<string, number> {
    const { name, doc } = this.options.boosts;
    const counts = new Map<string, number>();
    const add = (id: string, weight: number) => counts.set(id, (counts.get(id) ?? 0) + weight);
    const addCode = (code: string) => {
      for (const id of identifiersOf(code)) add(id, 1);
      if (name <= 0) return;
      for (const m of code.matchAll(DEFINITION)) {
        const id = m[1] ?? m[2];
        if (id) add(id, name);
      }
    };
    let codeStart = 0;
    for (const m of text.matchAll(COMMENT)) {
      const at = m.index ?? 0;
      addCode(text.slice(codeStart, at));
      for (const id of identifiersOf(m[0])) add(id, 1 + doc);
      codeStart = at + m[0].length;
    }
    addCode(text.slice(codeStart));
    const words = this.wordsOf(counts);
    for (const [word, count] of words) words.set(word, count >= 1 ? 1 + Math.log(count) : count);
    return words;
  }

  /** Each word of a search query once: a query is short and every word in it is meant. */
  query(text: string): Map<string, number> {
    const words = this.wordsOf(new Map(identifiersOf(text).map((id) => [id, 1])));
    for (const [word, count] of words) words.set(word, Math.min(count, 1));
    return words;
  }

  /** Spreads each identifier's count over its words, times each word's prior. */
  private wordsOf(identifiers: Map<string, number>): Map<string, number> {
    const words = new Map<string, number>();
    const add = (word: string, weight: number) => {
      if (weight > 0) words.set(word, (words.get(word) ?? 0) + weight);
    };
    for (const [id, count] of identifiers) {
      const split = this.split(id);
      for (let i = 0; i < split.words.length; i++) add(split.words[i], count * split.priors[i]);
      if (split.whole) add(split.whole, count * this.options.wholeIdentifier);
    }
    return words;
  }

  private split(identifier: string): Split {
    let split = this.splits.get(identifier);
    if (!split) {
      // Cleared rather than evicted one by one: results never depend on what is cached.
      if (this.splits.size >= CACHE_LIMIT) this.splits.clear();
      const words = splitIdentifier(identifier);
      split = { words, priors: words.map(priorWeight), whole: words.length > 1 ? words.join('_') : null };
      this.splits.set(identifier, split);
    }
    return split;
  }
}
