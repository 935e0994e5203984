// `code-index serve` as a user runs it from a terminal: a real process that indexes the folder,
// follows file changes through its watcher, answers other `code-index` processes, and stops cleanly
// on SIGTERM and SIGINT, taking its socket with it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readdirSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lsp-client.mjs';
import { runCli, startCli, describe } from '../helpers/cli.mjs';
import { tempDir } from '../helpers/workspace.mjs';
import { eventually } from '../helpers/eventually.mjs';

const TRACE = { CODE_INDEX_TRACE: '1' };
const SERVED = 'code-index: answered by the server running for this folder\n';

function startServe(t, root) {
  const serve = startCli(['serve', root]);
  let stderr = '';
  serve.child.stderr.on('data', (d) => {
    stderr += d;
  });
  t.after(() => serve.child.exitCode === null && serve.child.kill('SIGKILL'));
  return {
    ...serve,
    get stderr() {
      return stderr;
    },
  };
}

const symbolsServed = async (root, name) => {
  const run = await runCli(['symbols', name, '--dir', root, '--json'], { env: TRACE });
  assert.equal(run.code, 0, describe(run));
  assert.ok(run.stderr.startsWith(SERVED), describe(run));
  return JSON.parse(run.stdout).map((s) => `${s.name}@${s.path}`);
};

test('serve indexes the folder, answers the CLI, follows creates, changes and deletes, and stops on SIGTERM', async (t) => {
  const root = realpathSync(tempDir(t, 'serve'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), root, { recursive: true, filter: (src) => !src.includes('.codeindex') });
  const serve = startServe(t, root);
  await eventually(() => /ready: 5 files/.test(serve.stderr), 'the first pass');

  const served = await runCli(['search', 'parse config', '--dir', root, '--json'], { env: TRACE });
  const alone = await runCli(['search', 'parse config', '--dir', root, '--json'], { env: { CODE_INDEX_NO_SERVER: '1' } });
  assert.ok(served.stderr.startsWith(SERVED), describe(served));
  assert.equal(served.stdout, alone.stdout);

  writeFileSync(join(root, 'src', 'fresh.ts'), 'export function brandNewThing() {\n  return 1;\n}\n');
  await eventually(async () => (await symbolsServed(root, 'brandNewThing')).includes('brandNewThing@src/fresh.ts'), 'a created file');
  writeFileSync(join(root, 'src', 'fresh.ts'), 'export function renamedThing() {\n  return 2;\n}\n');
  await eventually(async () => (await symbolsServed(root, 'renamedThing')).includes('renamedThing@src/fresh.ts'), 'a changed file');
  assert.deepEqual(await symbolsServed(root, 'brandNewThing'), []);
  unlinkSync(join(root, 'src', 'fresh.ts'));
  await eventually(async () => (await symbolsServed(root, 'renamedThing')).length === 0, 'a deleted file');

  // Ignored folders are neither watched nor indexed.
  mkdirSync(join(root, 'node_modules', 'dep'), { recursive: true });
  writeFileSync(join(root, 'node_modules', 'dep', 'index.ts'), 'export function hiddenDependency() {}\n');
  writeFileSync(join(root, 'src', 'marker.ts'), 'export function afterTheDependency() {}\n');
  await eventually(async () => (await symbolsServed(root, 'afterTheDependency')).length === 1, 'the marker file');
  assert.deepEqual(await symbolsServed(root, 'hiddenDependency'), []);

  serve.child.kill('SIGTERM');
  const exit = await serve.done;
  assert.equal(exit.code, 143, describe(exit)); // 128 + SIGTERM
  assert.match(exit.stderr, /^Stopped: .*the index keeps \d+ files/m);
  assert.ok(!existsSync(join(root, '.codeindex', 'query.sock')), 'the socket goes with the server');
  const check = await runCli(['check', root]);
  assert.equal(check.code, 0, describe(check));
});

test('a folder whose path is too long for a Unix socket is served through the private temp folder; SIGINT stops it', async (t) => {
  const root = join(
    realpathSync(tempDir(t, 'serve-int')),
    'a-folder-name-long-enough-that-the-socket-path-would-not-fit-in-sun-path-'.repeat(2),
  );
  mkdirSync(root);
  writeFileSync(join(root, 'a.py'), 'def alpha():\n    return 1\n');
  const serve = startServe(t, root);
  await eventually(() => /ready: 1 files/.test(serve.stderr), 'the first pass');
  assert.deepEqual(await symbolsServed(root, 'alpha'), ['alpha@a.py']);
  assert.ok(!existsSync(join(root, '.codeindex', 'query.sock')));
  const socketDir = join(tmpdir(), `code-index-${process.getuid()}`);
  assert.equal(statSync(socketDir).mode & 0o777, 0o700, 'only its owner can enter the socket folder');
  const sockets = () => readdirSync(socketDir).filter((f) => f.endsWith('.sock')).length;
  const before = sockets();
  assert.ok(before >= 1);
  serve.child.kill('SIGINT');
  assert.equal((await serve.done).code, 130); // 128 + SIGINT
  assert.equal(sockets(), before - 1, 'the socket goes with the server');
});
