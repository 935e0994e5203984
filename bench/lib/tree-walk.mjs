// The one walk of a folder tree that the corpus builders count their files and bytes with.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Depth first, without following symlinks. `enter(path, name)` returns the folder to descend into
 * (it may rename it first) or null to leave it out; `keep(path, entry)` says whether an entry that is
 * not a folder counts (it may delete it). Only regular files that are kept are counted.
 */
export function walkTree(root, { enter = (path) => path, keep = (_path, entry) => entry.isFile() } = {}) {
  let files = 0;
  let bytes = 0;
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        const next = enter(path, entry.name);
        if (next) stack.push(next);
      } else if (keep(path, entry) && entry.isFile()) {
        files++;
        bytes += statSync(path).size;
      }
    }
  }
  return { files, bytes };
}
