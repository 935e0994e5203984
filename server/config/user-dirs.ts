// Where Code Index keeps a user's own files, by the XDG base-directory convention: settings under
// $XDG_CONFIG_HOME/code-index, caches (models, compiled code) under $XDG_CACHE_HOME/code-index.
// Node's own modules only: the CLI launcher imports it before anything else is loaded.
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `env` is another process's environment when the language server answers a CLI (engine/query-socket.ts). */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config'), 'code-index');
}

export function userCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'code-index');
}
