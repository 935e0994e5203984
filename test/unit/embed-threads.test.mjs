// The builtin on embed threads (CODE_INDEX_EMBED_THREADS): the same vectors and sketches as inline,
// the same stored bytes from a whole `code-index embed`, and a bad thread count refused in one line.
// Real code: this repository's server/ folder.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, core, Database } from '../helpers/core.mjs';
import { assertOneLineError, runCli, runCliJson } from '../helpers/cli.mjs';
import { copyTree, dbPathOf } from '../helpers/workspace.mjs';

const { BuiltinEmbeddingProvider, BuiltinPool, sketchOf } = core;
const THREADS = Math.min(2, availableParallelism());
const skip = THREADS < 2 ? 'one core: no second embed thread to compare' : false;
const env = (threads) => ({
  env: { CODE_INDEX_NO_SERVER: '1', CODE_INDEX_EMBEDDING_PROVIDER: 'builtin', CODE_INDEX_EMBED_THREADS: String(threads) },
});

test('the embed threads give the inline builtin vectors and sketches, in order', { skip }, async (t) => {
  const dir = join(REPO_ROOT, 'server/storage');
  const texts = readdirSync(dir).flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n\n'));
  assert.ok(texts.length > 100, `${texts.length} texts`);
  const pool = new BuiltinPool(THREADS);
  t.after(() => pool.close());
  const inline = new BuiltinEmbeddingProvider();
  assert.equal(pool.id, inline.id);
  const { vectors, sketches } = await pool.embedAndSketch(texts, 'document');
  const expected = inline.embedSync(texts, 'document');
  assert.equal(vectors.length, texts.length);
  expected.forEach((v, i) => {
    assert.deepEqual(Array.from(vectors[i]), Array.from(v), `vector ${i}`);
    assert.deepEqual(Array.from(sketches[i]), Array.from(sketchOf(v)), `sketch ${i}`);
  });
});

function storedVectors(root) {
  const db = new Database(dbPathOf(root), { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT hash, hex(vector) AS v FROM embeddings ORDER BY hash').all();
  db.close();
  return rows;
}

test('code-index embed on threads stores what it stores inline; a bad thread count is one line and loses nothing', { skip }, async (t) => {
  const roots = [1, THREADS].map((n) => copyTree(t, join(REPO_ROOT, 'server'), `threads-${n}`));
  for (const root of roots) await runCliJson(['index', root, '--json'], env(1));
  assertOneLineError(await runCli(['embed', roots[1], '--json'], env('two')), 2, /CODE_INDEX_EMBED_THREADS must be a whole number/);
  assert.equal((await runCliJson(['status', roots[1], '--json'], env(1))).embedded, 0);
  const inline = await runCliJson(['embed', roots[0], '--json'], env(1));
  const threaded = await runCliJson(['embed', roots[1], '--json'], env(THREADS));
  assert.equal(threaded.embedded, inline.embedded);
  assert.equal(threaded.pending, 0);
  assert.deepEqual(storedVectors(roots[1]), storedVectors(roots[0]));
  assert.equal((await runCli(['check', roots[1], '--json'], env(1))).code, 0);
});

test('with two batches in flight, claiming the second keeps the claims of the first until it is stored', async (t) => {
  const { openIndex, IndexWriter, Embedder } = core;
  const root = copyTree(t, join(REPO_ROOT, 'server'), 'in-flight');
  await runCliJson(['index', root, '--json'], env(1));
  const watcher = new Database(dbPathOf(root), { readonly: true });
  t.after(() => watcher.close());
  const inline = new BuiltinEmbeddingProvider();
  const sizes = [];
  const claimsSeen = [];
  // Sketches where it embeds, as the embed threads do: the embedder then keeps two batches in flight.
  const sketching = {
    id: inline.id,
    dimensions: inline.dimensions,
    embed: async (texts, purpose) => inline.embedSync(texts, purpose),
    async embedAndSketch(texts, purpose) {
      sizes.push(texts.length);
      claimsSeen.push(watcher.prepare('SELECT count(*) AS n FROM embed_claims').get().n);
      const vectors = inline.embedSync(texts, purpose);
      return { vectors, sketches: vectors.map((v) => sketchOf(v)) };
    },
  };
  const index = openIndex(dbPathOf(root), { role: 'writer', busyTimeoutMs: 5000 });
  t.after(() => index.conn.close());
  const reporter = { progress() {}, warn() {} };
  const run = await new Embedder(index.conn, new IndexWriter(index), sketching, reporter, { batchSize: 16 }).run();
  assert.equal(run.pending, 0);
  assert.ok(sizes.length > 4, `${sizes.length} batches`);
  // The second batch is claimed before the first is stored, so both are claimed when it starts.
  assert.equal(claimsSeen[1], sizes[0] + sizes[1], `claims seen per batch: ${claimsSeen.join(', ')}`);
  assert.equal(watcher.prepare('SELECT count(*) AS n FROM embed_claims').get().n, 0);
});
