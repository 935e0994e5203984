// The per-file work of indexing, run in a worker thread: read, decode, hash and extract one file.
import { join } from 'node:path';
import { languageForPath } from '../parser/languages.js';
import type { FileExtract } from './extract-types.js';
import { lineWindowChunks } from './plain-chunks.js';
import { readSource } from './read-source.js';

export interface PrepareTask {
  root: string;
  path: string;
  maxBytes: number;
  /** The hash the index holds for this path; equal content is not re-extracted unless forced. */
  knownHash: string | null;
  force: boolean;
}

export type PreparedFile =
  | { status: 'extracted'; path: string; size: number; mtimeMs: number; hash: string; extract: FileExtract; warning?: string }
  | { status: 'unchanged'; path: string; size: number; mtimeMs: number }
  | { status: 'skipped'; path: string; reason: string; message: string };

export type Extractor = (text: string, language: string) => Promise<FileExtract> | FileExtract;

export const plainExtractor: Extractor = (text, language) => ({
  language, chunks: lineWindowChunks(text), symbols: [], calls: [], imports: [], exports: [],
});

export async function prepareFile(task: PrepareTask, extractor: Extractor = plainExtractor): Promise<PreparedFile> {
  const read = readSource(join(task.root, task.path), task.path, task.maxBytes);
  if (!read.ok) return { status: 'skipped', path: task.path, reason: read.reason, message: read.message };
  if (!task.force && read.hash === task.knownHash) {
    return { status: 'unchanged', path: task.path, size: read.size, mtimeMs: read.mtimeMs };
  }
  const extract = await extractor(read.text, languageForPath(task.path));
  return { status: 'extracted', path: task.path, size: read.size, mtimeMs: read.mtimeMs, hash: read.hash, extract, warning: read.warning };
}
