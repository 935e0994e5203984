// `check` finds each kind of damage (orphan rows, a text index out of step, stray or missing vectors,
// a file that is no database), and `check --repair` rebuilds the index while keeping the old one.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { test } from 'node:test';
import { core, Database, sqliteVec } from '../helpers/core.mjs';
import { runCli, runCliJson, describe } from '../helpers/cli.mjs';
import { assertSameIndex, readSnapshot } from '../helpers/index-snapshot.mjs';
import { copyTree, dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { APPLICATION_ID, sketchTableSql } = core;

const FILES = {
  'src/config.ts': 'export function parseConfig(text: string) {\n  return JSON.parse(text);\n}\n',
  'src/http.ts': 'export async function fetchJson(url: string) {\n  const res = await fetch(url);\n  return res.json();\n}\n',
  'lib/tokenize.py': 'def tokenize(text):\n    return text.split()\n',
  'README.md': '# Demo\n\nA small workspace for the check tests.\n',
};

/** An indexed workspace, and a way to damage its database with a plain SQLite connection. */
async function indexedWorkspace(t) {
  const root = writeFiles(tempDir(t, 'check'), FILES);
  await runCliJson(['index', root, '--json']);
  return root;
}

function damage(root, body) {
  const db = new Database(dbPathOf(root));
  sqliteVec.load(db);
  try {
    db.pragma('foreign_keys = OFF');
    body(db);
  } finally {
    db.close();
  }
}

/** The vector table the embedder would have made; returns a vector blob of the right size. */
/** Makes sure the sketch table exists and returns a sketch to insert (any 64 bytes will do). */
function sketchTable(db) {
  db.exec(sketchTableSql());
  return Buffer.alloc(64, 0x5a);
}

async function checkJson(root) {
  const result = await runCli(['check', root, '--json']);
  return { code: result.code, report: JSON.parse(result.stdout), result };
}

function failing(report) {
  return Object.fromEntries(report.checks.filter((c) => !c.ok).map((c) => [c.name, c.detail]));
}

test('a freshly built index passes every check', async (t) => {
  const root = await indexedWorkspace(t);
  const { code, report, result } = await checkJson(root);
  assert.equal(code, 0, describe(result));
  assert.deepEqual(
    report.checks.map((c) => c.name),
    ['integrity', 'fts', 'orphans', 'vectors'],
  );
  assert.ok(report.checks.every((c) => c.ok));
});

test('check finds rows whose file is gone', async (t) => {
  const root = await indexedWorkspace(t);
  damage(root, (db) => db.prepare("DELETE FROM files WHERE path = 'src/config.ts'").run());
  const { code, report } = await checkJson(root);
  assert.equal(code, 1);
  assert.match(failing(report).orphans, /chunks rows whose file is gone/);
});

test('check finds chunks missing from the text index and text-index rows without a chunk', async (t) => {
  const root = await indexedWorkspace(t);
  damage(root, (db) => db.prepare('DELETE FROM chunks_fts WHERE rowid = (SELECT min(id) FROM chunks)').run());
  let { code, report } = await checkJson(root);
  assert.equal(code, 1);
  assert.match(failing(report).fts, /^1 chunks missing from the text index, 0 text-index rows without a chunk$/);

  const other = await indexedWorkspace(t);
  damage(other, (db) => db.prepare("INSERT INTO chunks_fts (rowid, name, path, body) VALUES (99999, 'ghost', 'ghost', 'ghost')").run());
  ({ code, report } = await checkJson(other));
  assert.equal(code, 1);
  assert.match(failing(report).fts, /1 text-index rows without a chunk/);
});

test('check finds stray vectors, vectors whose chunk is gone and embedded hashes without a vector', async (t) => {
  const root = await indexedWorkspace(t);
  damage(root, (db) => {
    const sketch = sketchTable(db);
    const vector = Buffer.from(new Float32Array(4).fill(0.5).buffer);
    db.prepare('INSERT INTO vector_sketches (rowid, sketch) VALUES (?, vec_bit(?))').run(424242n, sketch);
    const gone = db.prepare("INSERT INTO embeddings (hash, vector) VALUES ('no-chunk-has-this-hash', ?)").run(vector).lastInsertRowid;
    db.prepare('INSERT INTO vector_sketches (rowid, sketch) VALUES (?, vec_bit(?))').run(BigInt(gone), sketch);
    db.prepare('INSERT OR IGNORE INTO embeddings (hash) SELECT hash FROM chunks LIMIT 1').run();
  });
  const { code, report } = await checkJson(root);
  assert.equal(code, 1);
  const vectors = failing(report).vectors;
  assert.match(vectors, /1 vectors whose chunk is gone/);
  assert.match(vectors, /1 sketches not owned by any chunk hash/);
  assert.match(vectors, /1 embedded hashes without a vector/);
  assert.match(vectors, /1 vectors without a sketch/);
});

test('check --repair rebuilds a damaged index and keeps the old one as a valid SQLite backup', async (t) => {
  const root = await indexedWorkspace(t);
  damage(root, (db) => {
    db.prepare("DELETE FROM files WHERE path = 'src/http.ts'").run();
    db.prepare('DELETE FROM chunks_fts WHERE rowid = (SELECT min(id) FROM chunks)').run();
    const sketch = sketchTable(db);
    db.prepare('INSERT INTO vector_sketches (rowid, sketch) VALUES (?, vec_bit(?))').run(31337n, sketch);
  });
  const repaired = await runCli(['check', root, '--repair', '--json']);
  assert.equal(repaired.code, 0, describe(repaired));
  const result = JSON.parse(repaired.stdout);
  assert.equal(result.repaired, true);
  assert.equal(result.ok, true);
  assert.equal(result.files, Object.keys(FILES).length);
  assert.ok(
    result.before.some((c) => !c.ok),
    'the report says what was wrong before',
  );

  assert.ok(existsSync(result.backup), `backup at ${result.backup}`);
  const backup = new Database(result.backup, { readonly: true, fileMustExist: true });
  t.after(() => backup.close());
  assert.equal(backup.pragma('integrity_check', { simple: true }), 'ok');
  assert.equal(backup.pragma('application_id', { simple: true }), APPLICATION_ID);
  assert.equal(
    backup.prepare("SELECT count(*) AS n FROM files WHERE path = 'src/http.ts'").get().n,
    0,
    'the backup is the damaged index as it was',
  );
  assert.ok(backup.prepare('SELECT count(*) AS n FROM chunks').get().n > 0);

  const after = await runCli(['check', root]);
  assert.equal(after.code, 0, describe(after));
  const clean = copyTree(t, root, 'clean');
  await runCliJson(['index', clean, '--json']);
  assertSameIndex(readSnapshot(dbPathOf(root)), readSnapshot(dbPathOf(clean)), 'the repaired index');
});

test('check on a file that is no database fails in one line; --repair moves it aside and rebuilds', async (t) => {
  const root = await indexedWorkspace(t);
  const garbage = Buffer.from('not a database at all\n'.repeat(500));
  writeFileSync(dbPathOf(root), garbage);
  const { code, report } = await checkJson(root);
  assert.equal(code, 1);
  assert.match(failing(report).open, /is not a Code Index database/);

  const plain = await runCli(['check', root]);
  assert.equal(plain.code, 1);
  assert.match(plain.stdout, /^FAIL open: .*index\.db is not a Code Index database/);

  const repaired = await runCli(['check', root, '--repair', '--json']);
  assert.equal(repaired.code, 0, describe(repaired));
  const result = JSON.parse(repaired.stdout);
  assert.equal(result.method, 'replaced');
  assert.deepEqual(readFileSync(result.backup), garbage, 'the unreadable file is kept byte for byte');
  const status = await runCliJson(['status', root, '--json']);
  assert.equal(status.files, Object.keys(FILES).length);
  assert.equal((await runCli(['check', root])).code, 0);
});

test('check on a sound index with --repair changes nothing and makes no backup', async (t) => {
  const root = await indexedWorkspace(t);
  const before = readSnapshot(dbPathOf(root));
  const result = await runCli(['check', root, '--repair', '--json']);
  assert.equal(result.code, 0, describe(result));
  assert.equal(JSON.parse(result.stdout).repaired, undefined);
  assertSameIndex(readSnapshot(dbPathOf(root)), before);
});
