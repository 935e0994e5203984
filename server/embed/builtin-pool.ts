// The default builtin provider on worker threads for the embed job, when CODE_INDEX_EMBED_THREADS asks
// for more than one: the model is most of an embed's time once claims and writes are cheap, and it
// needs nothing but the text, so each batch is split across the threads, which also sketch it, while
// the caller stores the last one. Off by default: on the shared 2-core machine it was measured on it
// did not beat one thread and each thread kept ~150 MB (docs/embeddings.md, "Embedding throughput").
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Piscina } from 'piscina';
import { loadPiscina } from '../common/piscina.js';
import { IndexError } from '../common/errors.js';
import { BUILTIN_DIMENSIONS, BuiltinEmbeddingProvider } from './builtin.js';
import type { EmbeddedSlice, EmbedSlice } from './embed-worker.js';
import type { EmbeddingProvider, EmbedPurpose } from './provider.js';

/** A provider that sketches its vectors where it makes them (storage/sketch.ts), off the caller's thread. */
export interface SketchingProvider extends EmbeddingProvider {
  embedAndSketch(texts: string[], purpose: EmbedPurpose): Promise<{ vectors: Float32Array[]; sketches: Uint8Array[] }>;
}

export function isSketching(provider: EmbeddingProvider): provider is SketchingProvider {
  return typeof (provider as Partial<SketchingProvider>).embedAndSketch === 'function';
}

/** Below this many texts a slice costs more to send than it saves. */
const MIN_SLICE = 32;

export class BuiltinPool implements SketchingProvider {
  readonly id: string;
  readonly dimensions: number;
  private readonly pool: Piscina;

  constructor(
    private readonly threads: number,
    builtin = new BuiltinEmbeddingProvider(),
  ) {
    this.id = builtin.id;
    this.dimensions = builtin.dimensions;
    this.pool = new (loadPiscina())({
      filename: join(__dirname, 'embed-worker.js'),
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 5000,
    });
  }

  async embed(texts: string[], purpose: EmbedPurpose): Promise<Float32Array[]> {
    return (await this.embedAndSketch(texts, purpose)).vectors;
  }

  async embedAndSketch(texts: string[], purpose: EmbedPurpose): Promise<{ vectors: Float32Array[]; sketches: Uint8Array[] }> {
    const size = Math.max(MIN_SLICE, Math.ceil(texts.length / this.threads));
    const slices: EmbedSlice[] = [];
    for (let i = 0; i < texts.length; i += size) slices.push({ texts: texts.slice(i, i + size), purpose });
    const done = (await Promise.all(slices.map((slice) => this.pool.run(slice)))) as EmbeddedSlice[];
    const vectors: Float32Array[] = [];
    const sketches: Uint8Array[] = [];
    for (const [s, slice] of done.entries()) {
      const count = slices[s].texts.length;
      const sketchBytes = count > 0 ? slice.sketches.length / count : 0;
      for (let i = 0; i < count; i++) {
        vectors.push(slice.vectors.subarray(i * this.dimensions, (i + 1) * this.dimensions));
        sketches.push(slice.sketches.subarray(i * sketchBytes, (i + 1) * sketchBytes));
      }
    }
    return { vectors, sketches };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** How many embed threads (default 1: inline, on the caller's thread). */
export const EMBED_THREADS_ENV = 'CODE_INDEX_EMBED_THREADS';

function embedThreads(): number {
  const value = process.env[EMBED_THREADS_ENV];
  if (value === undefined || value === '') return 1;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > availableParallelism()) {
    throw new IndexError(
      'BAD_CONFIG',
      `${EMBED_THREADS_ENV} must be a whole number of threads from 1 to ${availableParallelism()} (the cores here), not ${JSON.stringify(value)}.`,
    );
  }
  return threads;
}

/**
 * The provider to embed a workspace with: the default builtin on `threads` worker threads when more
 * than one, any other provider as it is (a remote or ONNX model does its own threading). A tuned
 * builtin stays inline: the threads make the default one.
 */
export function forEmbedding(provider: EmbeddingProvider, threads = embedThreads()): EmbeddingProvider {
  const isDefaultBuiltin =
    provider instanceof BuiltinEmbeddingProvider &&
    provider.id === new BuiltinEmbeddingProvider().id &&
    provider.dimensions === BUILTIN_DIMENSIONS;
  return isDefaultBuiltin && threads > 1 ? new BuiltinPool(threads) : provider;
}
