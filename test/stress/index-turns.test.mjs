// Two indexers on one folder do the work once: a second `index` waits for the pass that runs (and
// says whose), then reads only what is left; a killed holder is passed over at once; Ctrl+C ends a
// wait; a --force run that waited for another --force run does not rewrite everything again.
// The holder is paused with SIGSTOP once it holds its turn, so each wait is certain, not a race.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Database } from '../helpers/core.mjs';
import { runCli, runCliJson, startCli, describe } from '../helpers/cli.mjs';
import { corpusCopy } from '../helpers/corpus.mjs';
import { eventually } from '../helpers/eventually.mjs';
import { assertClean } from '../helpers/stress.mjs';
import { dbPathOf } from '../helpers/workspace.mjs';

const TIMEOUT = 5 * 60_000;

/** The pass holding the folder's turn (storage/pass-lease.ts), or null. */
function turnHolder(root) {
  if (!existsSync(dbPathOf(root))) return null;
  const db = new Database(dbPathOf(root), { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare("SELECT value FROM meta WHERE key = 'pass.index.holder'").get();
    return row ? JSON.parse(row.value) : null;
  } catch {
    return null; // the first writer is still creating the schema
  } finally {
    db.close();
  }
}

/** Starts `index` and pauses it (SIGSTOP) as soon as it holds the turn. */
async function startPausedHolder(root, args = []) {
  const holder = startCli(['index', root, '--json', ...args]);
  await eventually(() => turnHolder(root)?.pid === holder.child.pid, 'the first index run to take its turn');
  holder.child.kill('SIGSTOP');
  return holder;
}

const untilStderr = (run, pattern, what) => eventually(() => pattern.test(run.stderr()), what);

function withStderr(run) {
  let stderr = '';
  run.child.stderr.on('data', (s) => (stderr += s));
  return { ...run, stderr: () => stderr };
}

test('a second index waits for the first, says whose turn it is, then writes nothing again', { timeout: TIMEOUT }, async (t) => {
  const root = corpusCopy(t, 'turns');
  const first = await startPausedHolder(root);
  const second = withStderr(startCli(['index', root, '--json']));
  await untilStderr(second, new RegExp(`Waiting for code-index index \\(pid ${first.child.pid}\\)`), 'the waiting line');
  first.child.kill('SIGCONT');
  const [a, b] = await Promise.all([first.done, second.done]);
  assertClean(a, 'the first run');
  assertClean(b, 'the second run');
  const one = JSON.parse(a.stdout);
  const two = JSON.parse(b.stdout);
  assert.ok(one.indexed >= 1000, `the first run wrote the folder: ${a.stdout}`);
  assert.equal(two.indexed, 0, `the second run rewrote files the first had written: ${b.stdout}`);
  assert.equal(two.unchanged + two.skipped, two.files);
  assert.match(two.waited.who, new RegExp(`pid ${first.child.pid}`));
  assert.equal(turnHolder(root), null, 'the turn is given back');
  assert.equal((await runCli(['check', root])).code, 0);
});

test('a killed holder is passed over at once; Ctrl+C ends a wait and writes nothing', { timeout: TIMEOUT }, async (t) => {
  const root = corpusCopy(t, 'turns-killed');
  const killed = await startPausedHolder(root);
  killed.child.kill('SIGKILL');
  await killed.done;
  const after = await runCli(['index', root, '--json']);
  assertClean(after, 'the run after the kill');
  assert.doesNotMatch(after.stderr, /Waiting for/, 'a dead holder is not waited for');
  const summary = JSON.parse(after.stdout);
  assert.equal(summary.indexed + summary.unchanged + summary.skipped, summary.files);

  const holder = await startPausedHolder(root, ['--force']);
  const waiting = withStderr(startCli(['index', root]));
  await untilStderr(waiting, /Waiting for code-index index/, 'the waiting line');
  const asked = performance.now();
  waiting.child.kill('SIGINT');
  const stopped = await waiting.done;
  assert.ok(performance.now() - asked < 5_000, 'the wait ended promptly');
  assert.equal(stopped.code, 130, describe(stopped));
  assert.match(stopped.stderr, /^Stopped: nothing was read or written/m);
  holder.child.kill('SIGCONT');
  assertClean(await holder.done, 'the holder');
  assert.equal((await runCli(['check', root])).code, 0);
});

test('a --force run that waited for another --force run reads only what changed since', { timeout: TIMEOUT }, async (t) => {
  const root = corpusCopy(t, 'turns-force');
  assertClean(await runCli(['index', root]), 'the first index');
  const first = await startPausedHolder(root, ['--force']);
  const second = withStderr(startCli(['index', root, '--force', '--json']));
  await untilStderr(second, /Waiting for/, 'the waiting line');
  first.child.kill('SIGCONT');
  const [a, b] = await Promise.all([first.done, second.done]);
  assertClean(a, 'the first --force run');
  assertClean(b, 'the second --force run');
  assert.ok(JSON.parse(a.stdout).indexed >= 1000);
  assert.equal(JSON.parse(b.stdout).indexed, 0, b.stdout);
  assert.match(b.stderr, /rewrote every file while this run waited/);
  const status = await runCliJson(['status', root, '--json']);
  assert.equal(status.files, JSON.parse(a.stdout).files);
});
