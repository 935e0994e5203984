// One workspace folder's index as the core uses it: its root, settings, database and writer.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { findIndexRoot } from '../common/index-paths.js';
import { loadConfig, type IndexConfig } from '../config/config.js';
import { ExtractPools } from './extract-pool.js';
import { Indexer } from './indexer.js';
import type { Reporter } from '../common/reporter.js';
import type { SqlDriver } from '../storage/driver.js';
import { IndexError } from '../common/errors.js';
import { IndexWriter } from '../storage/index-writer.js';
import { ensureIndexDir, indexDbPath, openIndex, type ConnectionRole, type IndexConnection } from '../storage/open-database.js';

export interface Workspace {
  root: string;
  config: IndexConfig;
  dbPath: string;
  index: IndexConnection;
  close(): void;
}

export interface OpenWorkspaceOptions {
  role: ConnectionRole;
  driver?: SqlDriver;
  /** Settings to use instead of `.codeindex/config.json` (the server merges in the editor's). */
  config?: IndexConfig;
}

/** Checks that `dir` is a folder a user can index, with a message that says what is wrong. */
export function resolveRoot(dir: string | undefined, cwd: string = process.cwd()): string {
  const root = resolve(cwd, dir ?? '.');
  if (!existsSync(root)) throw new IndexError('BAD_ARGUMENT', `No such folder: ${root}`);
  if (!statSync(root).isDirectory()) throw new IndexError('BAD_ARGUMENT', `Not a folder: ${root}`);
  return root;
}

/**
 * The folder a command works on: `dir` when the user names one (relative to `cwd`); otherwise the
 * nearest folder from `cwd` up that holds an index (common/index-paths.ts, findIndexRoot). When there
 * is none, a command that creates an index (`ifNone: 'cwd'`) takes `cwd` itself; one that reads fails
 * with NO_INDEX, saying where it looked. `home` is the user's home folder, when not this process's.
 */
export function commandRoot(dir: string | undefined, cwd: string, ifNone: 'cwd' | 'fail', home?: string): string {
  if (dir !== undefined) return resolveRoot(dir, cwd);
  const here = resolveRoot(cwd);
  const found = findIndexRoot(here, home);
  if (found.root !== null) return found.root;
  if (ifNone === 'cwd') return here;
  const above = found.stoppedAt === here ? '' : ` or the folders above it up to ${found.stoppedAt}`;
  throw new IndexError(
    'NO_INDEX',
    `No index in ${here}${above} (${found.why}). Run \`code-index index ${found.why === 'a repository root' ? found.stoppedAt : here}\` first.`,
  );
}

export function openWorkspace(dir: string | undefined, options: OpenWorkspaceOptions): Workspace {
  const root = resolveRoot(dir);
  const config = options.config ?? loadConfig(root);
  if (options.role === 'writer') ensureIndexDir(root);
  const dbPath = indexDbPath(root);
  const index = openIndex(dbPath, { role: options.role, busyTimeoutMs: config.busyTimeoutMs, driver: options.driver });
  return { root, config, dbPath, index, close: () => index.conn.close() };
}

export function createIndexer(ws: Workspace, reporter: Reporter): { indexer: Indexer; writer: IndexWriter; extractPools: ExtractPools } {
  const writer = new IndexWriter(ws.index);
  const extractPools = new ExtractPools();
  const indexer = new Indexer(ws.root, ws.config, ws.index.conn, writer, extractPools, reporter);
  return { indexer, writer, extractPools };
}
