// The default embedding provider: a feature-hashing embedder written for code. Offline, nothing to
// download, deterministic, thousands of chunks a second on one core. It matches words and word
// pieces, not meanings: see docs/embeddings.md for what that buys and what it does not.
import { createHash } from 'node:crypto';
import type { EmbeddingProvider, EmbedPurpose } from './provider.js';
import { DEFAULT_FEATURES, WordFeatures, type FeatureOptions } from './builtin-features.js';
import { hash32, normalize } from './builtin-hash.js';
import { DEFAULT_TERMS, TermWeigher, type TermOptions } from './builtin-terms.js';

/** Bumped whenever the features change, so indexes built by an older builtin are re-embedded. */
const BUILTIN_VERSION = 1;
export const BUILTIN_DIMENSIONS = 512;
/** Longer texts are embedded by their beginning, as neural models truncate to their context. */
export const BUILTIN_MAX_CHARS = 64 * 1024;

/** Knobs for measuring alternatives (bench/cosqa-vector.mjs); the product uses the defaults. */
export interface BuiltinTuning {
  terms?: Partial<TermOptions>;
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
  private readonly features: WordFeatures;

  constructor(options: BuiltinOptions = {}) {
    const dimensions = options.dimensions ?? BUILTIN_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 16 || dimensions > 4096) {
      throw new RangeError(`builtin embedder: dimensions must be an integer from 16 to 4096, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.terms = new TermWeigher({ ...DEFAULT_TERMS, ...options.tuning?.terms });
    this.features = new WordFeatures({ ...DEFAULT_FEATURES, ...options.tuning?.features, dimensions });
    this.id = builtinId(options.tuning);
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    return this.embedSync(texts, purpose);
  }

  /** The same as `embed`, for callers that are already off the main thread. */
  embedSync(texts: string[], purpose: EmbedPurpose): Float32Array[] {
    return texts.map((text) => this.embedOne(text, purpose));
  }

  private embedOne(text: string, purpose: EmbedPurpose): Float32Array {
    const clipped = text.length > BUILTIN_MAX_CHARS ? text.slice(0, BUILTIN_MAX_CHARS) : text;
    const weights = purpose === 'query' ? this.terms.query(clipped) : this.terms.document(clipped);
    const vector = new Float32Array(this.dimensions);
    for (const [word, weight] of weights) {
      const { index, value } = this.features.of(word);
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
  if (!tuning || (!tuning.terms && !tuning.features)) return base;
  return `${base}-${createHash('sha1').update(JSON.stringify(tuning)).digest('hex').slice(0, 8)}`;
}
