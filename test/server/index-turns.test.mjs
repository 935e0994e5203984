// The language server and a CLI `index` on one folder take turns: whichever starts second waits for
// the other's pass (the server says so in its log, the CLI on stderr) and then writes only what is
// left. The first is paused with SIGSTOP once it holds its turn, so the wait is certain.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { Database } from '../helpers/core.mjs';
import { runCli, startCli } from '../helpers/cli.mjs';
import { corpusCopy } from '../helpers/corpus.mjs';
import { eventually } from '../helpers/eventually.mjs';
import { assertClean } from '../helpers/stress.mjs';
import { dbPathOf } from '../helpers/workspace.mjs';
import { startServer } from './lsp-client.mjs';

const TIMEOUT = 5 * 60_000;

function readIndex(root, sql, ...args) {
  if (!existsSync(dbPathOf(root))) return undefined;
  const db = new Database(dbPathOf(root), { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).get(...args);
  } catch {
    return undefined; // not created yet
  } finally {
    db.close();
  }
}

const turnHolder = (root) => {
  const row = readIndex(root, "SELECT value FROM meta WHERE key = 'pass.index.holder'");
  return row ? JSON.parse(row.value) : null;
};

test("the server's pass waits for a CLI run and rewrites nothing it wrote", { timeout: TIMEOUT }, async (t) => {
  const root = corpusCopy(t, 'server-waits');
  const cli = startCli(['index', root, '--json']);
  await eventually(() => turnHolder(root)?.pid === cli.child.pid, 'the CLI run to take its turn');
  cli.child.kill('SIGSTOP');
  const server = await startServer([root]);
  t.after(() => server.child.exitCode === null && server.kill());
  await eventually(
    () => server.logs.some((l) => l.startsWith(`Waiting for code-index index (pid ${cli.child.pid})`)),
    'the server to say whom it waits for',
  );
  cli.child.kill('SIGCONT');
  const done = await cli.done;
  assertClean(done, 'the CLI run');
  const cliEnded = Date.now();
  assert.ok(JSON.parse(done.stdout).indexed >= 1000);
  await server.waitIdle();
  const late = readIndex(root, 'SELECT count(*) AS n FROM files WHERE indexed_at > ?', cliEnded);
  assert.equal(late.n, 0, 'the server rewrote files the CLI had written');
  await server.stop();
});

test("a CLI run waits for the server's pass and then writes nothing", { timeout: TIMEOUT }, async (t) => {
  const root = corpusCopy(t, 'cli-waits');
  const server = await startServer([root]);
  t.after(() => server.child.exitCode === null && server.kill());
  await eventually(() => turnHolder(root)?.who === "the editor's language server", "the server's pass to take its turn");
  server.child.kill('SIGSTOP');
  const cli = startCli(['index', root, '--json']);
  let stderr = '';
  cli.child.stderr.on('data', (s) => (stderr += s));
  await eventually(() => stderr.includes(`Waiting for the editor's language server (pid ${server.child.pid})`), 'the waiting line');
  server.child.kill('SIGCONT');
  const done = await cli.done;
  assertClean(done, 'the CLI run');
  const summary = JSON.parse(done.stdout);
  assert.equal(summary.indexed, 0, done.stdout);
  assert.ok(summary.unchanged >= 1000, done.stdout);
  await server.waitIdle();
  assert.equal((await runCli(['check', root])).code, 0);
  await server.stop();
});
