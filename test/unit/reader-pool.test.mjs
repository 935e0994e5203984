// The reader pool (engine/reader-pool.ts) on a real index: reads run in worker threads, and a worker
// thread that dies is replaced without the pool, or the queries after it, noticing.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

async function indexedPool(t, size) {
  const root = tempDir(t, 'readers');
  writeFiles(root, {
    'src/config.ts': 'export function parseConfig(path: string) {\n  return path;\n}\n',
    'src/server.ts': 'export class HttpServer {\n  listen(port: number) {}\n}\n',
  });
  const ws = core.openWorkspace(root, { role: 'writer' });
  const { indexer, extractPools } = core.createIndexer(ws, core.silentReporter);
  await indexer.indexAll();
  await extractPools.close();
  ws.close();
  const pool = core.readerPool({ dbPath: dbPathOf(root), size, busyTimeoutMs: 5000, testHooks: true });
  t.after(() => pool.close());
  return pool;
}

const names = (hits) => hits.map((h) => h.name);

test('reads run in the pool and answer as the index does', async (t) => {
  const pool = await indexedPool(t, 2);
  assert.equal(pool.threads, 2);
  assert.deepEqual(names(await pool.run('symbols', { query: 'parseConfig', k: 5 })), ['parseConfig']);
  const status = await pool.run('status', { dbPath: 'x' });
  assert.equal(status.files, 2);
});

test('a worker that dies is replaced, and every query after it is answered', async (t) => {
  const pool = await indexedPool(t, 1);
  const before = names(await pool.run('symbols', { query: 'HttpServer', k: 5 }));
  await pool.crashOne();
  const queries = await Promise.all([1, 2, 3].map(() => pool.run('symbols', { query: 'HttpServer', k: 5 })));
  for (const answer of queries) assert.deepEqual(names(answer), before);
  assert.equal(pool.threads, 1, 'the dead thread was replaced, not added to');
  await pool.crashOne();
  await pool.crashOne();
  assert.deepEqual(names(await pool.run('symbols', { query: 'parseConfig', k: 5 })), ['parseConfig']);
});

test('an unknown read is an error that names it, and the pool keeps working', async (t) => {
  const pool = await indexedPool(t, 1);
  await assert.rejects(pool.run('dropEverything', null), /unknown read operation "dropEverything"/);
  assert.equal((await pool.run('status', { dbPath: 'x' })).files, 2);
});

test('a pool on a file that is not an index fails with the message a user can act on', async (t) => {
  const root = tempDir(t, 'not-an-index');
  writeFiles(root, { '.codeindex/index.db': 'this is not SQLite' });
  const pool = core.readerPool({ dbPath: dbPathOf(root), size: 1, busyTimeoutMs: 1000 });
  t.after(() => pool.close());
  await assert.rejects(
    pool.run('status', { dbPath: dbPathOf(root) }),
    (err) => err.code === 'NOT_AN_INDEX' && /check --repair/.test(err.message),
  );
});
