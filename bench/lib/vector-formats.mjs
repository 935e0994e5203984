// Ways of storing a full vector for the rescoring pass, and the recall of the exact top 10 each one
// gives when the candidates come from the sketch's nearest: what bench/embed-speed.mjs compares.

/** Rounds to the nearest float16 value (10-bit mantissa; subnormals below 2^-14). */
function toHalf(x) {
  if (x === 0) return 0;
  const e = Math.max(-14, Math.floor(Math.log2(Math.abs(x))));
  const quantum = 2 ** (e - 10);
  return Math.round(x / quantum) * quantum;
}

/** name -> { bytes per vector for d dimensions, decode(vector) -> what rescoring sees }. */
export const FORMATS = {
  float32: { bytes: (d) => 4 * d, decode: (v) => v },
  float16: { bytes: (d) => 2 * d, decode: (v) => v.map(toHalf) },
  // Scaled by the vector's largest entry; cosine ignores the scale, so it need not be stored.
  'int8, own scale': {
    bytes: (d) => d,
    decode: (v) => {
      let max = 0;
      for (const x of v) max = Math.max(max, Math.abs(x));
      return v.map((x) => (max ? Math.round((x / max) * 127) : 0));
    },
  },
  // sqlite-vec's vec_quantize_int8(v, 'unit'): one fixed scale for entries in [-1, 1].
  'int8, unit scale': { bytes: (d) => d, decode: (v) => v.map((x) => Math.max(-128, Math.min(127, Math.round(x * 127.5 - 0.5)))) },
};

export function cosine(a, b) {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function popcount8(x) {
  x -= (x >> 1) & 0x55;
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return (x + (x >> 4)) & 0x0f;
}
const POP = Uint8Array.from({ length: 256 }, (_, i) => popcount8(i));

function hamming(a, b) {
  let n = 0;
  for (let i = 0; i < a.length; i++) n += POP[a[i] ^ b[i]];
  return n;
}

/** Indexes of the `k` largest of `score(i)` over n items, best first. */
export function topK(n, k, score) {
  const scored = [];
  for (let i = 0; i < n; i++) scored.push([i, score(i)]);
  scored.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  return scored.slice(0, k).map((s) => s[0]);
}

/**
 * Recall of the exact float32 top 10 (mean over queries, percent), for each format and candidate
 * count: the `candidates` nearest sketches rescored with the format's decoded vectors. 'sketch
 * only' ranks by Hamming distance alone (no full vector kept).
 */
export function recallTable({ docs, sketches, queries, querySketches, candidateCounts, gold = null }) {
  const truth = queries.map((q) => new Set(topK(docs.length, 10, (i) => cosine(q, docs[i]))));
  const decoded = Object.fromEntries(Object.entries(FORMATS).map(([name, f]) => [name, docs.map((v) => f.decode(v))]));
  const maxC = Math.max(...candidateCounts);
  const nearest = querySketches.map((qs) => topK(sketches.length, maxC, (i) => -hamming(qs, sketches[i])));
  const rows = [];
  // With one relevant document per query (CoSQA): NDCG@10 of the ranking each format gives.
  const ndcg = (pick) =>
    gold
      ? (100 *
          queries.reduce((s, q, qi) => {
            const r = pick(qi).indexOf(gold[qi]);
            return s + (r < 0 ? 0 : 1 / Math.log2(r + 2));
          }, 0)) /
        queries.length
      : null;
  const recall = (pick) =>
    (100 * queries.reduce((s, q, qi) => s + pick(qi).filter((i) => truth[qi].has(i)).length, 0)) / (10 * queries.length);
  const bySketch = (qi) => nearest[qi].slice(0, 10);
  rows.push({ format: 'sketch only (Hamming order)', candidates: 10, recall: recall(bySketch), ndcg: ndcg(bySketch) });
  rows.push({
    format: 'exact float32 (brute force)',
    candidates: docs.length,
    recall: 100,
    ndcg: ndcg((qi) => topK(docs.length, 10, (i) => cosine(queries[qi], docs[i]))),
  });
  for (const [name, vectors] of Object.entries(decoded)) {
    for (const c of candidateCounts) {
      const pick = (qi) => topK(c, 10, (j) => cosine(queries[qi], vectors[nearest[qi][j]])).map((j) => nearest[qi][j]);
      rows.push({ format: name, candidates: c, recall: recall(pick), ndcg: ndcg(pick) });
    }
  }
  return rows;
}
