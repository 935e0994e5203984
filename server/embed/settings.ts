// Where the embedding settings come from: command-line flags, environment variables, and the
// user's own settings file; never a workspace's files, so a cloned repository cannot send its
// owner's code to a server of its choosing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingProviderName, EmbeddingSettings } from '../../shared/settings.js';
import { DEFAULT_EMBEDDING } from '../../shared/settings.js';
import { IndexError } from '../common/errors.js';
import { userConfigDir } from '../config/user-dirs.js';

const PROVIDERS: readonly EmbeddingProviderName[] = ['builtin', 'transformers', 'openai'];

export function userSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(userConfigDir(env), 'settings.json');
}

export interface EmbeddingOverrides {
  provider?: string;
  model?: string;
  endpoint?: string;
}

/**
 * Flags over environment over the user's settings file over the default. `env` is another process's
 * environment when the language server answers a CLI's search (engine/query-socket.ts).
 */
export function resolveEmbeddingSettings(flags: EmbeddingOverrides = {}, env: NodeJS.ProcessEnv = process.env): EmbeddingSettings {
  const file = readUserSettings(env);
  const provider = checkProviderName(flags.provider ?? env.CODE_INDEX_EMBEDDING_PROVIDER ?? file.provider ?? DEFAULT_EMBEDDING.provider);
  return {
    provider,
    model: flags.model ?? env.CODE_INDEX_EMBEDDING_MODEL ?? file.model,
    endpoint: flags.endpoint ?? env.CODE_INDEX_EMBEDDING_ENDPOINT ?? file.endpoint,
  };
}

/** `name` when it is a provider this release knows; a usage error otherwise. */
export function checkProviderName(name: string): EmbeddingProviderName {
  if (!PROVIDERS.includes(name as EmbeddingProviderName)) {
    throw new IndexError('BAD_ARGUMENT', `Unknown embedding provider "${name}". Use one of: ${PROVIDERS.join(', ')}.`);
  }
  return name as EmbeddingProviderName;
}

function readUserSettings(env: NodeJS.ProcessEnv): Partial<EmbeddingSettings> {
  const path = userSettingsPath(env);
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
