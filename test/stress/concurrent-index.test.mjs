// The concurrency promise on real code (over 1,000 files): several indexers and searchers at once
// never fail, never corrupt the index, and leave exactly what one clean run would. They run with
// --no-wait: side by side, not in turns (index-turns.test.mjs tests the turns).
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli, runCliJson, startCli, describe } from '../helpers/cli.mjs';
import { corpusCopy } from '../helpers/corpus.mjs';
import { assertSameIndex, readSnapshot } from '../helpers/index-snapshot.mjs';
import { stressSeed } from '../helpers/random.mjs';
import { assertClean, assertReadsClean, readWhile } from '../helpers/stress.mjs';
import { copyTree, dbPathOf } from '../helpers/workspace.mjs';

const ROUNDS = Number(process.env.CODE_INDEX_STRESS_ROUNDS) || 3;
/** The racing test keeps its indexers going at least this long, so the editor makes enough edits to
 *  race them however fast one round is (a single round of incremental passes can take 0.7 s). */
const MIN_RACE_MS = 3000;
const WRITERS = 3;
const MUTATOR = fileURLToPath(new URL('../helpers/file-mutator.mjs', import.meta.url));
const TIMEOUT = 10 * 60_000;

/** The snapshot of a clean single-process index of a copy of `root` as it is now. */
async function cleanSnapshot(t, root) {
  const copy = copyTree(t, root, 'reference');
  const result = await runCli(['index', copy, '--json']);
  assertClean(result, 'the clean reference index');
  return { snapshot: readSnapshot(dbPathOf(copy)), summary: JSON.parse(result.stdout), ms: result.ms };
}

async function assertCheckPasses(root) {
  const check = await runCli(['check', root, '--json']);
  assert.equal(check.code, 0, `check failed after the concurrent runs\n${describe(check)}`);
}

test(
  `${WRITERS} forced indexers and searchers at once, ${ROUNDS} rounds, leave the index one clean run makes`,
  { timeout: TIMEOUT },
  async (t) => {
    const root = corpusCopy(t, 'concurrent');
    const reference = await cleanSnapshot(t, root);
    const fileCount = reference.summary.files;
    assert.ok(fileCount >= 1000, `the corpus has ${fileCount} files`);
    t.diagnostic(`clean index of ${fileCount} files, ${reference.summary.chunks} chunks: ${(reference.ms / 1000).toFixed(1)} s`);

    let indexExists = false;
    // Round 0 starts on a folder with no index: the writers race to create it.
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      const writers = Array.from({ length: WRITERS }, () => startCli(['index', root, '--force', '--no-wait', '--json']).done);
      const allWritten = Promise.all(writers);
      const reads = readWhile(root, allWritten, { mayLackIndex: () => !indexExists });
      if (round === 0)
        writers[0].then(
          () => {
            indexExists = true;
          },
          () => {},
        );
      const results = await allWritten;
      indexExists = true;
      for (const [i, result] of results.entries()) {
        assertClean(result, `round ${round}, writer ${i}`);
        const summary = JSON.parse(result.stdout);
        assert.equal(summary.files, fileCount, `round ${round}, writer ${i}: ${result.stdout}`);
        assert.equal(summary.indexed + summary.skipped, fileCount, `round ${round}, writer ${i} rewrote every file: ${result.stdout}`);
      }
      const readers = await reads;
      // From round 1 on, every file is in the index all the time: each is only ever replaced.
      if (round === 0) assertReadsClean(readers);
      else assertReadsClean(readers, { corpusFound: true, counts: { files: fileCount, chunks: reference.summary.chunks } });
      t.diagnostic(
        `round ${round}: ${WRITERS} writers and ${readers.length} readers in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
    }

    await assertCheckPasses(root);
    assertSameIndex(readSnapshot(dbPathOf(root)), reference.snapshot, 'after concurrent forced runs');
    const status = await runCliJson(['status', root, '--json']);
    assert.equal(status.files, fileCount);
    assert.equal(status.chunks, reference.summary.chunks);
  },
);

test(
  'incremental indexers racing a process that edits files converge to a clean index of the final files',
  { timeout: TIMEOUT },
  async (t) => {
    const seed = stressSeed();
    t.diagnostic(`seed ${seed} (CODE_INDEX_STRESS_SEED=${seed} replays the edits)`);
    const root = corpusCopy(t, 'racing');
    assertClean(await runCli(['index', root, '--json']), 'the first index');

    const mutator = fork(MUTATOR, [root, String(seed)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const exited = once(mutator, 'exit');
    t.after(() => {
      if (mutator.exitCode === null) mutator.kill();
    });
    const [ready] = await once(mutator, 'message');
    assert.ok(ready.ready);

    const racing = performance.now();
    for (let round = 0; round < ROUNDS || performance.now() - racing < MIN_RACE_MS; round++) {
      const started = performance.now();
      // One takes turns (it waits for the other's pass when that one holds it), one runs beside it.
      const writers = [startCli(['index', root, '--json']).done, startCli(['index', root, '--no-wait', '--json']).done];
      const allWritten = Promise.all(writers);
      const reads = readWhile(root, allWritten);
      for (const [i, result] of (await allWritten).entries()) assertClean(result, `round ${round}, incremental writer ${i}`);
      assertReadsClean(await reads, { corpusFound: true });
      t.diagnostic(`round ${round}: 2 incremental writers beside the editor in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const stopped = once(mutator, 'message');
    mutator.send('stop');
    const [{ stats }] = await stopped;
    const [exitCode] = await exited;
    assert.equal(exitCode, 0, 'the editing process ended cleanly');
    const edits = Object.values(stats).reduce((a, b) => a + b, 0);
    t.diagnostic(`edits while indexing: ${JSON.stringify(stats)}`);
    assert.ok(edits >= 50, `the editor made ${edits} edits: too few to race the indexers`);

    const final = await runCli(['index', root, '--json']);
    assertClean(final, 'the final index run');
    await assertCheckPasses(root);
    const reference = await cleanSnapshot(t, root);
    assertSameIndex(readSnapshot(dbPathOf(root)), reference.snapshot, `after racing edits (seed ${seed})`);
  },
);
