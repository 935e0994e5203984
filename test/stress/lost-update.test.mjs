// The lost-update guard, made deterministic: a writer is held between reading files and committing
// them while the files change underneath (or another process indexes them), then let go.
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectingReporter, core } from '../helpers/core.mjs';
import { runCli } from '../helpers/cli.mjs';
import { assertSameIndex, readSnapshot } from '../helpers/index-snapshot.mjs';
import { assertClean } from '../helpers/stress.mjs';
import { copyTree, dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { openWorkspace, createIndexer, Indexer } = core;

const FILES = Object.fromEntries(
  Array.from({ length: 40 }, (_, i) => [`src/m${i}.ts`, `export function module${i}() {\n  return ${i};\n}\n`]),
);

/**
 * An indexer whose parse step waits at `gate` (before reading the files, or after reading them and
 * before the write), so the test can act inside the window another process would race in.
 */
function gatedIndexer(t, root, where) {
  const ws = openWorkspace(root, { role: 'writer' });
  const { writer, extractPools } = createIndexer(ws, collectingReporter());
  let open;
  const gate = new Promise((resolve) => {
    open = resolve;
  });
  let reached;
  const atGate = new Promise((resolve) => {
    reached = resolve;
  });
  const gated = {
    for(count) {
      const real = extractPools.for(count);
      return {
        async extract(tasks) {
          if (where === 'before-read') {
            reached();
            await gate;
          }
          const extracted = await real.extract(tasks);
          if (where === 'after-read') {
            reached();
            await gate;
          }
          return extracted;
        },
        close: () => real.close(),
      };
    },
    close: () => extractPools.close(),
  };
  const indexer = new Indexer(ws.root, ws.config, ws.index.conn, writer, gated, collectingReporter());
  t.after(async () => {
    open();
    await extractPools.close();
    ws.close();
  });
  return { indexer, atGate, open };
}

async function assertMatchesCleanIndex(t, root, what) {
  const copy = copyTree(t, root, 'reference');
  assertClean(await runCli(['index', copy, '--json']), 'the clean reference');
  assertSameIndex(readSnapshot(dbPathOf(root)), readSnapshot(dbPathOf(copy)), what);
}

test('a file changed after it was read and before the write is read again, not written stale', async (t) => {
  const root = writeFiles(tempDir(t, 'guard'), FILES);
  assertClean(await runCli(['index', root, '--json']), 'the first index');
  appendFileSync(join(root, 'src/m3.ts'), 'export const first = 1;\n');
  const { indexer, atGate, open } = gatedIndexer(t, root, 'after-read');
  const pass = indexer.indexAll();
  await atGate;
  appendFileSync(join(root, 'src/m3.ts'), 'export const secondEditWhileWriting = 2;\n');
  open();
  const summary = await pass;
  assert.equal(summary.indexed, 1);
  await assertMatchesCleanIndex(t, root, 'after an edit between read and write');
});

test('a file deleted before a pass and recreated before its removal is committed keeps its rows', async (t) => {
  const root = writeFiles(tempDir(t, 'guard'), FILES);
  assertClean(await runCli(['index', root, '--json']), 'the first index');
  const path = join(root, 'src/m7.ts');
  const content = readFileSync(path);
  rmSync(path);
  appendFileSync(join(root, 'src/m1.ts'), 'export const changed = 1;\n');

  const { indexer, atGate, open } = gatedIndexer(t, root, 'before-read');
  const pass = indexer.indexAll(); // walks now: m7.ts is gone, so its removal is planned
  await atGate;
  writeFileSync(path, content); // it comes back (a branch switch, an undo)...
  assertClean(await runCli(['index', root, '--no-wait', '--json']), 'another process indexing meanwhile'); // ...and is indexed (beside the paused pass, which holds the turn)
  open();
  await pass;
  await assertMatchesCleanIndex(t, root, 'after a removal raced by a re-creation');
});
