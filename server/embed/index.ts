// The embedding providers and how to make one: what the indexer, the search and the CLI import.
export type { EmbeddingProvider, EmbedPurpose } from './provider.js';
export {
  BuiltinEmbeddingProvider,
  BUILTIN_DIMENSIONS,
  BUILTIN_MAX_CHARS,
  type BuiltinOptions,
  type BuiltinTuning,
} from './builtin.js';
export { stemWord } from './builtin-stem.js';
