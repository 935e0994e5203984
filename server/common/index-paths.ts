// Where a folder's index lives: the one place the `.codeindex` folder and the files in it are named.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

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

/** What the walk up from a folder found: the nearest indexed folder, or where it stopped and why. */
export type IndexLookup =
  { root: string } | { root: null; stoppedAt: string; why: 'a repository root' | 'the home folder' | 'the filesystem root' };

/**
 * The nearest folder from `start` (an absolute path) up that holds an index, as git finds its
 * repository. The walk ends after looking in a repository root (a folder holding `.git`), the user's
 * home folder or the filesystem root, so an unrelated index further up is never borrowed.
 */
export function findIndexRoot(start: string, home: string = homedir()): IndexLookup {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(indexFile(dir, DB_FILE))) return { root: dir };
    if (existsSync(join(dir, '.git'))) return { root: null, stoppedAt: dir, why: 'a repository root' };
    if (dir === home) return { root: null, stoppedAt: dir, why: 'the home folder' };
    if (dirname(dir) === dir) return { root: null, stoppedAt: dir, why: 'the filesystem root' };
  }
}
