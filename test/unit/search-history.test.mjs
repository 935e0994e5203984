// Ranking does not depend on an index's history: an index rewritten by `index --force` runs and
// edits, deletes and restores ranks exactly as a fresh index of the same files, scores included.
// FTS5 kept the row and word totals of every row ever deleted (storage/fts-totals.ts), and ties
// were cut in write order; both moved results between two indexes of the same files.
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, REPO_ROOT } from '../helpers/core.mjs';
import { tempDir } from '../helpers/workspace.mjs';

const QUERIES = [
  'open the index database',
  'retry busy',
  'parse config file',
  'worker thread pool',
  'IndexWriter',
  'search',
  'get',
  'status',
];

/** This repository's own server sources, with one file copied twice so that equal scores occur. */
function corpus(t, label) {
  const root = tempDir(t, label);
  cpSync(join(REPO_ROOT, 'server'), join(root, 'server'), { recursive: true });
  const retry = readFileSync(join(root, 'server/storage/retry.ts'));
  writeFileSync(join(root, 'server/copy-a.ts'), retry);
  writeFileSync(join(root, 'server/copy-b.ts'), retry);
  return root;
}

async function index(root, runs) {
  const ws = core.openWorkspace(root, { role: 'writer' });
  const { indexer, writer, extractPools } = core.createIndexer(ws, core.silentReporter);
  try {
    for (const run of runs) {
      run.before?.();
      await indexer.indexAll({ force: run.force });
    }
    await new core.Embedder(ws.index.conn, writer, new core.BuiltinEmbeddingProvider(), core.silentReporter).run();
  } finally {
    await extractPools.close();
    ws.close();
  }
}

async function answers(root) {
  const ws = core.openWorkspace(root, { role: 'reader' });
  try {
    const provider = new core.BuiltinEmbeddingProvider();
    const out = {};
    for (const query of QUERIES) {
      const [queryVector] = await provider.embed([query], 'query');
      out[query] = {
        text: core.textSearch(ws.index.conn, query, 20).map((h) => [h.path, h.startLine, h.score]),
        hybrid: core
          .search(ws.index.conn, query, { mode: 'hybrid', k: 20, queryVector })
          .map((h) => [h.path, h.startLine, h.score, h.scores]),
        symbols: core.searchSymbols(ws.index.conn, query, 20).map((h) => [h.path, h.startLine, h.name, h.score]),
      };
    }
    return out;
  } finally {
    ws.close();
  }
}

test('a rewritten and edited index ranks exactly as a fresh index of the same files', async (t) => {
  const rewritten = corpus(t, 'history-rewritten');
  const moved = join(rewritten, 'server/storage/check.ts');
  const movedText = readFileSync(moved);
  await index(rewritten, [
    {},
    { force: true },
    { before: () => appendFileSync(join(rewritten, 'server/main.ts'), '\n// an edit: retry the search\n') },
    { before: () => rmSync(moved) },
    { force: true },
    { before: () => writeFileSync(moved, movedText) },
    { before: () => rmSync(join(rewritten, 'server/copy-b.ts')) },
    { before: () => writeFileSync(join(rewritten, 'server/copy-b.ts'), readFileSync(join(rewritten, 'server/copy-a.ts'))) },
    { force: true },
  ]);
  const fresh = corpus(t, 'history-fresh');
  appendFileSync(join(fresh, 'server/main.ts'), '\n// an edit: retry the search\n');
  await index(fresh, [{}]);

  const [a, b] = [await answers(rewritten), await answers(fresh)];
  for (const query of QUERIES) {
    assert.ok(b[query].text.length > 0 || query === 'get', `the fresh index finds ${query}`);
    assert.deepEqual(a[query], b[query], query);
  }
  const text = b['retry busy'].text;
  const tied = text.filter((hit, i) => text.some((other, j) => i !== j && other[2] === hit[2]));
  assert.ok(tied.some(([path]) => path === 'server/copy-a.ts') && tied.some(([path]) => path === 'server/copy-b.ts'), 'the copies tie');
  for (let i = 1; i < text.length; i++) {
    const [prev, hit] = [text[i - 1], text[i]];
    if (prev[2] === hit[2])
      assert.ok(prev[0] < hit[0] || (prev[0] === hit[0] && prev[1] < hit[1]), `equal scores in path order: ${prev} / ${hit}`);
  }
});

test('an index whose FTS totals drifted is put right by the next write', async (t) => {
  const root = corpus(t, 'history-drift');
  await index(root, [{}]);
  const before = await answers(root);
  const ws = core.openWorkspace(root, { role: 'writer' });
  // Inflate the record as FTS5 itself did before the fix: five times every count.
  const conn = ws.index.conn;
  const totals = core.readTotals(conn, 'chunks_fts');
  conn.withShadowWrites(() =>
    conn
      .prepare('UPDATE chunks_fts_data SET block = ? WHERE id = 1')
      .run(core.encodeVarints([totals.rows * 5, ...totals.columns.map((n) => n * 5)])),
  );
  ws.close();
  assert.notDeepEqual(await answers(root), before, 'drifted totals change the scores');
  appendFileSync(join(root, 'server/main.ts'), '\n');
  await index(root, [{}]);
  const after = await answers(root);
  for (const query of QUERIES) assert.deepEqual(after[query].text, before[query].text, query);
  assert.deepEqual(core.readTotals(core.openWorkspace(root, { role: 'reader' }).index.conn, 'chunks_fts'), totals);
});
