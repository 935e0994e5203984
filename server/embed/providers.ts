// Makes the embedding provider the settings name. A provider that cannot start says why, and the
// caller falls back to builtin so the index keeps working.
import { OPENAI_KEY_ENV, type EmbeddingSettings } from '../../shared/settings.js';
import { BuiltinEmbeddingProvider } from './builtin.js';
import { OpenAIEmbeddingProvider } from './openai-provider.js';
import type { EmbeddingProvider } from './provider.js';
import { userSettingsPath } from './settings.js';
import { DEFAULT_TRANSFORMERS_MODEL, TransformersEmbeddingProvider } from './transformers-provider.js';
import { IndexError } from '../common/errors.js';

export { OpenAIEmbeddingProvider, OPENAI_DEFAULTS, retryAfterMs, type OpenAIOptions } from './openai-provider.js';
export {
  TransformersEmbeddingProvider,
  DEFAULT_TRANSFORMERS_MODEL,
  defaultModelCacheDir,
  type TransformersOptions,
} from './transformers-provider.js';

/** What does not belong in the settings: secrets, and where to keep downloads. */
export interface ProviderContext {
  /** openai: the API key; the editor passes one from its secret storage, the CLI reads OPENAI_KEY_ENV. */
  apiKey?: string;
  /** transformers: where downloaded models are kept. */
  modelCacheDir?: string;
}

export async function createProvider(settings: EmbeddingSettings, context: ProviderContext = {}): Promise<EmbeddingProvider> {
  switch (settings.provider) {
    case 'builtin':
      return new BuiltinEmbeddingProvider();
    case 'openai':
      return OpenAIEmbeddingProvider.connect({
        endpoint: required(
          settings.endpoint,
          'an endpoint, such as http://localhost:11434/v1',
          'endpoint',
          'CODE_INDEX_EMBEDDING_ENDPOINT',
          '--endpoint',
        ),
        model: required(settings.model, 'a model name, such as nomic-embed-text', 'model', 'CODE_INDEX_EMBEDDING_MODEL', '--model'),
        apiKey: context.apiKey ?? process.env[OPENAI_KEY_ENV],
      });
    case 'transformers':
      return TransformersEmbeddingProvider.load({
        model: settings.model ?? DEFAULT_TRANSFORMERS_MODEL,
        cacheDir: context.modelCacheDir,
        // The mirror variable of Hugging Face's own tools.
        hubUrl: process.env.HF_ENDPOINT || undefined,
      });
    default:
      throw new IndexError('BAD_ARGUMENT', `The ${String(settings.provider)} embedding provider is not available in this build.`);
  }
}

/** The provider the settings name, or builtin (with a warning) when that one cannot start. */
export async function createProviderOrBuiltin(
  settings: EmbeddingSettings,
  warn: (message: string) => void,
  context: ProviderContext = {},
): Promise<EmbeddingProvider> {
  return (await providerWithFallback(settings, warn, context)).provider;
}

/** The same, saying whether it fell back: an embedder must then not replace the configured model's vectors. */
export async function providerWithFallback(
  settings: EmbeddingSettings,
  warn: (message: string) => void,
  context: ProviderContext = {},
): Promise<{ provider: EmbeddingProvider; fallback: boolean }> {
  try {
    return { provider: await createProvider(settings, context), fallback: false };
  } catch (err) {
    if (settings.provider === 'builtin') throw err;
    warn(`${(err as Error).message} Falling back to the builtin embedder.`);
    return { provider: new BuiltinEmbeddingProvider(), fallback: true };
  }
}

function required(value: string | undefined, what: string, key: string, envVar: string, flag: string): string {
  if (value?.trim()) return value;
  throw new IndexError(
    'BAD_CONFIG',
    `The openai embedding provider needs ${what}: set "embedding.${key}" in ${userSettingsPath()}, ${envVar}, or ${flag}.`,
  );
}
