// Vectors as the index keeps them (schema 6: int8 scaled by their own largest entry): what comes back
// is the float vector to cosine 0.999, the two-pass search finds the exact neighbours, a schema-4
// index's float32 vectors are converted in place, and embedders claiming from a cursor miss nothing.
// Real code (this repository's server/ folder, some 800 chunks) indexed and embedded by the built CLI.
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, core, Database, sqliteVec, collectingReporter } from '../helpers/core.mjs';
import { runCli, runCliJson } from '../helpers/cli.mjs';
import { copyTree, dbPathOf, tempDir } from '../helpers/workspace.mjs';
import { UNDO_V5 } from '../helpers/schema-layouts.mjs';

const { BuiltinEmbeddingProvider, encodeVector, storedVector, nearestVectors, openIndex, IndexWriter, Embedder, checkIndex } = core;
const ENV = { env: { CODE_INDEX_NO_SERVER: '1', CODE_INDEX_EMBEDDING_PROVIDER: 'builtin' } };
const provider = new BuiltinEmbeddingProvider();

async function embeddedWorkspace(t) {
  const root = copyTree(t, join(REPO_ROOT, 'server'), 'vector-storage');
  await runCliJson(['index', root, '--json'], ENV);
  const embed = await runCliJson(['embed', root, '--json'], ENV);
  assert.equal(embed.pending, 0);
  return root;
}

/** Every distinct chunk (hash order) with its float vector, made afresh. */
function chunksOf(dbPath) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const rows = db
    .prepare('SELECT c.hash, min(c.text) AS text, min(c.symbol) AS symbol FROM chunks c GROUP BY c.hash ORDER BY c.hash')
    .all();
  const stored = new Map(
    db
      .prepare('SELECT hash, vector FROM embeddings')
      .all()
      .map((r) => [r.hash, r.vector]),
  );
  db.close();
  const vectors = provider.embedSync(
    rows.map((r) => r.text),
    'document',
  );
  return rows.map((r, i) => ({ ...r, vector: vectors[i], stored: stored.get(r.hash) }));
}

const cosine = (a, b) => {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) [dot, na, nb] = [dot + a[i] * b[i], na + a[i] * a[i], nb + b[i] * b[i]];
  return dot / Math.sqrt(na * nb);
};

function reader(dbPath) {
  return openIndex(dbPath, { role: 'reader', busyTimeoutMs: 5000 });
}

test('a stored vector is one byte a dimension, the encoding of its float vector, within cosine 0.999 of it', async (t) => {
  const chunks = chunksOf(dbPathOf(await embeddedWorkspace(t)));
  assert.ok(chunks.length > 300, `${chunks.length} chunks`);
  let worst = 1;
  for (const c of chunks) {
    assert.equal(c.stored.byteLength, provider.dimensions, c.hash);
    assert.deepEqual(Buffer.from(c.stored), Buffer.from(encodeVector(c.vector)), `${c.hash} is stored as its encoding`);
    worst = Math.min(worst, cosine(storedVector(c.stored, provider.dimensions), c.vector));
  }
  assert.ok(worst >= 0.999, `worst cosine of a stored vector to its float vector: ${worst}`);
});

test('the two-pass search finds each chunk itself first, and the exact top 10 of name queries', async (t) => {
  const dbPath = dbPathOf(await embeddedWorkspace(t));
  const chunks = chunksOf(dbPath);
  const index = reader(dbPath);
  t.after(() => index.conn.close());
  // Every 20th chunk, by rule: as itself (a document vector), and its symbol name as a query.
  const sample = chunks.filter((_, i) => i % 20 === 0);
  for (const c of sample) assert.equal(nearestVectors(index.conn, c.vector, 1)[0].hash, c.hash, `${c.hash} is its own nearest`);
  const names = [...new Set(sample.map((c) => c.symbol).filter(Boolean))];
  assert.ok(names.length >= 10, `${names.length} name queries`);
  let found = 0;
  for (const query of provider.embedSync(names, 'query')) {
    const exact = chunks
      .map((c) => [c.hash, cosine(query, c.vector)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map((e) => e[0]);
    const got = new Set(nearestVectors(index.conn, query, 10).map((n) => n.hash));
    found += exact.filter((h) => got.has(h)).length;
  }
  const recall = found / (10 * names.length);
  t.diagnostic(`recall of the exact float top 10 over ${names.length} queries: ${(100 * recall).toFixed(1)}%`);
  assert.ok(recall >= 0.9, `recall ${recall}`);
});

test('a schema-4 index with float32 vectors is converted in place on upgrade: nothing to embed again, the same neighbours', async (t) => {
  const root = await embeddedWorkspace(t);
  const dbPath = dbPathOf(root);
  const chunks = chunksOf(dbPath);
  const queries = provider.embedSync(['parse config', 'open index', 'embed batch', 'search hybrid'], 'query');
  const current = reader(dbPath);
  const expected = queries.map((q) => nearestVectors(current.conn, q, 10));
  current.conn.close();
  // What schema 4 stored: the float32 bytes of each vector, under user_version 4.
  const old = join(tempDir(t, 'v4'), 'index.db');
  copyFileSync(dbPath, old);
  const db = new Database(old);
  db.loadExtension(sqliteVec.getLoadablePath());
  const put = db.prepare('UPDATE embeddings SET vector = ? WHERE hash = ?');
  for (const c of chunks) put.run(new Uint8Array(c.vector.buffer), c.hash);
  db.exec(UNDO_V5);
  db.exec('PRAGMA user_version = 4');
  db.close();
  copyFileSync(old, dbPath);

  assert.throws(() => reader(dbPath), /schema 4; this one reads 7\). Run `code-index index` once to upgrade it in place/);
  const writer = openIndex(dbPath, { role: 'writer', busyTimeoutMs: 5000 });
  assert.equal(writer.conn.prepare('PRAGMA user_version').get().user_version, 7);
  writer.conn.close();
  for (const c of chunksOf(dbPath)) assert.deepEqual(Buffer.from(c.stored), Buffer.from(encodeVector(c.vector)), c.hash);
  const upgraded = reader(dbPath);
  queries.forEach((q, i) => assert.deepEqual(nearestVectors(upgraded.conn, q, 10), expected[i]));
  upgraded.conn.close();
  const embed = await runCliJson(['embed', root, '--json'], ENV);
  assert.equal(embed.embedded, 0, 'the converted vectors are kept');
  assert.equal((await runCli(['check', root, '--json'], ENV)).code, 0);
});

test('two embedders with small batches share the work; a claim that lapses behind the cursor is still embedded', async (t) => {
  const root = copyTree(t, join(REPO_ROOT, 'server'), 'vector-claims');
  await runCliJson(['index', root, '--json'], ENV);
  const dbPath = dbPathOf(root);
  const other = new Database(dbPath);
  t.after(() => other.open && other.close());
  // Another embedder's live claim on the first hash; it lapses (is dropped) once ours has gone past it.
  const first = other.prepare('SELECT min(hash) AS h FROM chunks').get().h;
  other.prepare("INSERT INTO embed_claims (hash, owner, expires_at) VALUES (?, 'gone', ?)").run(first, Date.now() + 60_000);
  let calls = 0;
  const lapsing = {
    id: provider.id,
    dimensions: provider.dimensions,
    async embed(texts, purpose) {
      if (++calls === 3) other.prepare("DELETE FROM embed_claims WHERE owner = 'gone'").run();
      return provider.embedSync(texts, purpose);
    },
  };
  const opened = [0, 1].map(() => openIndex(dbPath, { role: 'writer', busyTimeoutMs: 5000 }));
  t.after(() => opened.forEach((o) => o.conn.close()));
  const runs = await Promise.all(
    opened.map((o, i) =>
      new Embedder(o.conn, new IndexWriter(o), i === 0 ? lapsing : provider, collectingReporter(), { batchSize: 16 }).run(),
    ),
  );
  const distinct = other.prepare('SELECT count(DISTINCT hash) AS n FROM chunks').get().n;
  assert.equal(runs[0].embedded + runs[1].embedded, distinct, 'every hash embedded once');
  assert.ok(runs[0].embedded > 0 && runs[1].embedded > 0, JSON.stringify(runs));
  assert.equal(other.prepare('SELECT count(*) AS n FROM embeddings WHERE hash = ?').get(first).n, 1, 'the lapsed hash');
  assert.equal(other.prepare('SELECT count(*) AS n FROM embed_claims').get().n, 0);
  const report = checkIndex(opened[0].conn);
  assert.ok(report.ok, JSON.stringify(report.checks));
});
