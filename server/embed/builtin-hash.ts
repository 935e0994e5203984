// Feature hashing for the builtin embedder: a feature (a word's stem, one of its character n-grams)
// lands on one entry of a fixed-size vector with a sign, both drawn from a hash of its text, so no
// vocabulary is stored and unrelated features that collide cancel out on average.

/** Parallel arrays of vector index and signed value. */
export interface SparseFeatures {
  index: Uint32Array;
  value: Float32Array;
}

/** Sums signed, hashed features into sparse form, merging those that land on the same entry. */
export class FeatureSum {
  private readonly entries = new Map<number, number>();

  constructor(private readonly dimensions: number) {}

  add(feature: string, weight: number): void {
    const h = hash32(feature);
    const at = h % this.dimensions;
    const signed = h & 0x80000000 ? -weight : weight;
    this.entries.set(at, (this.entries.get(at) ?? 0) + signed);
  }

  toSparse(): SparseFeatures {
    const index = new Uint32Array(this.entries.size);
    const value = new Float32Array(this.entries.size);
    let i = 0;
    for (const [at, v] of this.entries) {
      index[i] = at;
      value[i++] = v;
    }
    return { index, value };
  }
}

/** The distinct character n-grams of `<word>`; a word shorter than the shortest n-gram has none. */
export function charGrams(word: string, minGram: number, maxGram: number): string[] {
  if (word.length < minGram) return [];
  const marked = '<' + word + '>';
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
export function normalize(vector: Float32Array): boolean {
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
