// The real language server (dist/server.js) as a child process, driven over stdio by a real LSP
// client, on a copy of the demo workspace: indexing, queries, file events, pause and resume,
// malformed requests, external writers and a clean exit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { startServer, FileChangeType, repoRoot } from './lsp-client.mjs';
import { eventually } from '../helpers/eventually.mjs';

const cli = join(repoRoot, 'dist', 'cli.js');
let ws;
let server;

const symbolNames = async (query) => (await server.request('workspace/symbol', { query })).map((s) => s.name);

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'ci-server-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), ws, { recursive: true, filter: (src) => !src.includes('.codeindex') });
  server = await startServer([ws]);
});

after(async () => {
  if (server && server.child.exitCode === null) await server.kill();
  rmSync(ws, { recursive: true, force: true });
});

test('indexes the folder in the background and reports progress with real counts', async () => {
  const status = await server.waitIdle();
  assert.equal(status.folders[0].files, 5);
  assert.ok(status.folders[0].symbols >= 5);
  assert.equal(status.folders[0].pending, 0);
  const kinds = server.progress.map((p) => p.kind);
  assert.equal(kinds[0], 'begin');
  assert.ok(kinds.includes('end'));
  assert.ok(
    server.progress.some((p) => p.message === 'indexing 5/5 files'),
    JSON.stringify(server.progress),
  );
  assert.ok(server.progress.some((p) => /^embedding \d+\/\d+ chunks$/.test(p.message ?? '')));
});

test('workspace/symbol ranks the exact name first and points at its name', async () => {
  const symbols = await server.request('workspace/symbol', { query: 'parseConfig' });
  assert.equal(symbols[0].name, 'parseConfig');
  assert.match(symbols[0].location.uri, /src\/config\.ts$/);
  assert.equal(symbols[0].location.range.start.line, 10);
  const humps = await symbolNames('CW');
  assert.equal(humps[0], 'ConfigWatcher');
});

test('codeIndex/search answers in every mode, with ranges, snippets and per-signal scores', async () => {
  const hybrid = await server.request('codeIndex/search', { query: 'retry a failed request with backoff', k: 3 });
  assert.ok(
    hybrid.items.slice(0, 2).some((i) => i.path === 'src/http-client.ts'),
    JSON.stringify(hybrid.items.map((i) => i.path)),
  );
  const top = hybrid.items.find((i) => i.path === 'src/http-client.ts');
  assert.ok(top.scores.text > 0 && top.scores.vector > 0);
  assert.ok(top.snippet.includes('fetchWithRetry') || top.snippet.includes('retries'));
  for (const mode of ['text', 'symbol', 'semantic', 'hybrid']) {
    const r = await server.request('codeIndex/search', { query: 'parse config', mode, k: 5 });
    assert.ok(r.items.length > 0, `mode ${mode} found nothing`);
  }
  const py = await server.request('codeIndex/search', { query: 'config', lang: 'python' });
  assert.ok(py.items.length > 0 && py.items.every((i) => i.path.endsWith('.py')));
  const chunks = await server.request('codeIndex/search', { query: 'config parse', mode: 'text', k: 50 });
  const files = await server.request('codeIndex/search', { query: 'config parse', mode: 'text', k: 50, group: 'file' });
  const paths = files.items.map((i) => i.path);
  assert.ok(chunks.items.length > paths.length, 'several chunks of a file become one item');
  assert.deepEqual([...new Set(paths)].sort(), [...new Set(chunks.items.map((i) => i.path))].sort());
  assert.equal(new Set(paths).size, paths.length, `one item per file: ${paths}`);
});

test('a file created, changed and deleted on disk is followed through file events', async () => {
  const file = join(ws, 'src', 'checksum.ts');
  writeFileSync(file, 'export function computeChecksum(data: string): number {\n  return data.length;\n}\n');
  server.notifyFiles([[file, FileChangeType.Created]]);
  await eventually(async () => (await symbolNames('computeChecksum')).includes('computeChecksum'), 'the new symbol');

  writeFileSync(file, 'export function verifyChecksum(data: string): boolean {\n  return data.length > 0;\n}\n');
  server.notifyFiles([[file, FileChangeType.Changed]]);
  await eventually(async () => {
    const names = await symbolNames('Checksum');
    return names.includes('verifyChecksum') && !names.includes('computeChecksum');
  }, 'the changed symbol');

  unlinkSync(file);
  server.notifyFiles([[file, FileChangeType.Deleted]]);
  await eventually(async () => !(await symbolNames('verifyChecksum')).includes('verifyChecksum'), 'the symbol to go');
});

test('malformed requests get InvalidParams and the server stays up', async () => {
  const bad = [
    ['codeIndex/search', { query: 5 }],
    ['codeIndex/search', 'nonsense'],
    ['codeIndex/search', { query: 'x', k: 0 }],
    ['codeIndex/search', { query: 'x', mode: 'bogus' }],
    ['codeIndex/search', { query: 'x', group: 'folder' }],
    ['codeIndex/reindex', { force: 'yes' }],
    ['codeIndex/search', { query: 'x', lang: 'cobol' }],
    ['codeIndex/search', { query: 'x', path: '!src' }],
  ];
  for (const [method, params] of bad) {
    await assert.rejects(
      server.request(method, params),
      (err) => err.code === -32602 && err.message.length > 0,
      `${method} ${JSON.stringify(params)}`,
    );
  }
  // FTS5 syntax is searched for as words: the same hits as the words typed plainly.
  const fts = await server.request('codeIndex/search', { query: 'parse AND (config* OR path:) NEAR/2', mode: 'text' });
  const plain = await server.request('codeIndex/search', { query: 'parse and config or path near 2', mode: 'text' });
  const where = (r) => r.items.map((i) => `${i.path}:${i.range.start.line + 1}`);
  assert.deepEqual(where(fts), where(plain));
  assert.ok(where(fts).includes('src/config.ts:1') && where(fts).includes('lib/parse_config.py:5'), JSON.stringify(where(fts)));
  // A query still being typed, with no word yet, answers nothing and says why.
  assert.deepEqual(await server.request('codeIndex/search', { query: '("' }), { items: [], notes: ['type a word to search for'] });
  const status = await server.request('codeIndex/status');
  assert.equal(status.folders[0].state, 'idle');
});

test('the server notices what a CLI in a terminal writes to the same index', async () => {
  writeFileSync(join(ws, 'lib', 'from_cli.py'), 'def written_by_terminal():\n    return 1\n');
  execFileSync(process.execPath, [cli, 'index', ws], { stdio: 'pipe' });
  await server.waitForStatus((s) => s.folders[0].files === 6, 15_000);
  assert.deepEqual(await symbolNames('written_by_terminal'), ['written_by_terminal']);
});

test('pause survives a restart, loses no file event, and resume catches up', async () => {
  // An event inside the batching window, then the pause: the batch waiting for it must not run.
  const early = join(ws, 'src', 'before-pause.ts');
  writeFileSync(early, 'export function addedJustBeforePause(): void {}\n');
  server.notifyFiles([[early, FileChangeType.Created]]);
  await server.request('codeIndex/pause');
  assert.equal((await server.request('codeIndex/status')).folders[0].state, 'paused');
  const file = join(ws, 'src', 'while-paused.ts');
  writeFileSync(file, 'export function addedWhilePaused(): void {}\n');
  server.notifyFiles([[file, FileChangeType.Created]]);
  // That nothing happens cannot be awaited as an event: wait out the batcher's longest window
  // (maxWaitMs, 1 s, engine/event-batcher.ts) so that an unpaused server would have indexed both.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(await symbolNames('addedWhilePaused'), []);
  assert.deepEqual(await symbolNames('addedJustBeforePause'), []);
  assert.equal((await server.request('codeIndex/status')).folders[0].files, 6, "the five demo files and the CLI's, no more");

  assert.equal((await server.stop()).code, 0);
  server = await startServer([ws]);
  const status = await server.waitForStatus((s) => s.folders[0]?.state === 'paused');
  assert.equal(status.folders[0].state, 'paused');
  assert.deepEqual(await symbolNames('addedWhilePaused'), []);

  await server.request('codeIndex/resume');
  await eventually(async () => (await symbolNames('addedWhilePaused')).includes('addedWhilePaused'), 'catch-up after resume');
  assert.deepEqual(await symbolNames('addedJustBeforePause'), ['addedJustBeforePause']);
});

test('an idle index thread ends, and the next file event starts another that indexes it', async () => {
  const quiet = mkdtempSync(join(tmpdir(), 'ci-server-idle-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), quiet, { recursive: true, filter: (src) => !src.includes('.codeindex') });
  const idle = await startServer([quiet], { env: { CODE_INDEX_WORKER_IDLE_MS: '1500' } });
  try {
    const threads = () => Number(/Threads:\s+(\d+)/.exec(readFileSync(`/proc/${idle.child.pid}/status`, 'utf8'))[1]);
    await idle.waitIdle();
    const busy = threads();
    const retired = await eventually(() => (threads() < busy ? threads() : 0), 'the index thread to end');

    const file = join(quiet, 'src', 'after-retire.ts');
    writeFileSync(file, 'export function indexedByANewThread(): void {}\n');
    idle.notifyFiles([[file, FileChangeType.Created]]);
    await eventually(
      async () => (await idle.request('workspace/symbol', { query: 'indexedByANewThread' })).length === 1,
      'the new thread to index the file',
    );
    assert.equal((await idle.request('codeIndex/status')).folders[0].error, null);
    await eventually(() => threads() <= retired, 'the new index thread to end too');
  } finally {
    await idle.stop();
    rmSync(quiet, { recursive: true, force: true });
  }
});

test('shutdown and exit end the server and leave no process behind', async () => {
  await server.waitIdle();
  const pid = server.child.pid;
  const { code } = await server.stop();
  assert.equal(code, 0);
  assert.throws(() => process.kill(pid, 0), /ESRCH/);
  const check = execFileSync(process.execPath, [cli, 'check', ws, '--json'], { encoding: 'utf8' });
  assert.equal(JSON.parse(check).ok, true);
});
