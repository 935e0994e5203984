// Reciprocal Rank Fusion: several ranked lists of chunks become one. A chunk scores the sum over the
// lists it is in of weight / (k + rank), so agreement between signals beats a high place in one.

export type Signal = 'text' | 'vector' | 'symbol';

export interface RankedChunk {
  chunkId: number;
  /** The signal's own score, kept for display; the fusion uses only the rank. */
  score: number;
}

export interface FusedChunk {
  chunkId: number;
  rrf: number;
  scores: Record<Signal, number | null>;
}

export interface FusionParameters {
  k: number;
  weights: Record<Signal, number>;
}

/** RRF constant and per-signal weights; see docs/embeddings.md for how they were measured. */
export const FUSION: FusionParameters = { k: 10, weights: { text: 1, vector: 1, symbol: 1 } };

/**
 * The best `limit` chunks of `lists`. Chunks `keep` rejects take no rank (a filter does not push the
 * chunks after them down); a chunk listed twice by one signal counts once, at its first place. Each
 * chunk's sum is then multiplied by its `prior` (what kind of file it is in, definition-rank.ts). Ties
 * keep the order the chunks were first met in.
 */
export function fuseRanks(
  lists: ReadonlyArray<readonly [Signal, readonly RankedChunk[]]>,
  limit: number,
  keep: (chunkId: number) => boolean = () => true,
  fusion: FusionParameters = FUSION,
  prior?: (chunkId: number) => number,
): FusedChunk[] {
  const fused = new Map<number, FusedChunk>();
  for (const [signal, list] of lists) {
    let rank = 0;
    for (const m of list) {
      if (!keep(m.chunkId)) continue;
      rank++;
      const entry = fused.get(m.chunkId) ?? { chunkId: m.chunkId, rrf: 0, scores: { text: null, vector: null, symbol: null } };
      if (entry.scores[signal] !== null) continue;
      entry.scores[signal] = m.score;
      entry.rrf += fusion.weights[signal] / (fusion.k + rank);
      fused.set(m.chunkId, entry);
    }
  }
  const entries = [...fused.values()];
  if (prior) for (const e of entries) e.rrf *= prior(e.chunkId);
  return entries.sort((a, b) => b.rrf - a.rrf).slice(0, limit);
}
