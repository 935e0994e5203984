// The builtin embedding provider and the provider interface in one module: the core bundle (tests)
// exports it, and the CoSQA vector bench bundles this file alone.
export type { EmbeddingProvider, EmbedPurpose } from './provider.js';
export { BuiltinEmbeddingProvider, BUILTIN_DIMENSIONS, BUILTIN_MAX_CHARS, type BuiltinOptions, type BuiltinTuning } from './builtin.js';
export { stemWord } from './builtin-stem.js';
