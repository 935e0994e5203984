// The default embedding provider: a feature-hashing embedder written for code. Offline, nothing to
// download, deterministic, thousands of chunks a second on one core. It matches words and word
// pieces, not meanings: see docs/embeddings.md for what that buys and what it does not.
import { createHash } from 'node:crypto';
import type { EmbeddingProvider, EmbedPurpose } from './provider.js';
import { DEFAULT_HASHING, HashingVectorizer, type HashingOptions } from './builtin-hash.js';
import { DEFAULT_TERM_WEIGHTS, TermExtractor, type TermWeightOptions } from './builtin-terms.js';

/** Bumped whenever the features change, so indexes built by an older builtin are re-embedded. */
const BUILTIN_VERSION = 1;
export const BUILTIN_DIMENSIONS = 512;
/** Longer texts are embedded by their beginning, as neural models truncate to their context. */
export const BUILTIN_MAX_CHARS = 64 * 1024;

/** Knobs for measuring alternatives (bench/cosqa-vector.mjs); the product uses the defaults. */
export interface BuiltinTuning {
  terms?: Partial<TermWeightOptions>;
  hashing?: Partial<Omit<HashingOptions, 'dimensions'>>;
}

export interface BuiltinOptions {
  dimensions?: number;
  tuning?: BuiltinTuning;
}

export class BuiltinEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;
  readonly dimensions: number;
  private readonly terms: TermExtractor;
  private readonly vectorizer: HashingVectorizer;

  constructor(options: BuiltinOptions = {}) {
    const dimensions = options.dimensions ?? BUILTIN_DIMENSIONS;
    if (!Number.isInteger(dimensions) || dimensions < 16 || dimensions > 4096) {
      throw new RangeError(`builtin embedder: dimensions must be an integer from 16 to 4096, got ${dimensions}`);
    }
    this.dimensions = dimensions;
    this.terms = new TermExtractor({ ...DEFAULT_TERM_WEIGHTS, ...options.tuning?.terms });
    this.vectorizer = new HashingVectorizer({ ...DEFAULT_HASHING, ...options.tuning?.hashing, dimensions });
    this.id = builtinId(options.tuning);
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    return this.embedSync(texts, purpose);
  }

  /** The same as `embed`, for callers that are already off the main thread. */
  embedSync(texts: string[], purpose: EmbedPurpose): Float32Array[] {
    return texts.map((text) => {
      const clipped = text.length > BUILTIN_MAX_CHARS ? text.slice(0, BUILTIN_MAX_CHARS) : text;
      const terms = purpose === 'query' ? this.terms.query(clipped) : this.terms.document(clipped);
      return this.vectorizer.vectorize(terms);
    });
  }
}

/** `builtin-v1`, or with a digest of the tuning when it departs from the defaults. */
function builtinId(tuning: BuiltinTuning | undefined): string {
  const base = `builtin-v${BUILTIN_VERSION}`;
  if (!tuning || (!tuning.terms && !tuning.hashing)) return base;
  return `${base}-${createHash('sha1').update(JSON.stringify(tuning)).digest('hex').slice(0, 8)}`;
}
