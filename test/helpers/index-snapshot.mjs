// What an index holds, read straight from its SQLite file (read-only, as another program would) in a
// form two indexes can be compared by: row ids and timestamps left out, content and positions kept.
import assert from 'node:assert/strict';
import { Database } from './core.mjs';

/**
 * { files: sorted "path hash" lines, chunks: sorted "path hash start-end" lines (a multiset),
 *   symbols: sorted "path name kind start-end" lines }.
 */
export function readSnapshot(dbPath) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const lines = (sql) =>
      db
        .prepare(sql)
        .raw()
        .all()
        .map((row) => row.join('\t'))
        .sort();
    return {
      files: lines('SELECT path, hash FROM files'),
      chunks: lines('SELECT f.path, c.hash, c.start_line, c.end_line FROM chunks c JOIN files f ON f.id = c.file_id'),
      symbols: lines('SELECT f.path, s.name, s.kind, s.start_line, s.end_line FROM symbols s JOIN files f ON f.id = s.file_id'),
    };
  } finally {
    db.close();
  }
}

/** Fails with the first differences (not thousands of lines) when two snapshots differ. */
export function assertSameIndex(actual, expected, what = 'index') {
  for (const key of Object.keys(expected)) {
    const missing = difference(expected[key], actual[key]);
    const extra = difference(actual[key], expected[key]);
    if (missing.length || extra.length) {
      assert.fail(
        `${what}: ${key} differ from a clean index of the same files ` +
          `(${actual[key].length} vs ${expected[key].length} rows; ${missing.length} missing, ${extra.length} extra)\n` +
          `missing: ${JSON.stringify(missing.slice(0, 5))}\nextra: ${JSON.stringify(extra.slice(0, 5))}`,
      );
    }
  }
}

/** Multiset difference of two sorted arrays: what `a` has more of than `b`. */
function difference(a, b) {
  const left = new Map();
  for (const x of a) left.set(x, (left.get(x) ?? 0) + 1);
  for (const x of b) if (left.has(x)) left.set(x, left.get(x) - 1);
  return [...left].filter(([, n]) => n > 0).map(([x]) => x);
}
