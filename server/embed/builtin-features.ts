// What identifiers contribute to a builtin embedding. An identifier splits into words (`parseConfigFile`
// -> parse, config, file); a word becomes its stem and its character trigrams, so "iterable" still
// meets "iter" and "iterate", scaled by how telling the word is. Both steps are computed once per
// distinct identifier or word and kept, since code repeats its names.
import { splitIdentifier } from '../text/tokens.js';
import { FeatureList, type SparseFeatures } from './builtin-hash.js';
import { stemWord } from './builtin-stem.js';
import { priorWeight } from './builtin-stopwords.js';

export interface FeatureOptions {
  dimensions: number;
  /** Shortest and longest character n-gram of a word, counting the `<` `>` word boundary marks. */
  minGram: number;
  maxGram: number;
  /** Share of a word's weight carried by its n-grams; the rest goes to its stem. */
  gramShare: number;
  /** Weight of a whole multi-part identifier (`parse_config`) next to its words. */
  wholeIdentifier: number;
}

export const DEFAULT_FEATURES: Omit<FeatureOptions, 'dimensions'> = {
  minGram: 3,
  maxGram: 3,
  gramShare: 0.85,
  wholeIdentifier: 0.5,
};

/** A word (or a whole identifier) and its hashed features, unit-norm before collisions. */
export interface Word {
  readonly text: string;
  readonly features: SparseFeatures;
  /** Dense number within its vocabulary, so per-text sums live in an array instead of a Map. */
  readonly slot: number;
}

/** One identifier: its words, how much each counts before any field weight, and itself as a word. */
export interface SplitIdentifier {
  readonly words: Word[];
  readonly weights: number[];
}

const CACHE_LIMIT = 100_000;

export class Vocabulary {
  private readonly identifiers = new Map<string, SplitIdentifier>();
  private readonly words = new Map<string, Word>();

  constructor(private readonly options: FeatureOptions) {}

  /**
   * Forgets everything once full; called between texts, never within one, since a clear renumbers
   * the slots. Cleared rather than evicted one by one: results never depend on what is cached.
   */
  trim(): void {
    if (this.identifiers.size >= CACHE_LIMIT || this.words.size >= CACHE_LIMIT) {
      this.identifiers.clear();
      this.words.clear();
    }
  }

  identifier(identifier: string): SplitIdentifier {
    let split = this.identifiers.get(identifier);
    if (!split) {
      split = this.split(identifier);
      this.identifiers.set(identifier, split);
    }
    return split;
  }

  private split(identifier: string): SplitIdentifier {
    const words: Word[] = [];
    const weights: number[] = [];
    const parts = splitIdentifier(identifier);
    for (const part of parts) {
      const weight = priorWeight(part);
      if (weight <= 0) continue;
      words.push(this.word(part));
      weights.push(weight);
    }
    if (parts.length > 1 && this.options.wholeIdentifier > 0) {
      // Joined with `_`, which no single word contains, so the whole never meets one of its parts.
      words.push(this.word(parts.join('_')));
      weights.push(this.options.wholeIdentifier);
    }
    return { words, weights };
  }

  private word(text: string): Word {
    let word = this.words.get(text);
    if (!word) {
      word = { text, features: this.features(text), slot: this.words.size };
      this.words.set(text, word);
    }
    return word;
  }

  /** The word's stem, and its character n-grams with `<` `>` marking where it starts and ends. */
  private features(word: string): SparseFeatures {
    const { dimensions, minGram, maxGram, gramShare } = this.options;
    const list = new FeatureList(dimensions);
    if (word.includes('_')) {
      list.add('i ' + word, 1);
      return list.toSparse();
    }
    const marked = '<' + word + '>';
    const grams = gramShare > 0 && word.length >= minGram ? gramCount(marked.length, minGram, maxGram) : 0;
    list.add('w ' + stemWord(word), grams > 0 ? Math.sqrt(1 - gramShare) : 1);
    const gramWeight = Math.sqrt(gramShare / grams);
    for (let n = minGram; grams > 0 && n <= maxGram; n++) {
      for (let i = 0; i + n <= marked.length; i++) list.add(marked, gramWeight, i, i + n);
    }
    return list.toSparse();
  }
}

/** How many n-grams of the given lengths a text of `length` code units has. */
function gramCount(length: number, minGram: number, maxGram: number): number {
  let count = 0;
  for (let n = minGram; n <= maxGram; n++) count += Math.max(0, length - n + 1);
  return count;
}
