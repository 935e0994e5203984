// The per-file work of indexing, run in a worker thread: read, decode, hash and extract one file.
import { join } from 'node:path';
import { languageForPath } from '../parser/languages.js';
import type { FileExtract } from '../common/extract-types.js';
import type { FileRecord } from '../storage/index-writer.js';
import { ftsWordsFor } from '../text/fts-words.js';
import { createParser, type CodeParser } from '../parser/index.js';
import { readSource, type SkipReason } from './read-source.js';

export interface ExtractTask {
  root: string;
  path: string;
  maxBytes: number;
  /** The hash the index holds for this path; equal content is not re-extracted unless forced. */
  knownHash: string | null;
  force: boolean;
}

export type ExtractedFile =
  | (FileRecord & { status: 'extracted' })
  | { status: 'unchanged'; path: string; size: number; mtimeMs: number }
  | { status: 'skipped'; path: string; reason: SkipReason; message: string };

export type Extractor = (text: string, language: string) => Promise<FileExtract> | FileExtract;

let parser: Promise<CodeParser> | null = null;
/**
 * What the parser reports (a grammar that fails to load, once per language; a file whose extraction
 * throws): that text gets line windows and no symbols. Carried on the file's result among its
 * warnings, so it reaches the index and the reporter instead of vanishing inside the thread.
 */
const parserErrors: string[] = [];

/** One tree-sitter parser per thread, made on first use. */
export const treeSitterExtractor: Extractor = async (text, language) =>
  (
    await (parser ??= createParser({
      onError: (error, failed) => parserErrors.push(`The ${failed} parser failed (${error.message}): indexed as text, without symbols.`),
    }))
  ).extract(text, language);

export async function extractFile(task: ExtractTask, extractor: Extractor = treeSitterExtractor): Promise<ExtractedFile> {
  const read = readSource(join(task.root, task.path), task.path, task.maxBytes);
  if (!read.ok) return { status: 'skipped', path: task.path, reason: read.reason, message: read.message };
  if (!task.force && read.hash === task.knownHash) {
    return { status: 'unchanged', path: task.path, size: read.size, mtimeMs: read.mtimeMs };
  }
  const extract = await extractor(read.text, languageForPath(task.path));
  const words = ftsWordsFor(task.path, extract.chunks);
  const warnings = [...(read.warning ? [read.warning] : []), ...parserErrors.splice(0)];
  return { status: 'extracted', path: task.path, size: read.size, mtimeMs: read.mtimeMs, hash: read.hash, extract, words, warnings };
}
