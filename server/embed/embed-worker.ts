// Entry of the embed worker threads (a piscina pool, builtin-pool.ts): embeds and sketches a slice of
// a batch with the default builtin provider, whose word caches live as long as the thread.
import { BuiltinEmbeddingProvider } from './builtin.js';
import { SKETCH_BITS, sketchOf } from '../storage/sketch.js';
import type { EmbedPurpose } from './provider.js';

const provider = new BuiltinEmbeddingProvider();

export interface EmbedSlice {
  texts: string[];
  purpose: EmbedPurpose;
}

/** The vectors end to end in one array and the sketches likewise: two buffers to copy back, not 2n. */
export interface EmbeddedSlice {
  vectors: Float32Array;
  sketches: Uint8Array;
}

export default function run({ texts, purpose }: EmbedSlice): EmbeddedSlice {
  const vectors = provider.embedSync(texts, purpose);
  const flat = new Float32Array(texts.length * provider.dimensions);
  const sketchBytes = SKETCH_BITS / 8;
  const sketches = new Uint8Array(texts.length * sketchBytes);
  vectors.forEach((v, i) => {
    flat.set(v, i * provider.dimensions);
    sketches.set(sketchOf(v), i * sketchBytes);
  });
  return { vectors: flat, sketches };
}
