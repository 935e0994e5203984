// What each FTS5 column of a chunk holds: identifier-split words of its definition's name, of its
// file's path and of its text. Computed in the parse workers, so the write lock is not held for it.
import type { Chunk, FtsWords } from '../common/extract-types.js';
import { indexText } from './tokens.js';

export function ftsWordsFor(path: string, chunks: readonly Chunk[]): FtsWords {
  return {
    path: indexText(path),
    chunks: chunks.map((c) => ({ name: c.symbol ? indexText(c.symbol) : '', body: indexText(c.text) })),
  };
}
