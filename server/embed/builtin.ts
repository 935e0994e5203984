// The default embedding provider: a feature-hashing embedder written for code. Offline, nothing to
// download, deterministic, thousands of chunks a second on one core. It matches words and word
// pieces, not meanings: see docs/embeddings.md for what that buys and what it does not.
import { createHash } from 'node:crypto';
import type { EmbeddingProvider, EmbedPurpose } from './provider.js';
import { DEFAULT_FEATURES, Vocabulary, type FeatureOptions } from './builtin-features.js';
import { hash32, normalize } from './builtin-hash.js';
import { DEFAULT_BOOSTS, TermWeigher, type FieldBoosts } from './builtin-terms.js';

/** Bumped whenever the features change, so indexes built by an older builtin are re-embedded. */
const BUILTIN_VERSION = 1;
export const BUILTIN_DIMENSIONS = 512;
/** Longer texts are embedded by their beginning, as neural models truncate to their context. */
export const BUILTIN_MAX_CHARS = 64 * 1024;

/** Knobs for measuring alternatives (bench/cosqa-vector.mjs); the product uses the defaults. */
export interface BuiltinTuning {
  boosts?: FieldBoosts;
  features?: Partial<Omit<FeatureOptions, 'dimensions'>>;
}

export interface BuiltinOptions {
  dimensions?: number;
  tuning?: BuiltinTuning;
}

export class BuiltinEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimensions: number;
  private readonly terms: TermWeigher;

  constructor(options: BuiltinOptions = {}) {
    const dimensions = options.dimensions ?? BUILTIN_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 16 || dimensions > 4096) {
      throw new RangeError(`builtin embedder: dimensions must be an integer from 16 to 4096, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    const vocabulary = new Vocabulary({ ...DEFAULT_FEATURES, ...options.tuning?.features, dimensions });
    this.terms = new TermWeigher(vocabulary, options.tuning?.boosts ?? DEFAULT_BOOSTS);
    this.id = builtinId(options.tuning);
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    return this.embedSync(texts, purpose);
  }

  /** The same as `embed`, for callers that are already off the main thread. */
  embedSync(texts: string[], purpose: EmbedPurpose): Float32Array[] {
    if (!Array.isArray(texts)) throw new TypeError('builtin embedder: texts must be an array of strings');
    if (purpose !== 'document' && purpose !== 'query') {
      throw new TypeError(`builtin embedder: purpose must be "document" or "query", got ${JSON.stringify(purpose)}`);
    }
    return texts.map((text, i) => {
      if (typeof text !== 'string') throw new TypeError(`builtin embedder: texts[${i}] is ${typeof text}, not a string`);
      return this.embedOne(text, purpose);
    });
  }

  private embedOne(text: string, purpose: EmbedPurpose): Float32Array {
    const clipped = text.length > BUILTIN_MAX_CHARS ? text.slice(0, BUILTIN_MAX_CHARS) : text;
    const { words, weights } = purpose === 'query' ? this.terms.query(clipped) : this.terms.document(clipped);
    const vector = new Float32Array(this.dimensions);
    for (let w = 0; w < words.length; w++) {
      const weight = weights[w];
      const { index, value } = words[w].features;
      for (let i = 0; i < index.length; i++) vector[index[i]] += weight * value[i];
    }
    if (!normalize(vector)) {
      // Nothing to say (empty text, only stop words): one fixed entry keeps the vector unit-length,
      // so such texts sit together and apart from everything else instead of being NaN to cosine.
      vector[hash32('<empty>') % this.dimensions] = 1;
    }
    return vector;
  }
}

/** `builtin-v1`, or with a digest of the tuning when it departs from the defaults. */
function builtinId(tuning: BuiltinTuning | undefined): string {
  const base = `builtin-v${BUILTIN_VERSION}`;
  if (!tuning || (!tuning.boosts && !tuning.features)) return base;
  return `${base}-${createHash('sha1').update(JSON.stringify(tuning)).digest('hex').slice(0, 8)}`;
}
