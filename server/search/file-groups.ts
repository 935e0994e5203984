// Files ranked by their chunks, for `search --group file`: what an agent asks with an issue report
// is which files to open, and a file with several good chunks says more than one with a single one.
// A file scores its best chunk's score, plus half its second's, a quarter its third's, and so on:
// more evidence counts, a long file's many weak matches do not outweigh a short file's strong one.
import type { FusedChunk } from './rank-fusion.js';

export const FILE_GROUP_DECAY = 0.5;

export interface FileGroup {
  /** The file's best chunk, which stands for it. */
  best: FusedChunk;
  score: number;
  /** How many of the ranked chunks are in this file. */
  matches: number;
}

/** Groups ranked chunks (best first) by the file `fileOf` says each is in; the best `limit` files. */
export function groupByFile(ranked: readonly FusedChunk[], fileOf: (chunkId: number) => string | undefined, limit: number): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  const order: FileGroup[] = [];
  for (const chunk of ranked) {
    const file = fileOf(chunk.chunkId);
    if (file === undefined) continue;
    const group = groups.get(file);
    if (group) {
      group.score += chunk.rrf * FILE_GROUP_DECAY ** group.matches;
      group.matches++;
    } else {
      const created = { best: chunk, score: chunk.rrf, matches: 1 };
      groups.set(file, created);
      order.push(created);
    }
  }
  // Ties keep the order files were first met in, as the chunks' ranking had them.
  return order
    .map((g, i) => ({ g, i }))
    .sort((a, b) => b.g.score - a.g.score || a.i - b.i)
    .slice(0, limit)
    .map(({ g }) => g);
}
