// Makes the embedding provider the settings name. A provider that cannot start says why, and the
// caller falls back to builtin so the index keeps working.
import type { EmbeddingSettings } from '../../shared/settings.js';
import { BuiltinEmbeddingProvider } from './builtin.js';
import type { EmbeddingProvider } from './provider.js';
import { IndexError } from '../storage/errors.js';

export async function createProvider(settings: EmbeddingSettings): Promise<EmbeddingProvider> {
  switch (settings.provider) {
    case 'builtin':
      return new BuiltinEmbeddingProvider();
    default:
      throw new IndexError('BAD_ARGUMENT', `The ${settings.provider} embedding provider is not available in this build.`);
  }
}

/** The provider the settings name, or builtin (with a warning) when that one cannot start. */
export async function createProviderOrBuiltin(settings: EmbeddingSettings, warn: (message: string) => void): Promise<EmbeddingProvider> {
  try {
    return await createProvider(settings);
  } catch (err) {
    if (settings.provider === 'builtin') throw err;
    warn(`${(err as Error).message} Falling back to the builtin embedder.`);
    return new BuiltinEmbeddingProvider();
  }
}
