// The editor's `codeIndex.*` settings, read through workspace/configuration and merged over each
// folder's `.codeindex/config.json`. Embedding settings come only from the editor (machine scope),
// never from a workspace file.
import { DEFAULT_CONFIG, loadConfig, type IndexConfig } from '../config/config.js';
import { DEFAULT_EMBEDDING, type EmbeddingSettings } from '../../shared/settings.js';

export interface EditorSettings {
  exclude?: unknown;
  maxFileBytes?: unknown;
  readerPoolSize?: unknown;
  embedding?: { provider?: unknown; model?: unknown; endpoint?: unknown };
}

export function folderConfig(root: string, editor: EditorSettings, warn: (m: string) => void): IndexConfig {
  let config: IndexConfig;
  try {
    config = loadConfig(root);
  } catch (err) {
    warn((err as Error).message);
    config = { ...DEFAULT_CONFIG, exclude: [] };
  }
  const exclude = Array.isArray(editor.exclude) ? editor.exclude.filter((p): p is string => typeof p === 'string') : [];
  return {
    ...config,
    exclude: [...config.exclude, ...exclude],
    maxFileBytes: positiveOr(editor.maxFileBytes, config.maxFileBytes),
    readerPoolSize: Math.min(16, positiveOr(editor.readerPoolSize, config.readerPoolSize)),
  };
}

export function embeddingSettings(editor: EditorSettings): EmbeddingSettings {
  const e = editor.embedding ?? {};
  const provider = e.provider === 'transformers' || e.provider === 'openai' ? e.provider : DEFAULT_EMBEDDING.provider;
  return {
    provider,
    model: typeof e.model === 'string' && e.model ? e.model : undefined,
    endpoint: typeof e.endpoint === 'string' && e.endpoint ? e.endpoint : undefined,
  };
}

function positiveOr(value: unknown, fallback: number): number {
  return Number.isInteger(value) && (value as number) > 0 ? (value as number) : fallback;
}
