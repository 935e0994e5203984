// How a full vector is kept for the rescoring pass: int8, scaled by the vector's own largest entry.
// Cosine ignores scale, so the scale is not stored; 1 byte a dimension instead of 4, for 0.6 points
// of recall of the exact top 10 (docs/embeddings.md, "Vector storage", has the measurements).

const INT8_MAX = 127;

/** `vector` as int8 bytes, entry i = round(vector[i] / max|vector| * 127). */
export function encodeVector(vector: Float32Array): Uint8Array {
  let top = 0;
  for (let i = 0; i < vector.length; i++) top = Math.max(top, Math.abs(vector[i]));
  const out = new Int8Array(vector.length);
  if (top > 0) for (let i = 0; i < vector.length; i++) out[i] = Math.round((vector[i] / top) * INT8_MAX);
  return new Uint8Array(out.buffer);
}

/**
 * What a stored blob holds for `dimensions`: int8 (this schema), or float32 (a blob from an index of
 * schema 4 or older, such as a backup being carried over); null when it is neither.
 */
export function storedVector(blob: unknown, dimensions: number): Int8Array | Float32Array | null {
  if (!(blob instanceof Uint8Array)) return null;
  if (blob.byteLength === dimensions) return new Int8Array(blob.buffer, blob.byteOffset, blob.byteLength);
  if (blob.byteLength === dimensions * 4) {
    const vector = new Float32Array(dimensions);
    new Uint8Array(vector.buffer).set(blob);
    return vector;
  }
  return null;
}

/** Cosine distance (1 - cosine similarity) of a float query and a stored vector; 1 when either is zero. */
export function cosineDistance(query: Float32Array, stored: Int8Array | Float32Array): number {
  let dot = 0;
  let nq = 0;
  let ns = 0;
  for (let i = 0; i < query.length; i++) {
    const s = stored[i];
    dot += query[i] * s;
    nq += query[i] * query[i];
    ns += s * s;
  }
  return nq > 0 && ns > 0 ? 1 - dot / Math.sqrt(nq * ns) : 1;
}
