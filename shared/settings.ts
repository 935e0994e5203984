// Settings both sides know: their keys, shapes and defaults. The extension declares them in
// package.json (contributes.configuration); the server and the CLI read them from here.

export type EmbeddingProviderName = 'builtin' | 'transformers' | 'openai';

export interface EmbeddingSettings {
  provider: EmbeddingProviderName;
  /** transformers: a model id or a local folder; openai: the model name sent to the endpoint. */
  model?: string;
  /** openai: base URL of an OpenAI-compatible API (`http://localhost:11434/v1`). Machine-scoped. */
  endpoint?: string;
}

export const DEFAULT_EMBEDDING: Readonly<EmbeddingSettings> = Object.freeze({ provider: 'builtin' });

export type SearchMode = 'auto' | 'hybrid' | 'text' | 'symbol' | 'semantic';
export const SEARCH_MODES: readonly SearchMode[] = ['auto', 'hybrid', 'text', 'symbol', 'semantic'];
/** What a search ranks: chunks (a definition, a block) or whole files by their chunks. */
export type SearchGroup = 'chunk' | 'file';
export const SEARCH_GROUPS: readonly SearchGroup[] = ['chunk', 'file'];

/** Environment variable holding the API key of an OpenAI-compatible endpoint (never stored in the index). */
export const OPENAI_KEY_ENV = 'CODE_INDEX_OPENAI_API_KEY';
