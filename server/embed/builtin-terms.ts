// Turns a chunk or a query into weighted words for the builtin embedder: identifiers split into their
// parts, words of comments and docstrings and of definition names counted extra, frequency damped.
import { identifiersOf, splitIdentifier } from '../search/tokens.js';
import { priorWeight } from './builtin-stopwords.js';

/** How much one occurrence counts, by where it stands in a chunk. */
export interface FieldBoosts {
  /** A word of a definition's name (`def parse_config` -> parse, config). */
  name: number;
  /** A word of a comment or docstring: the author describing the code in the searcher's language. */
  doc: number;
}

export interface TermWeightOptions {
  boosts: FieldBoosts;
  /** Weight of a whole multi-part identifier (`parse_config`) next to its parts. */
  wholeIdentifier: number;
}

export const DEFAULT_TERM_WEIGHTS: TermWeightOptions = {
  boosts: { name: 2, doc: 1 },
  wholeIdentifier: 0.5,
};

// Block and line comments of the C family, Python/shell/Ruby, and Python docstrings. A `#` only opens
// a comment when followed by a space, so `#include` and `#[derive]` stay code.
const COMMENT = /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|#(?=[ \t!])[^\n]*|<!--[\s\S]*?(?:-->|$)/g;

// A name being defined: after a definition keyword, or bound to a function expression.
const DEFINITION =
  /\b(?:def|function|func|fn|class|struct|interface|enum|trait|type|module|macro_rules!|sub|proc)\s+\*?\s*(?:\([^)\n]{0,200}\)\s*)?([\p{L}_$][\p{L}\p{N}_$]*)|\b(?:const|let|var)\s+([\p{L}_$][\p{L}\p{N}_$]*)\s*=\s*(?:async\s+)?(?:function\b|\([^)\n]{0,200}\)\s*=>|[\p{L}_$][\p{L}\p{N}_$]*\s*=>)/gu;

/** One identifier's words with their prior weights, and the whole identifier when it has several parts. */
interface SplitIdentifier {
  parts: string[];
  priors: number[];
  whole: string | null;
}

const CACHE_LIMIT = 100_000;

/** Weighs the words of chunks and queries; keeps the split of identifiers it has seen, since code repeats them. */
export class TermExtractor {
  private readonly splits = new Map<string, SplitIdentifier>();

  constructor(private readonly options: TermWeightOptions = DEFAULT_TERM_WEIGHTS) {}

  /** The weighted words of a chunk of code, damped to 1 + ln(weighted count). */
  document(text: string): Map<string, number> {
    const occurrences = new Map<string, number>();
    const { name, doc } = this.options.boosts;
    const addText = (part: string, weight: number) => {
      for (const id of identifiersOf(part)) occurrences.set(id, (occurrences.get(id) ?? 0) + weight);
    };
    const addCode = (code: string) => {
      addText(code, 1);
      if (name <= 0) return;
      for (const m of code.matchAll(DEFINITION)) {
        const id = m[1] ?? m[2];
        if (id) occurrences.set(id, (occurrences.get(id) ?? 0) + name);
      }
    };
    let codeStart = 0;
    for (const m of text.matchAll(COMMENT)) {
      const at = m.index ?? 0;
      addCode(text.slice(codeStart, at));
      addText(m[0], 1 + doc);
      codeStart = at + m[0].length;
    }
    addCode(text.slice(codeStart));
    const words = this.wordsOf(occurrences);
    for (const [word, count] of words) words.set(word, count >= 1 ? 1 + Math.log(count) : count);
    return words;
  }

  /** The weighted words of a search query: every word once, common words dropped or damped. */
  query(text: string): Map<string, number> {
    const occurrences = new Map<string, number>();
    for (const id of identifiersOf(text)) occurrences.set(id, 1);
    const words = this.wordsOf(occurrences);
    for (const [word, count] of words) words.set(word, Math.min(count, 1));
    return words;
  }

  /** Spreads each identifier's weighted count over its words, times each word's prior. */
  private wordsOf(occurrences: Map<string, number>): Map<string, number> {
    const words = new Map<string, number>();
    const add = (word: string, weight: number) => {
      if (weight > 0) words.set(word, (words.get(word) ?? 0) + weight);
    };
    for (const [id, count] of occurrences) {
      const split = this.split(id);
      for (let i = 0; i < split.parts.length; i++) add(split.parts[i], count * split.priors[i]);
      if (split.whole) add(split.whole, count * this.options.wholeIdentifier);
    }
    return words;
  }

  private split(identifier: string): SplitIdentifier {
    let split = this.splits.get(identifier);
    if (!split) {
      // Cleared rather than evicted one by one: results never depend on what is cached.
      if (this.splits.size >= CACHE_LIMIT) this.splits.clear();
      const parts = splitIdentifier(identifier);
      split = { parts, priors: parts.map(priorWeight), whole: parts.length > 1 ? parts.join('_') : null };
      this.splits.set(identifier, split);
    }
    return split;
  }
}
