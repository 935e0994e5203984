// An index pass that is aborted (pause, a folder closed, the server stopping) stops handing files to
// the parse threads: what is committed stays, and the threads do not parse the rest of the workspace.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const FILES = 600;
const BATCH = 20;

test('an aborted pass hands out no more files, and what it committed stays sound', async (t) => {
  const root = writeFiles(
    tempDir(t, 'abort'),
    Object.fromEntries(
      Array.from({ length: FILES }, (_, i) => [`src/f${i}.ts`, `export function handler${i}(x: number) {\n  return x + ${i};\n}\n`]),
    ),
  );
  const ws = core.openWorkspace(root, { role: 'writer', config: { ...core.DEFAULT_CONFIG, exclude: [], batchSize: BATCH } });
  const controller = new AbortController();
  const reporter = {
    ...core.silentReporter,
    progress: (phase, done) => {
      if (phase === 'index' && done > 0) controller.abort();
    },
  };
  const { indexer, extractPools } = core.createIndexer(ws, reporter);
  t.after(async () => {
    await extractPools.close();
    ws.close();
  });
  // Counts every file handed to the parse threads (the real pool, real files), and keeps each request
  // so the test can wait until no more are made.
  let handedOut = 0;
  const requests = [];
  const choose = extractPools.for.bind(extractPools);
  extractPools.for = (count) => {
    const real = choose(count);
    return {
      extract: (tasks) => {
        handedOut += tasks.length;
        const p = real.extract(tasks);
        requests.push(p);
        return p;
      },
      close: () => real.close(),
    };
  };

  const summary = await indexer.indexAll({ signal: controller.signal });
  // Whatever was in flight finishes; a pass that kept going would hand out the rest meanwhile.
  for (let seen = -1; seen !== requests.length;) {
    seen = requests.length;
    await Promise.allSettled(requests);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.ok(summary.indexed >= BATCH && summary.indexed < FILES, `indexed ${summary.indexed}`);
  assert.ok(handedOut < FILES / 2, `the threads were handed ${handedOut} of ${FILES} files after the abort`);
  assert.equal(core.checkIndex(ws.index.conn).ok, true);
});
