// Feature hashing for the builtin embedder: each word becomes a few signed entries of a fixed-size
// vector (its stem, and its character n-grams so "iterable" still meets "iter" and "iterate"), and a
// text's vector is the weighted sum of its words' entries, scaled to unit length.
import { stemWord } from './builtin-stem.js';

export interface HashingOptions {
  dimensions: number;
  /** Shortest and longest character n-gram of a word, counting the `<` `>` word boundary marks. */
  minGram: number;
  maxGram: number;
  /** Share of a word's weight carried by its n-grams; the rest goes to its stem as a whole. */
  gramShare: number;
}

export const DEFAULT_HASHING: Omit<HashingOptions, 'dimensions'> = { minGram: 3, maxGram: 5, gramShare: 0.5 };

/** A word's entries: parallel arrays of vector index and signed value, the whole with unit length. */
interface WordFeatures {
  index: Uint32Array;
  value: Float32Array;
}

const CACHE_LIMIT = 100_000;

export class HashingVectorizer {
  private readonly cache = new Map<string, WordFeatures>();

  constructor(private readonly options: HashingOptions) {}

  /** The unit-length vector of weighted words; all zeros when no word has weight. */
  vectorize(terms: Map<string, number>): Float32Array {
    const vector = new Float32Array(this.options.dimensions);
    for (const [word, weight] of terms) {
      const features = this.featuresOf(word);
      for (let i = 0; i < features.index.length; i++) vector[features.index[i]] += weight * features.value[i];
    }
    if (!normalize(vector)) {
      // Nothing to say (empty text, only stop words): one fixed entry keeps the vector unit-length,
      // so such texts sit together and far from everything else instead of being NaN to cosine.
      vector[hash32('<empty>') % this.options.dimensions] = 1;
    }
    return vector;
  }

  private featuresOf(word: string): WordFeatures {
    let features = this.cache.get(word);
    if (!features) {
      // Cleared rather than evicted one by one: results never depend on what is cached.
      if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
      features = this.computeFeatures(word);
      this.cache.set(word, features);
    }
    return features;
  }

  private computeFeatures(word: string): WordFeatures {
    const { dimensions, minGram, maxGram, gramShare } = this.options;
    const grams = word.includes('_') ? [] : charGrams(word, minGram, maxGram);
    const stemShare = grams.length > 0 ? Math.sqrt(1 - gramShare) : 1;
    const gramWeight = grams.length > 0 ? Math.sqrt(gramShare / grams.length) : 0;
    const index = new Uint32Array(grams.length + 1);
    const value = new Float32Array(grams.length + 1);
    const stemHash = hash32('w ' + stemWord(word));
    index[0] = stemHash % dimensions;
    value[0] = stemHash & 0x80000000 ? -stemShare : stemShare;
    for (let i = 0; i < grams.length; i++) {
      const h = hash32(grams[i]);
      index[i + 1] = h % dimensions;
      value[i + 1] = h & 0x80000000 ? -gramWeight : gramWeight;
    }
    return { index, value };
  }
}

/** The distinct character n-grams of `<word>`; a word shorter than the shortest n-gram has none. */
export function charGrams(word: string, minGram: number, maxGram: number): string[] {
  const marked = '<' + word + '>';
  if (word.length < minGram) return [];
  const grams = new Set<string>();
  for (let n = minGram; n <= maxGram; n++) {
    for (let i = 0; i + n <= marked.length; i++) grams.add(marked.slice(i, i + n));
  }
  return [...grams];
}

/** FNV-1a over UTF-16 code units, then the murmur3 finalizer so every output bit depends on every input. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Scales to unit length in place; false when the vector is all zeros and cannot be. */
function normalize(vector: Float32Array): boolean {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i] * vector[i];
  if (!(sum > 1e-12)) {
    vector.fill(0);
    return false;
  }
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return true;
}
