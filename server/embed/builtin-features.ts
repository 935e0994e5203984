// What one identifier contributes to a builtin embedding: each of its words (`parseConfigFile` ->
// parse, config, file) as its stem and its character n-grams, scaled by how telling the word is,
// plus the whole identifier. Computed once per distinct identifier and kept, since code repeats them.
import { splitIdentifier } from '../search/tokens.js';
import { FeatureSum, charGrams, type SparseFeatures } from './builtin-hash.js';
import { stemWord } from './builtin-stem.js';
import { priorWeight } from './builtin-stopwords.js';

export interface FeatureOptions {
  dimensions: number;
  /** Shortest and longest character n-gram of a word, counting the `<` `>` word boundary marks. */
  minGram: number;
  maxGram: number;
  /** Share of a word's weight carried by its n-grams; the rest goes to its stem. */
  gramShare: number;
  /** Weight of a whole multi-part identifier (`parse_config`) next to its parts. */
  wholeIdentifier: number;
}

export const DEFAULT_FEATURES: Omit<FeatureOptions, 'dimensions'> = {
  minGram: 3,
  maxGram: 5,
  gramShare: 0.5,
  wholeIdentifier: 0.5,
};

const CACHE_LIMIT = 100_000;
const NONE: SparseFeatures = { index: new Uint32Array(0), value: new Float32Array(0) };

export class IdentifierFeatures {
  private readonly cache = new Map<string, SparseFeatures>();

  constructor(private readonly options: FeatureOptions) {}

  of(identifier: string): SparseFeatures {
    let features = this.cache.get(identifier);
    if (!features) {
      // Cleared rather than evicted one by one: results never depend on what is cached.
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      features = this.compute(identifier);
      this.cache.set(identifier, features);
    }
    return features;
  }

  private compute(identifier: string): SparseFeatures {
    const parts = splitIdentifier(identifier);
    if (parts.length === 0) return NONE;
    const sum = new FeatureSum(this.options.dimensions);
    for (const part of parts) this.addWord(sum, part, priorWeight(part));
    // Namespaced apart from words, so `parse_config` the identifier is its own feature.
    if (parts.length > 1) sum.add('i ' + parts.join('_'), this.options.wholeIdentifier);
    return sum.toSparse();
  }

  /** A word's features, with unit norm before `weight` when nothing collides. */
  private addWord(sum: FeatureSum, word: string, weight: number): void {
    if (weight <= 0) return;
    const { minGram, maxGram, gramShare } = this.options;
    const grams = gramShare > 0 ? charGrams(word, minGram, maxGram) : [];
    if (grams.length === 0) {
      sum.add('w ' + stemWord(word), weight);
      return;
    }
    sum.add('w ' + stemWord(word), weight * Math.sqrt(1 - gramShare));
    const gramWeight = weight * Math.sqrt(gramShare / grams.length);
    for (const gram of grams) sum.add(gram, gramWeight);
  }
}
