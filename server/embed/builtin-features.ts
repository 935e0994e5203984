// What one word contributes to a builtin embedding: its stem, and its character n-grams so "iterable"
// still meets "iter" and "iterate". Computed once per distinct word and kept, since code repeats them.
import { FeatureSum, charGrams, type SparseFeatures } from './builtin-hash.js';
import { stemWord } from './builtin-stem.js';

export interface FeatureOptions {
  dimensions: number;
  /** Shortest and longest character n-gram of a word, counting the `<` `>` word boundary marks. */
  minGram: number;
  maxGram: number;
  /** Share of a word's weight carried by its n-grams; the rest goes to its stem. */
  gramShare: number;
}

export const DEFAULT_FEATURES: Omit<FeatureOptions, 'dimensions'> = { minGram: 3, maxGram: 5, gramShare: 0.5 };

const CACHE_LIMIT = 100_000;

export class WordFeatures {
  private readonly cache = new Map<string, SparseFeatures>();

  constructor(private readonly options: FeatureOptions) {}

  /** Unit-norm features of a word (before collisions); a whole identifier (`parse_config`) is one feature. */
  of(word: string): SparseFeatures {
    let features = this.cache.get(word);
    if (!features) {
      // Cleared rather than evicted one by one: results never depend on what is cached.
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      features = this.compute(word);
      this.cache.set(word, features);
    }
    return features;
  }

  private compute(word: string): SparseFeatures {
    const { dimensions, minGram, maxGram, gramShare } = this.options;
    const sum = new FeatureSum(dimensions);
    if (word.includes('_')) {
      sum.add('i ' + word, 1);
      return sum.toSparse();
    }
    const grams = gramShare > 0 ? charGrams(word, minGram, maxGram) : [];
    sum.add('w ' + stemWord(word), grams.length > 0 ? Math.sqrt(1 - gramShare) : 1);
    const gramWeight = Math.sqrt(gramShare / grams.length);
    for (const gram of grams) sum.add(gram, gramWeight);
    return sum.toSparse();
  }
}
