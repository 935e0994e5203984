// Where the embedding settings come from: command-line flags, environment variables, and the
// user's own settings file; never a workspace's files, so a cloned repository cannot send its
// owner's code to a server of its choosing.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddingProviderName, EmbeddingSettings } from '../../shared/settings.js';
import { DEFAULT_EMBEDDING } from '../../shared/settings.js';
import { IndexError } from '../storage/errors.js';

const PROVIDERS: readonly EmbeddingProviderName[] = ['builtin', 'transformers', 'openai'];

export function userSettingsPath(): string {
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'code-index', 'settings.json');
}

export interface EmbeddingOverrides {
  provider?: string;
  model?: string;
  endpoint?: string;
}

/** Flags over environment over the user's settings file over the default. */
export function resolveEmbeddingSettings(flags: EmbeddingOverrides = {}): EmbeddingSettings {
  const file = readUserSettings();
  const provider = flags.provider ?? process.env.CODE_INDEX_EMBEDDING_PROVIDER ?? file.provider ?? DEFAULT_EMBEDDING.provider;
  if (!PROVIDERS.includes(provider as EmbeddingProviderName)) {
    throw new IndexError('BAD_ARGUMENT', `Unknown embedding provider "${provider}". Use one of: ${PROVIDERS.join(', ')}.`);
  }
  return {
    provider: provider as EmbeddingProviderName,
    model: flags.model ?? process.env.CODE_INDEX_EMBEDDING_MODEL ?? file.model,
    endpoint: flags.endpoint ?? process.env.CODE_INDEX_EMBEDDING_ENDPOINT ?? file.endpoint,
  };
}

function readUserSettings(): Partial<EmbeddingSettings> {
  const path = userSettingsPath();
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  try {
    const parsed = JSON.parse(text) as { embedding?: Partial<EmbeddingSettings> };
    return parsed.embedding ?? {};
  } catch (err) {
    throw new IndexError('BAD_CONFIG', `${path}: not valid JSON (${(err as Error).message}).`);
  }
}
