// Where a folder's index lives: the one place the `.codeindex` folder and the files in it are named.
import { join } from 'node:path';

export const INDEX_DIR = '.codeindex';
export const DB_FILE = 'index.db';
export const CONFIG_FILE = 'config.json';
/** Whether indexing is paused (engine/pause-state.ts). */
export const STATE_FILE = 'state.json';
/** Where a running server answers CLI queries, when the path is short enough (engine/query-socket.ts). */
export const QUERY_SOCKET_FILE = 'query.sock';

/** `name` inside the index folder of `root`. */
export function indexFile(root: string, name: string): string {
  return join(root, INDEX_DIR, name);
}
