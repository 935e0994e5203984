// Temporary folders for tests: created fresh, removed when the test ends, filled from a map of files
// or copied from a corpus.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';

/** A fresh empty folder, removed after the test `t` (a node:test context) finishes. */
export function tempDir(t, label = 'ws') {
  const dir = mkdtempSync(join(tmpdir(), `code-index-${label}-`));
  t.after(() => rmSync(dir, { recursive: true, force: true, maxRetries: 3 }));
  return dir;
}

/** Writes `files` ({ 'src/a.ts': 'text' or a Buffer }) under `root`, creating folders. */
export function writeFiles(root, files) {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return root;
}

/**
 * A fresh folder holding the files of `source`, without any `.codeindex` folder in it, nor the files
 * for which `keep(relativePath)` is false.
 */
export function copyTree(t, source, label = 'copy', keep = () => true) {
  const dir = tempDir(t, label);
  cpSync(source, dir, {
    recursive: true,
    filter: (src) => {
      const rel = relative(source, src);
      return !rel.split(sep).includes('.codeindex') && (rel === '' || keep(rel));
    },
  });
  return dir;
}

/** The index file of a workspace folder. */
export function dbPathOf(root) {
  return join(root, '.codeindex', 'index.db');
}
