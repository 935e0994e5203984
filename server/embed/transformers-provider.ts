// Embeddings from a local sentence-embedding model run by @huggingface/transformers (ONNX Runtime on
// the CPU): a hub model id, downloaded once into the user's cache, or a folder laid out like a model
// repository. The library is imported on first use, so a command that never embeds this way never
// loads it.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { IndexError } from '../common/errors.js';
import { userCacheDir } from '../config/user-dirs.js';
import { normalize } from './builtin-hash.js';
import type { EmbeddingProvider, EmbedPurpose } from './provider.js';

/** Small (23 MB, 384 dimensions), fast on a CPU, and trained for sentence similarity. */
export const DEFAULT_TRANSFORMERS_MODEL = 'Xenova/all-MiniLM-L6-v2';

export interface TransformersOptions {
  /** A hub model id (`Xenova/all-MiniLM-L6-v2`) or a folder holding config.json, tokenizer.json and onnx/. */
  model: string;
  /** Where downloaded models are kept; `defaultModelCacheDir()` when absent. */
  cacheDir?: string;
  /** The hub to download from, for a mirror; huggingface.co when absent. */
  hubUrl?: string;
  /** Texts run through the model at once: padding makes a batch as long as its longest text. */
  batchSize?: number;
  /** Which weights of the model to load (`fp32`, `q8`, ...); the library's default when absent. */
  dtype?: string;
}

const DEFAULT_BATCH_SIZE = 8;
const PROBE_TEXT = 'code-index';
const LIBRARY = '@huggingface/transformers';

// The part of the library this file uses, typed here so the build does not need its declarations.
interface EmbeddingTensor {
  dims: number[];
  data: ArrayLike<number>;
}
interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<EmbeddingTensor>;
  dispose(): Promise<void>;
}
interface TransformersLibrary {
  env: { allowRemoteModels: boolean; allowLocalModels: boolean; cacheDir: string | null; remoteHost: string };
  pipeline(task: 'feature-extraction', model: string, options: Record<string, unknown>): Promise<FeatureExtractor>;
}

/** `$XDG_CACHE_HOME/code-index/models`, or `~/.cache/code-index/models`. */
export function defaultModelCacheDir(): string {
  return join(userCacheDir(), 'models');
}

export class TransformersEmbeddingProvider implements EmbeddingProvider {
  readonly id: string;

  private constructor(
    private readonly extractor: FeatureExtractor,
    readonly dimensions: number,
    modelRef: string,
    dtype: string | undefined,
    private readonly batchSize: number,
  ) {
    this.id = `transformers:${modelRef}${dtype ? `:${dtype}` : ''}`;
  }

  /** Loads the model (downloading it first when it is a hub id not yet cached) and learns its dimensions. */
  static async load(options: TransformersOptions): Promise<TransformersEmbeddingProvider> {
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new IndexError('BAD_CONFIG', `transformers embedding provider: batchSize must be a positive whole number, got ${batchSize}.`);
    }
    const located = locateModel(options.model);
    const library = await importLibrary();
    const { env } = library;
    // The library's settings are global: set them for this load, just before it.
    env.allowLocalModels = true;
    env.allowRemoteModels = !located.folder;
    env.cacheDir = options.cacheDir ?? defaultModelCacheDir();
    env.remoteHost = options.hubUrl ? options.hubUrl.replace(/\/*$/, '/') : library.defaultHub;
    let extractor: FeatureExtractor | undefined;
    let dimensions: number;
    try {
      extractor = await library.pipeline('feature-extraction', located.ref, {
        dtype: options.dtype,
        local_files_only: located.folder,
        device: 'cpu',
      });
      dimensions = await probeDimensions(extractor);
    } catch (err) {
      await extractor?.dispose().catch(() => undefined);
      throw loadError(options.model, located.folder, err);
    }
    return new TransformersEmbeddingProvider(extractor, dimensions, located.ref, options.dtype, batchSize);
  }

  /**
   * The model runs on this thread (ONNX Runtime's run() blocks it), one small batch at a time with a
   * turn of the event loop before each: an abort is seen between batches, within one batch's time.
   */
  async embed(texts: string[], _purpose?: EmbedPurpose, signal?: AbortSignal): Promise<Float32Array[]> {
    const vectors: Float32Array[] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      signal?.throwIfAborted();
      const batch = texts.slice(start, start + this.batchSize);
      const output = await this.extractor(batch, { pooling: 'mean', normalize: true });
      const [rows, width] = output.dims;
      if (rows !== batch.length || width !== this.dimensions) {
        throw new IndexError(
          'INTERNAL',
          `The embedding model ${this.id} returned shape [${output.dims.join(', ')}] for ${batch.length} texts of ${this.dimensions} dimensions.`,
        );
      }
      const data = output.data instanceof Float32Array ? output.data : Float32Array.from(output.data);
      for (let row = 0; row < rows; row++) {
        const vector = data.slice(row * width, (row + 1) * width);
        normalize(vector); // already unit length from the pipeline; again after a half-precision model's rounding
        vectors.push(vector);
      }
    }
    return vectors;
  }

  async close(): Promise<void> {
    await this.extractor.dispose();
  }
}

/** The width of one text's vector, which also proves the model runs end to end. */
async function probeDimensions(extractor: FeatureExtractor): Promise<number> {
  const probe = await extractor([PROBE_TEXT], { pooling: 'mean', normalize: true });
  const dimensions = probe.dims.length === 2 ? probe.dims[1] : 0;
  if (!(dimensions > 0)) {
    throw new Error(`its output has shape [${probe.dims.join(', ')}], not [texts, dimensions]; is it a sentence-embedding model?`);
  }
  return dimensions;
}

/** A folder (absolute path, passed to the library as is) or a hub id; a path-like name that is not a folder is an error. */
function locateModel(model: string): { ref: string; folder: boolean } {
  const name = model.trim();
  if (!name) throw new IndexError('BAD_CONFIG', 'The transformers embedding provider needs a model: a hub id or a model folder.');
  const path = resolve(name.startsWith('~/') ? join(homedir(), name.slice(2)) : name);
  if (existsSync(path)) {
    if (!statSync(path).isDirectory()) {
      throw new IndexError(
        'BAD_CONFIG',
        `The embedding model ${path} is a file; give the folder that holds config.json, tokenizer.json and onnx/model.onnx.`,
      );
    }
    checkModelFolder(path);
    return { ref: path, folder: true };
  }
  const looksLikePath = /^(\/|~|\.|[A-Za-z]:[\\/])/.test(name) || name.includes('\\') || name.split('/').length > 2;
  if (looksLikePath) throw new IndexError('BAD_CONFIG', `The embedding model folder ${path} does not exist.`);
  return { ref: name, folder: false };
}

const MODEL_JSON_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

/** Every file the library needs is there, and its JSON parses: the library's own errors name no file. */
function checkModelFolder(path: string): void {
  const missing = MODEL_JSON_FILES.filter((f) => !existsSync(join(path, f)));
  const onnx = join(path, 'onnx');
  if (!existsSync(onnx) || !readdirSync(onnx).some((f) => f.endsWith('.onnx'))) missing.push('onnx/model.onnx');
  if (missing.length > 0) {
    throw new IndexError(
      'BAD_CONFIG',
      `The embedding model folder ${path} lacks ${missing.join(', ')}: it should be laid out like a transformers.js model repository.`,
    );
  }
  for (const file of MODEL_JSON_FILES) {
    try {
      JSON.parse(readFileSync(join(path, file), 'utf8'));
    } catch (err) {
      throw new IndexError(
        'BAD_CONFIG',
        `The embedding model file ${join(path, file)} is not valid JSON (${(err as Error).message}).`,
        err,
      );
    }
  }
}

let imported: (TransformersLibrary & { defaultHub: string }) | undefined;

async function importLibrary(): Promise<TransformersLibrary & { defaultHub: string }> {
  try {
    // A variable specifier: typed by the interface above, and resolved at run time from node_modules.
    // The package's CommonJS build: an import() would need a module loader that the CLI bundle, loaded
    // through V8's code cache (cli/compile-cache.ts), does not have on Node 20.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const library = require(LIBRARY) as TransformersLibrary;
    // Kept from before any load changed it, for a later load without a mirror in a long-lived server.
    imported ??= { env: library.env, pipeline: library.pipeline, defaultHub: library.env.remoteHost };
    return imported;
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new IndexError(
        'BAD_CONFIG',
        `The transformers embedding provider needs the ${LIBRARY} package, which is not installed beside code-index.`,
        err,
      );
    }
    throw new IndexError('BAD_CONFIG', `The transformers embedding provider could not load ${LIBRARY} (${(err as Error).message}).`, err);
  }
}

function loadError(model: string, folder: boolean, err: unknown): IndexError {
  const reason = (err as Error)?.message ?? String(err);
  const network = (err as { cause?: { code?: unknown } })?.cause?.code;
  if (!folder && (network || /fetch failed/i.test(reason))) {
    return new IndexError(
      'BAD_CONFIG',
      `Cannot download the embedding model "${model}" (${typeof network === 'string' ? network : reason}). ` +
        `The first use needs network access to the model hub; or set the model to a local folder holding config.json, tokenizer.json and onnx/model.onnx.`,
      err,
    );
  }
  const said = reason.replace(/`/g, '').trim();
  return new IndexError('BAD_CONFIG', `Cannot load the embedding model "${model}": ${said}${/[.!?]$/.test(said) ? '' : '.'}`, err);
}
