// The index writer: a file's rows are replaced inside one transaction, a failed batch leaves nothing
// behind, removals take every row of a file, and a vector goes with the last chunk of its hash.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { fileRecord, sha1 } from '../helpers/records.mjs';
import { tempDir } from '../helpers/workspace.mjs';

const { openIndex, IndexWriter, IndexError, checkIndex, textSearch, sketchTableSql, insertVector } = core;

/** A writer on a fresh index, and a second (reader) connection to the same file. */
function freshIndex(t, busyTimeoutMs = 5000) {
  const dbPath = join(tempDir(t, 'writer'), 'index.db');
  const index = openIndex(dbPath, { role: 'writer', busyTimeoutMs });
  const reader = openIndex(dbPath, { role: 'reader', busyTimeoutMs });
  t.after(() => {
    reader.conn.close();
    index.conn.close();
  });
  return { dbPath, index, conn: index.conn, reader: reader.conn, writer: new IndexWriter(index) };
}

/** Every row a file owns, table by table, as seen through `conn`. */
function rowsOf(conn, path) {
  const file = conn.prepare('SELECT id, size, mtime_ms, hash FROM files WHERE path = ?').get(path);
  if (!file) return null;
  const all = (sql) => conn.prepare(sql).all(file.id);
  return {
    file,
    chunks: all('SELECT text, hash, start_line AS line FROM chunks WHERE file_id = ? ORDER BY start_line'),
    fts: conn.prepare('SELECT count(*) AS n FROM chunks_fts WHERE rowid IN (SELECT id FROM chunks WHERE file_id = ?)').get(file.id).n,
    symbols: all('SELECT name FROM symbols WHERE file_id = ? ORDER BY name').map((r) => r.name),
    calls: all('SELECT callee FROM calls WHERE file_id = ?').length,
    imports: all('SELECT module FROM imports WHERE file_id = ?').length,
    exports: all('SELECT name FROM exports WHERE file_id = ?').length,
  };
}

function count(conn, table) {
  return conn.prepare(`SELECT count(*) AS n FROM ${table}`).get().n;
}

function assertSound(conn) {
  const report = checkIndex(conn);
  assert.ok(report.ok, JSON.stringify(report.checks));
}

const V1 = ['function parseConfig() { return alpha; }', 'function loadSettings() { return beta; }', 'const gamma = 3;'];
const V2 = ['function parseConfig() { return delta; }', 'const epsilon = 5;'];

test('a written file has its file row, chunks, text-index rows, symbols, calls, imports and exports', async (t) => {
  const { conn, writer } = freshIndex(t);
  const outcome = await writer.commitBatch({ write: [fileRecord('src/a.ts', V1, { symbols: ['parseConfig', 'loadSettings'] })] });
  assert.deepEqual(outcome, { written: 1, removed: 0, stale: [] });
  const rows = rowsOf(conn, 'src/a.ts');
  assert.equal(rows.chunks.length, 3);
  assert.equal(rows.fts, 3);
  assert.deepEqual(rows.symbols, ['loadSettings', 'parseConfig']);
  assert.deepEqual([rows.calls, rows.imports, rows.exports], [1, 1, 2]);
  assert.equal(textSearch(conn, 'load settings', 5)[0]?.path, 'src/a.ts');
  assertSound(conn);
});

test('rewriting a file replaces every one of its rows, and the text index forgets the old words', async (t) => {
  const { conn, writer } = freshIndex(t);
  await writer.commitBatch({
    write: [fileRecord('src/a.ts', V1, { symbols: ['parseConfig', 'loadSettings'] }), fileRecord('src/b.ts', ['const beta = 2;'])],
  });
  const before = rowsOf(conn, 'src/a.ts');
  await writer.commitBatch({ write: [fileRecord('src/a.ts', V2, { symbols: ['parseConfig'], mtimeMs: 1_800_000_000_000 })] });
  const after = rowsOf(conn, 'src/a.ts');
  assert.equal(after.file.id, before.file.id, 'the file keeps its id');
  assert.equal(after.file.mtime_ms, 1_800_000_000_000);
  assert.deepEqual(
    after.chunks.map((c) => c.text),
    V2,
  );
  assert.equal(after.fts, 2);
  assert.deepEqual(after.symbols, ['parseConfig']);
  assert.deepEqual([after.calls, after.imports, after.exports], [1, 1, 1]);
  assert.equal(count(conn, 'chunks'), 3, 'two chunks of a.ts and one of b.ts');
  assert.deepEqual(textSearch(conn, 'loadSettings', 5), [], 'the old chunk is not found');
  assert.deepEqual(textSearch(conn, 'gamma', 5), []);
  assert.equal(textSearch(conn, 'epsilon', 5)[0]?.path, 'src/a.ts');
  assert.equal(textSearch(conn, 'beta', 5)[0]?.path, 'src/b.ts', 'the other file is untouched');
  assertSound(conn);
});

test('a batch that fails part-way leaves the index exactly as it was', async (t) => {
  const { conn, writer } = freshIndex(t);
  await writer.commitBatch({ write: [fileRecord('src/a.ts', V1)] });
  const before = rowsOf(conn, 'src/a.ts');
  const broken = fileRecord('src/broken.ts', ['x']);
  broken.extract.chunks[0].text = null; // chunks.text is NOT NULL: the insert fails mid-batch
  await assert.rejects(
    writer.commitBatch({ write: [fileRecord('src/a.ts', V2), fileRecord('src/c.ts', ['const c = 1;']), broken], remove: ['src/a.ts'] }),
    (err) => err instanceof IndexError && err.message.includes('index.db'),
  );
  assert.deepEqual(rowsOf(conn, 'src/a.ts'), before, 'a.ts keeps its old rows');
  assert.equal(rowsOf(conn, 'src/c.ts'), null, 'nothing of the failed batch was written');
  assert.equal(count(conn, 'chunks_fts'), count(conn, 'chunks'));
  // No transaction is left open: the next batch goes through.
  await writer.commitBatch({ write: [fileRecord('src/c.ts', ['const c = 1;'])] });
  assert.equal(rowsOf(conn, 'src/c.ts').chunks.length, 1);
  assertSound(conn);
});

test('while a batch is being written, another connection sees the old rows; after commit, only the new', async (t) => {
  const { conn, reader, writer } = freshIndex(t);
  await writer.commitBatch({ write: [fileRecord('src/a.ts', V1, { symbols: ['parseConfig', 'loadSettings'] })] });
  const old = rowsOf(reader, 'src/a.ts');
  let seenMidway = null;
  // The guard runs inside the write transaction, just before each record: by the second record the
  // first one's new rows are written but not committed.
  const guard = (record) => {
    if (record.path === 'src/z.ts') {
      seenMidway = rowsOf(reader, 'src/a.ts');
      assert.deepEqual(
        rowsOf(conn, 'src/a.ts').chunks.map((c) => c.text),
        V2,
        'the writer sees its own rows',
      );
    }
    return true;
  };
  await writer.commitBatch(
    { write: [fileRecord('src/a.ts', V2, { symbols: ['parseConfig'] }), fileRecord('src/z.ts', ['const z = 0;'])] },
    guard,
  );
  assert.deepEqual(seenMidway, old, 'the reader saw the whole old file, not a mix');
  assert.deepEqual(
    rowsOf(reader, 'src/a.ts').chunks.map((c) => c.text),
    V2,
  );
});

test('removing a file takes all of its rows and leaves the other files alone', async (t) => {
  const { conn, writer } = freshIndex(t);
  await writer.commitBatch({
    write: [fileRecord('a.ts', V1, { symbols: ['parseConfig', 'loadSettings'] }), fileRecord('b.ts', V2, { symbols: ['parseConfig'] })],
  });
  const outcome = await writer.commitBatch({ remove: ['a.ts', 'never-indexed.ts'] });
  assert.deepEqual(outcome, { written: 0, removed: 1, stale: [] });
  assert.equal(rowsOf(conn, 'a.ts'), null);
  for (const table of ['chunks', 'chunks_fts']) assert.equal(count(conn, table), 2, table);
  for (const table of ['symbols', 'calls', 'imports', 'exports']) assert.equal(count(conn, table), 1, table);
  assert.deepEqual(textSearch(conn, 'loadSettings', 5), []);
  assertSound(conn);
});

test('a vanished file loses its rows unless the return guard says it is back on disk', async (t) => {
  const { conn, writer } = freshIndex(t);
  await writer.commitBatch({ write: [fileRecord('back.ts', V1), fileRecord('gone.ts', V2), fileRecord('binary.ts', ['x'])] });
  const asked = [];
  const outcome = await writer.commitBatch({ vanished: ['back.ts', 'gone.ts'], remove: ['binary.ts'] }, undefined, (path) => {
    asked.push(path);
    return path === 'back.ts';
  });
  assert.equal(outcome.removed, 2);
  assert.deepEqual(asked.sort(), ['back.ts', 'gone.ts'], 'only vanished files are asked about; a plain removal is not');
  assert.deepEqual(
    rowsOf(conn, 'back.ts').chunks.map((c) => c.text),
    V1,
  );
  assert.equal(rowsOf(conn, 'gone.ts'), null);
  assert.equal(rowsOf(conn, 'binary.ts'), null);
  assertSound(conn);
});

test('a touch moves only the size and mtime; a stale record is handed back unwritten', async (t) => {
  const { conn, writer } = freshIndex(t);
  await writer.commitBatch({ write: [fileRecord('a.ts', V1), fileRecord('b.ts', V2)] });
  const before = rowsOf(conn, 'a.ts');
  const stale = fileRecord('b.ts', ['const changed = 1;']);
  const outcome = await writer.commitBatch(
    { touch: [{ path: 'a.ts', size: 999, mtimeMs: 1_900_000_000_000.7 }], write: [stale, fileRecord('c.ts', ['const c = 1;'])] },
    (record) => record.path !== 'b.ts',
  );
  assert.equal(outcome.written, 1);
  assert.deepEqual(
    outcome.stale.map((r) => r.path),
    ['b.ts'],
  );
  const after = rowsOf(conn, 'a.ts');
  assert.deepEqual({ ...after, file: { ...after.file, size: before.file.size, mtime_ms: before.file.mtime_ms } }, before);
  assert.deepEqual([after.file.size, after.file.mtime_ms], [999, 1_900_000_000_000]);
  assert.deepEqual(
    rowsOf(conn, 'b.ts').chunks.map((c) => c.text),
    V2,
    'the stale record did not replace b.ts',
  );
  assert.ok(rowsOf(conn, 'c.ts'));
});

/** Gives each of `hashes` an embeddings row and a vector, as the embedder does. */
function embed(conn, hashes) {
  conn.exec(sketchTableSql());
  for (const [i, hash] of hashes.entries()) insertVector(conn, hash, new Float32Array([1, i, 0, 0]));
}

function vectorHashes(conn) {
  return conn
    .prepare('SELECT e.hash FROM embeddings e JOIN vector_sketches v ON v.rowid = e.id WHERE e.vector IS NOT NULL ORDER BY e.hash')
    .all()
    .map((r) => r.hash);
}

test('a vector is dropped with the last chunk carrying its hash, and kept while any chunk still has it', async (t) => {
  const { conn, writer } = freshIndex(t);
  const [only, shared, fresh] = ['const onlyInA = 1;', 'const sharedByAB = 2;', 'const freshInA = 3;'];
  await writer.commitBatch({ write: [fileRecord('a.ts', [only, shared]), fileRecord('b.ts', [shared])] });
  embed(conn, [sha1(only), sha1(shared)]);
  assertSound(conn);

  await writer.commitBatch({ write: [fileRecord('a.ts', [fresh])] });
  assert.deepEqual(vectorHashes(conn), [sha1(shared)], "a.ts's own hash went; the shared one stays for b.ts");
  assertSound(conn);

  await writer.commitBatch({ remove: ['b.ts'] });
  assert.deepEqual(vectorHashes(conn), []);
  assert.equal(count(conn, 'embeddings'), 0);
  assert.equal(count(conn, 'vector_sketches'), 0);
  assertSound(conn);
});

test('a write lock held by another connection is waited for; one held too long ends in BUSY naming the file', async (t) => {
  const { dbPath, writer, conn } = freshIndex(t, 10);
  const other = openIndex(dbPath, { role: 'writer', busyTimeoutMs: 10 });
  t.after(() => other.conn.close());

  other.conn.exec('BEGIN IMMEDIATE');
  // The first attempt runs (and meets the lock) before commitBatch returns; the retries wait.
  const pending = writer.commitBatch({ write: [fileRecord('a.ts', V1)] });
  other.conn.exec('COMMIT');
  assert.equal((await pending).written, 1);
  assert.ok(rowsOf(conn, 'a.ts'));

  other.conn.exec('BEGIN IMMEDIATE');
  try {
    await assert.rejects(writer.commitBatch({ write: [fileRecord('b.ts', V2)] }), (err) => {
      assert.equal(err.code, 'BUSY');
      assert.ok(err.message.includes(dbPath), err.message);
      return true;
    });
  } finally {
    other.conn.exec('ROLLBACK');
  }
  assert.equal(rowsOf(conn, 'b.ts'), null);
});
