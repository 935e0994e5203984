// Opening an index: creation, schema identity and version, the pragmas every connection gets, and
// the one clear error for each kind of file that is not our index.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, Database } from '../helpers/core.mjs';
import { UNDO_V4 } from '../helpers/schema-layouts.mjs';
import { runCli } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const { openIndex, IndexError, SCHEMA_VERSION, APPLICATION_ID, ensureIndexDir, indexDbPath } = core;

function freshDbPath(t) {
  return join(tempDir(t, 'storage'), 'index.db');
}

function open(dbPath, role = 'writer', busyTimeoutMs = 5000) {
  return openIndex(dbPath, { role, busyTimeoutMs });
}

function pragma(conn, name) {
  return Object.values(conn.prepare(`PRAGMA ${name}`).get())[0];
}

/** Asserts `fn` throws an IndexError with `code` whose message names `dbPath` and has no raw SQLite text. */
function assertIndexError(fn, code, dbPath) {
  let caught;
  assert.throws(fn, (err) => {
    caught = err;
    assert.ok(err instanceof IndexError, `expected an IndexError, got ${err?.stack ?? err}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.message.includes(dbPath), `the message names the file: ${err.message}`);
    assert.doesNotMatch(err.message, /SQLITE_/);
    return true;
  });
  return caught;
}

test('a new index is created with our application id, the current schema version and every table', (t) => {
  const dbPath = freshDbPath(t);
  const index = open(dbPath);
  t.after(() => index.conn.close());
  assert.ok(existsSync(dbPath));
  assert.equal(pragma(index.conn, 'user_version'), SCHEMA_VERSION);
  assert.equal(pragma(index.conn, 'application_id'), APPLICATION_ID);
  const tables = index.conn
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
    .all()
    .map((r) => r.name);
  for (const table of ['meta', 'files', 'chunks', 'chunks_fts', 'symbols', 'calls', 'imports', 'exports', 'embeddings']) {
    assert.ok(tables.includes(table), `table ${table} exists (have ${tables.join(', ')})`);
  }
});

test('writer and reader connections both get WAL, synchronous NORMAL, foreign keys and the configured busy timeout', (t) => {
  const dbPath = freshDbPath(t);
  const writer = open(dbPath, 'writer', 1234);
  const reader = open(dbPath, 'reader', 4321);
  t.after(() => {
    reader.conn.close();
    writer.conn.close();
  });
  for (const [index, timeout] of [
    [writer, 1234],
    [reader, 4321],
  ]) {
    assert.equal(pragma(index.conn, 'journal_mode'), 'wal');
    assert.equal(pragma(index.conn, 'synchronous'), 1, 'NORMAL');
    assert.equal(pragma(index.conn, 'foreign_keys'), 1);
    assert.equal(pragma(index.conn, 'busy_timeout'), timeout);
  }
  // sqlite-vec is loaded on every connection.
  assert.match(reader.conn.prepare('SELECT vec_version() AS v').get().v, /^v\d/);
});

test('reopening an index keeps its rows and does not migrate again', (t) => {
  const dbPath = freshDbPath(t);
  const first = open(dbPath);
  first.conn.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'kept')").run();
  first.conn.close();
  const again = open(dbPath);
  t.after(() => again.conn.close());
  assert.equal(again.conn.prepare("SELECT value FROM meta WHERE key = 'probe'").get().value, 'kept');
  assert.equal(pragma(again.conn, 'user_version'), SCHEMA_VERSION);
});

test('a version 1 index (full vectors in vec0) migrates: its rows stay, its vectors go, and a reader may not migrate', (t) => {
  const dbPath = freshDbPath(t);
  // Version 1's layout, rebuilt by hand from a current file.
  const v2 = open(dbPath);
  v2.conn.exec(`${UNDO_V4} DROP TABLE file_warnings; DROP TABLE skipped_files;
    ALTER TABLE embeddings DROP COLUMN vector;
    CREATE VIRTUAL TABLE vectors USING vec0(embedding float[4] distance_metric=cosine);
    INSERT INTO meta (key, value) VALUES ('probe', 'kept'), ('embedding.model', 'builtin-v1'), ('embedding.dimensions', '4');
    INSERT INTO embeddings (id, hash) VALUES (1, 'h1');
    PRAGMA user_version = 1`);
  v2.conn.prepare('INSERT INTO vectors (rowid, embedding) VALUES (1, ?)').run(new Uint8Array(new Float32Array([1, 0, 0, 0]).buffer));
  v2.conn.close();

  assertIndexError(() => open(dbPath, 'reader'), 'NO_INDEX', dbPath);
  const migrated = open(dbPath);
  t.after(() => migrated.conn.close());
  const { conn } = migrated;
  assert.equal(pragma(conn, 'user_version'), SCHEMA_VERSION);
  assert.equal(conn.prepare("SELECT value FROM meta WHERE key = 'probe'").get().value, 'kept');
  assert.equal(conn.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'embedding.%'").get().n, 0, 'the embedder starts over');
  assert.equal(conn.prepare('SELECT count(*) AS n FROM embeddings').get().n, 0);
  assert.equal(conn.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'vectors'").get().n, 0);
  assert.equal(conn.prepare("SELECT count(*) AS n FROM pragma_table_info('embeddings') WHERE name = 'vector'").get().n, 1);
});

test('a reader on a folder without an index gets NO_INDEX and no file is created', (t) => {
  const dbPath = freshDbPath(t);
  assertIndexError(() => open(dbPath, 'reader'), 'NO_INDEX', dbPath);
  assert.equal(existsSync(dbPath), false);
});

test('a foreign SQLite file is refused with NOT_AN_INDEX naming the file, and left untouched', (t) => {
  const dbPath = freshDbPath(t);
  const other = new Database(dbPath);
  other.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine'); PRAGMA user_version = 7");
  other.close();
  const before = readFileSync(dbPath);
  for (const role of ['writer', 'reader']) assertIndexError(() => open(dbPath, role), 'NOT_AN_INDEX', dbPath);
  assert.deepEqual(readFileSync(dbPath), before, 'the foreign file is not modified');
  const check = new Database(dbPath, { readonly: true });
  assert.equal(check.prepare('SELECT body FROM notes').get().body, 'mine');
  check.close();
});

test('a file of garbage bytes is refused with NOT_AN_INDEX naming the file, and left untouched', (t) => {
  for (const garbage of [randomBytes(8192), Buffer.from('this is a text file, not a database\n'.repeat(200))]) {
    const dbPath = freshDbPath(t);
    writeFileSync(dbPath, garbage);
    for (const role of ['writer', 'reader']) {
      assertIndexError(() => open(dbPath, role), 'NOT_AN_INDEX', dbPath);
    }
    assert.deepEqual(readFileSync(dbPath), garbage);
  }
});

test('an index written by a newer schema is refused with NEWER_SCHEMA, both versions named', (t) => {
  const dbPath = freshDbPath(t);
  open(dbPath).conn.close();
  const raw = new Database(dbPath);
  raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  raw.close();
  for (const role of ['writer', 'reader']) {
    const err = assertIndexError(() => open(dbPath, role), 'NEWER_SCHEMA', dbPath);
    assert.match(err.message, new RegExp(`schema ${SCHEMA_VERSION + 1}\\b`));
    assert.match(err.message, new RegExp(`knows ${SCHEMA_VERSION}\\b`));
  }
  const raw2 = new Database(dbPath, { readonly: true });
  assert.equal(raw2.pragma('user_version', { simple: true }), SCHEMA_VERSION + 1, 'the newer file is not downgraded');
  raw2.close();
});

test('the index folder gets a .gitignore of "*" so the index never lands in a commit', (t) => {
  const root = tempDir(t);
  ensureIndexDir(root);
  assert.equal(readFileSync(join(root, '.codeindex', '.gitignore'), 'utf8').trim(), '*');
  assert.equal(indexDbPath(root), join(root, '.codeindex', 'index.db'));
});

test('a read command on an index of an older schema says to upgrade it with index, which keeps its rows', async (t) => {
  const root = writeFiles(tempDir(t), { 'a.ts': 'export function alpha() {\n  return 1;\n}\n' });
  const env = { CODE_INDEX_NO_SERVER: '1' };
  assert.equal((await runCli(['index', root], { env })).code, 0);
  // Schema 3's layout: the v4 and v5 columns dropped, the version put back.
  const raw = new Database(indexDbPath(root));
  raw.exec(`${UNDO_V4} PRAGMA user_version = 3`);
  raw.close();

  const refused = await runCli(['search', 'alpha', '--dir', root], { env });
  assert.equal(refused.stderr.trim().split('\n').length, 1, refused.stderr);
  assert.match(refused.stderr, /written by an older Code Index \(schema 3; this one reads \d+\)\. Run `code-index index` once/);
  assert.doesNotMatch(refused.stderr, /not been created/);

  assert.equal((await runCli(['index', root], { env })).code, 0);
  const found = await runCli(['symbols', 'alpha', '--dir', root, '--json'], { env });
  assert.equal(JSON.parse(found.stdout)[0]?.name, 'alpha', found.stderr);
});

test('the CLI reports a foreign or damaged index file in one line on stderr and exits 1', async (t) => {
  const root = writeFiles(tempDir(t), { 'a.ts': 'export const a = 1;\n' });
  ensureIndexDir(root);
  writeFileSync(indexDbPath(root), randomBytes(4096));
  for (const args of [
    ['status', root],
    ['search', 'a', '--dir', root],
    ['index', root],
  ]) {
    const result = await runCli(args);
    assert.equal(result.code, 1, `${args[0]}: ${result.stderr}`);
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, `one line: ${result.stderr}`);
    assert.match(lines[0], /^code-index: .*index\.db is not a Code Index database/);
    assert.doesNotMatch(result.stderr, /SQLITE_|at .*\.js:\d+/);
  }
});
