// The seed plan's concurrency test, complete: forced indexers, embedders and searchers at once on
// real code, several rounds; afterwards the index is sound, every chunk has exactly one vector of
// the current model (or is pending until the next embed), no vector is orphaned, and nothing is lost.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli, runCliJson, startCli, describe } from '../helpers/cli.mjs';
import { corpusCopy } from '../helpers/corpus.mjs';
import { assertSameIndex, readSnapshot } from '../helpers/index-snapshot.mjs';
import { assertClean, assertReadsClean, readWhile } from '../helpers/stress.mjs';
import { copyTree, dbPathOf } from '../helpers/workspace.mjs';

const ROUNDS = Math.min(2, Number(process.env.CODE_INDEX_STRESS_ROUNDS) || 2);
const INDEXERS = 3;
const EMBEDDERS = 2;

test(`${INDEXERS} forced indexers, ${EMBEDDERS} embedders and searchers at once, ${ROUNDS} rounds`, { timeout: 10 * 60_000 }, async (t) => {
  const root = corpusCopy(t, 'embed');
  const copy = copyTree(t, root, 'reference');
  assertClean(await runCli(['index', copy, '--json']), 'the clean reference index');
  const reference = readSnapshot(dbPathOf(copy));

  let indexExists = false;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    const writers = [
      ...Array.from({ length: INDEXERS }, () => startCli(['index', root, '--force', '--no-wait', '--json']).done),
      ...Array.from({ length: EMBEDDERS }, () => startCli(['embed', root, '--json']).done),
    ];
    const all = Promise.all(writers);
    writers[0].then(
      () => {
        indexExists = true;
      },
      () => {},
    );
    const reads = readWhile(root, all, { mayLackIndex: () => !indexExists });
    const results = await all;
    indexExists = true;
    for (const [i, result] of results.entries()) assertClean(result, `round ${round}, ${i < INDEXERS ? 'indexer' : 'embedder'} ${i}`);
    assertReadsClean(await reads);
    t.diagnostic(
      `round ${round}: ${INDEXERS} indexers, ${EMBEDDERS} embedders, searchers in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  // The embedders may have finished before the last chunks were written: what is left is pending.
  const before = await runCliJson(['status', root, '--json']);
  assert.equal(before.embedded + before.pending, before.chunks);
  const check = await runCli(['check', root, '--json']);
  assert.equal(check.code, 0, `check failed after the concurrent runs\n${describe(check)}`);

  const last = await runCli(['embed', root, '--json']);
  assertClean(last, 'the final embed');
  const status = await runCliJson(['status', root, '--json']);
  assert.equal(status.pending, 0, JSON.stringify(status));
  assert.equal(status.embedded, status.chunks);
  const after = await runCli(['check', root, '--json']);
  assert.equal(after.code, 0, `check failed after the final embed\n${describe(after)}`);
  assertSameIndex(readSnapshot(dbPathOf(root)), reference, 'after concurrent indexers and embedders');
});
