// Feature hashing for the builtin embedder: a feature (a word's stem, one of its character n-grams)
// lands on one entry of a fixed-size vector with a sign, both drawn from a hash of its text, so no
// vocabulary is stored and unrelated features that collide cancel out on average.

/** Parallel arrays of vector index and signed value; an index may repeat, values then add up. */
export interface SparseFeatures {
  index: Uint32Array;
  value: Float32Array;
}

/** Collects signed, hashed features. */
export class FeatureList {
  private readonly index: number[] = [];
  private readonly value: number[] = [];

  constructor(private readonly dimensions: number) {}

  /** The feature spelled by `text`, or by its `start`..`end` slice, which is hashed in place. */
  add(text: string, weight: number, start = 0, end = text.length): void {
    const h = hash32(text, start, end);
    this.index.push(h % this.dimensions);
    this.value.push(h & 0x80000000 ? -weight : weight);
  }

  toSparse(): SparseFeatures {
    return { index: Uint32Array.from(this.index), value: Float32Array.from(this.value) };
  }
}

/**
 * FNV-1a over the UTF-16 code units of `text` (or its `start`..`end` slice), then the murmur3
 * finalizer so that every output bit depends on every input bit.
 */
export function hash32(text: string, start = 0, end = text.length): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
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
