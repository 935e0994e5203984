// A vector's 512-bit sketch for the first pass of vector search: random-hyperplane LSH ("SimHash"),
// where bit b says on which side of a random hyperplane the vector lies, so the Hamming distance of
// two sketches estimates the angle between their vectors. The hyperplanes come from a structured
// random transform (random signs, then a Walsh-Hadamard transform, three times), which costs
// O(n log n) instead of a dense 512 x n projection: ~40 us a vector instead of ~230 us here.
// sqlite-vec scans the 64-byte sketches; the nearest hundred or so are then rescored with the full
// vectors (docs/embeddings.md has the measurements).

export const SKETCH_BITS = 512;

function randomSigns(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let state = seed;
  for (let i = 0; i < n; i++) {
    // xorshift32: deterministic in every process, which is all the sketch needs.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = state & 1 ? 1 : -1;
  }
  return out;
}

const ROUNDS = [randomSigns(SKETCH_BITS, 0x9e3779b9), randomSigns(SKETCH_BITS, 0x85ebca6b), randomSigns(SKETCH_BITS, 0xc2b2ae35)];
/** Signs for folding vectors longer than SKETCH_BITS, per dimension count. */
const foldSigns = new Map<number, Float64Array>();

function walshHadamard(a: Float64Array): void {
  for (let h = 1; h < a.length; h <<= 1) {
    for (let i = 0; i < a.length; i += h << 1) {
      for (let j = i; j < i + h; j++) {
        const x = a[j];
        const y = a[j + h];
        a[j] = x + y;
        a[j + h] = x - y;
      }
    }
  }
}

/** The sketch of `vector` as sqlite-vec's bit[512] blob (bit b is bit b % 8 of byte b / 8). */
export function sketchOf(vector: Float32Array): Uint8Array {
  const a = new Float64Array(SKETCH_BITS);
  if (vector.length <= SKETCH_BITS) {
    a.set(vector); // shorter vectors are padded with zeros
  } else {
    let signs = foldSigns.get(vector.length);
    if (!signs) foldSigns.set(vector.length, (signs = randomSigns(vector.length, 0x27d4eb2f)));
    for (let i = 0; i < vector.length; i++) a[i % SKETCH_BITS] += signs[i] * vector[i];
  }
  for (const signs of ROUNDS) {
    for (let i = 0; i < SKETCH_BITS; i++) a[i] *= signs[i];
    walshHadamard(a);
  }
  const out = new Uint8Array(SKETCH_BITS / 8);
  for (let b = 0; b < SKETCH_BITS; b++) if (a[b] > 0) out[b >> 3] |= 1 << (b & 7);
  return out;
}
