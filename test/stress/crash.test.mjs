// A writer killed at any moment (SIGKILL: no cleanup, no rollback) never leaves an index that fails
// to open or to check, and the next run brings it to exactly what a clean run makes.
import assert from 'node:assert/strict';
import { appendFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { Database } from '../helpers/core.mjs';
import { runCli, startCli, describe } from '../helpers/cli.mjs';
import { corpusCopy } from '../helpers/corpus.mjs';
import { assertSameIndex, readSnapshot } from '../helpers/index-snapshot.mjs';
import { seededRandom, stressSeed } from '../helpers/random.mjs';
import { assertClean } from '../helpers/stress.mjs';
import { copyTree, dbPathOf, writeFiles } from '../helpers/workspace.mjs';

const KILLS = Number(process.env.CODE_INDEX_CRASH_KILLS) || 20;
const EDITS_PER_KILL = 3;
/** Smaller than the default batch: more commits per run, so more kills land inside or between them. */
const BATCH_SIZE = 50;

function sourceFiles(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .filter((abs) => !relative(root, abs).split(sep).includes('.codeindex'));
}

/** How many of the index's files a run started at `since` had rewritten when it died. */
function progressSince(root, since) {
  const db = new Database(dbPathOf(root), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT count(*) AS files, count(CASE WHEN indexed_at >= ? THEN 1 END) AS rewritten FROM files').get(since);
  } finally {
    db.close();
  }
}

test(
  `a forced index killed with SIGKILL at ${KILLS} random moments leaves a sound index, and the next run converges`,
  { timeout: 10 * 60_000 },
  async (t) => {
    const seed = stressSeed();
    const random = seededRandom(seed);
    t.diagnostic(`seed ${seed} (CODE_INDEX_STRESS_SEED=${seed} replays the kill moments)`);
    const root = corpusCopy(t, 'crash');
    writeFiles(root, { '.codeindex/config.json': JSON.stringify({ batchSize: BATCH_SIZE }) });
    assertClean(await runCli(['index', root, '--json']), 'the first index');
    const measured = await runCli(['index', root, '--force', '--json']);
    assertClean(measured, 'the measured forced run');
    let runMs = measured.ms;
    const files = sourceFiles(root);
    t.diagnostic(
      `a forced run over ${files.length} files takes ${(runMs / 1000).toFixed(1)} s: kills fall in [0, ${Math.round(runMs)}] ms`,
    );

    let kills = 0;
    let finishedFirst = 0;
    const fractions = [];
    const midWrite = () => fractions.filter((f) => f > 0 && f < 1).length;
    // At least KILLS kills, a quarter of them between the first and the last commit of their run; if
    // the machine slowed down since the measurement, the early kills are topped up (up to twice as many).
    while (kills < KILLS || (midWrite() < KILLS / 4 && kills < 2 * KILLS)) {
      assert.ok(finishedFirst <= KILLS, `${finishedFirst} runs finished before their kill: the measured run time is off`);
      // Each run has new content to write, so a kill leaves some files new and some old.
      for (let i = 0; i < EDITS_PER_KILL; i++) appendFileSync(random.pick(files), `\n// crash ${kills}.${i}: appended\n`);
      const since = Date.now();
      const run = startCli(['index', root, '--force']);
      const timer = setTimeout(() => run.child.kill('SIGKILL'), random.next() * runMs);
      const result = await run.done;
      clearTimeout(timer);
      if (result.signal !== 'SIGKILL') {
        assertClean(result, 'a forced run that finished before its kill');
        finishedFirst++;
        runMs = result.ms; // the machine got faster than when we measured (a shared CI box): measure again
        continue;
      }
      kills++;
      // The next process to open the index recovers it from the WAL; check must find it sound.
      const check = await runCli(['check', root, '--json']);
      assert.equal(check.code, 0, `check failed after kill ${kills} (at ${Math.round(result.ms)} ms)\n${describe(check)}`);
      const { files: indexed, rewritten } = progressSince(root, since);
      assert.equal(indexed, files.length, `kill ${kills}: a forced run never drops files`);
      fractions.push(rewritten / indexed);
    }

    t.diagnostic(
      `${kills} kills (${finishedFirst} runs finished first, the last forced run took ${Math.round(runMs)} ms); share of files rewritten at each kill: ${fractions.map((f) => f.toFixed(2)).join(' ')}`,
    );
    assert.ok(midWrite() >= KILLS / 4, `only ${midWrite()} of ${kills} kills landed between the first and the last write`);

    const final = await runCli(['index', root, '--json']);
    assertClean(final, 'the run after the crashes');
    assert.equal((await runCli(['check', root])).code, 0);
    const reference = copyTree(t, root, 'reference');
    assertClean(await runCli(['index', reference, '--json']), 'the clean reference index');
    assertSameIndex(readSnapshot(dbPathOf(root)), readSnapshot(dbPathOf(reference)), `after ${KILLS} kills (seed ${seed})`);
  },
);
