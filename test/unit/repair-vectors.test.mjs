// `check --repair` keeps the vectors its damaged backup still holds and says in one line what it kept
// and what is left to embed; a read command on a damaged index says so in one line. Real code indexed
// and embedded by the built CLI (builtin provider, offline), then pages of the file overwritten.
import assert from 'node:assert/strict';
import { existsSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, core, Database } from '../helpers/core.mjs';
import { assertOneLineError, describe, runCli, runCliJson } from '../helpers/cli.mjs';
import { copyTree, dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { toIndexError } = core;
/** The CLI opens the index itself: no language server may answer for it. */
const ENV = { env: { CODE_INDEX_NO_SERVER: '1', CODE_INDEX_EMBEDDING_PROVIDER: 'builtin' } };
const cli = (args) => runCli(args, ENV);
const cliJson = (args) => runCliJson(args, ENV);

/** The server/ folder of this repository, indexed and embedded: about a hundred files, some 800 chunks. */
async function embeddedWorkspace(t) {
  const root = copyTree(t, join(REPO_ROOT, 'server'), 'repair-vectors');
  await cliJson(['index', root, '--json']);
  const embed = await cliJson(['embed', root, '--json']);
  assert.equal(embed.pending, 0);
  assert.ok(!existsSync(`${dbPathOf(root)}-wal`), 'the last connection folded its WAL into the file');
  return root;
}

/** hash → vector bytes (hex) of every stored vector, read before any damage. */
function vectorsOf(dbPath) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    return new Map(
      db
        .prepare('SELECT hash, hex(vector) AS v FROM embeddings')
        .all()
        .map((r) => [r.hash, r.v]),
    );
  } finally {
    db.close();
  }
}

/** Pages (1-based) of `tables`' b-trees, from SQLite's dbstat table. */
function pagesOf(dbPath, tables) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const marks = tables.map(() => '?').join(', ');
    return db
      .prepare(`SELECT pageno FROM dbstat WHERE name IN (${marks}) AND pagetype = 'leaf' ORDER BY pageno`)
      .all(...tables)
      .map((r) => r.pageno);
  } finally {
    db.close();
  }
}

/** Overwrites whole pages of the file, as a bad disk or a stray write would. */
function overwritePages(dbPath, pages) {
  const pageSize = readFileSync(dbPath).readUInt16BE(16);
  const fd = openSync(dbPath, 'r+');
  try {
    for (const page of pages) writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  } finally {
    closeSync(fd);
  }
}

/** What the damaged file still gives for each hash, read hash by hash: the oracle for what repair can keep. */
function readableVectors(dbPath, hashes) {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const readable = new Map();
  try {
    const get = db.prepare('SELECT hex(vector) AS v FROM embeddings WHERE hash = ?');
    for (const hash of hashes) {
      try {
        const row = get.get(hash);
        if (row) readable.set(hash, row.v);
      } catch {
        // on a damaged page
      }
    }
  } finally {
    db.close();
  }
  return readable;
}

function middle(pages, n) {
  const start = Math.floor((pages.length - n) / 2);
  return pages.slice(start, start + n);
}

test('repair keeps every vector the damaged backup still holds, byte for byte, and says what is left to embed', async (t) => {
  const root = await embeddedWorkspace(t);
  const dbPath = dbPathOf(root);
  const before = vectorsOf(dbPath);
  overwritePages(dbPath, middle(pagesOf(dbPath, ['embeddings']), 12));
  const damagedBytes = readFileSync(dbPath);
  const readable = readableVectors(dbPath, before.keys());
  assert.ok(readable.size > 0 && readable.size < before.size, `some vectors lost, not all: ${readable.size} of ${before.size}`);
  for (const [hash, v] of readable) assert.equal(v, before.get(hash), 'a readable row is the vector as stored');

  const repaired = await cli(['check', root, '--repair']);
  assert.equal(repaired.code, 0, describe(repaired));
  const status = await cliJson(['status', root, '--json']);
  const lost = before.size - readable.size;
  const lines = repaired.stdout.trim().split('\n');
  assert.equal(lines.length, 2, describe(repaired));
  assert.match(lines[0], /^Rebuilt the index \(\d+ files, \d+ chunks\); the old one is kept at .*index\.db\.backup-/);
  assert.equal(
    lines[1],
    `Kept ${readable.size} of ${readable.size} vectors (builtin-v1) from the backup, ${lost} chunk hashes unreadable on its damaged pages; ` +
      `${status.pending} chunks to embed (run \`code-index embed\`).`,
  );

  const after = vectorsOf(dbPath);
  assert.deepEqual([...after.keys()].sort(), [...readable.keys()].sort(), 'exactly the readable vectors were carried');
  for (const [hash, v] of after) assert.equal(v, readable.get(hash), `vector of ${hash} carried byte for byte`);
  assert.equal(status.embeddingModel, 'builtin-v1');
  assert.ok(status.embedded > 0);
  assert.equal(status.embedded + status.pending, status.chunks);
  const backup = lines[0].replace(/^.*kept at (.*)\.$/, '$1');
  assert.deepEqual(readFileSync(backup), damagedBytes, 'the backup is left as it was');
  assert.ok(!existsSync(`${backup}-wal`) && !existsSync(`${backup}-shm`), 'reading it left no -wal or -shm beside it');

  const check = await cli(['check', root]);
  assert.equal(check.code, 0, `sketches and vectors agree: ${describe(check)}`);
  const embed = await cliJson(['embed', root, '--json']);
  assert.equal(embed.embedded, lost, 'only what the damage took is embedded again');
  assert.equal((await cliJson(['status', root, '--json'])).pending, 0);
  const hits = await cliJson(['search', 'carry vectors from the backup', '--dir', root, '--mode', 'semantic', '--json']);
  assert.ok(hits.length > 0, 'meaning search answers from the carried vectors');
});

test('every read command on a damaged index is one line naming the file and check --repair; repair then keeps all vectors', async (t) => {
  const root = await embeddedWorkspace(t);
  const dbPath = dbPathOf(root);
  const before = vectorsOf(dbPath);
  // Everything the read commands read, the vectors aside: each of them meets the damage.
  const read = ['chunks_fts_data', 'chunks', 'chunks_file', 'chunks_hash', 'files', 'symbols', 'symbols_name', 'calls', 'calls_callee'];
  overwritePages(dbPath, pagesOf(dbPath, read));
  for (const args of [
    ['search', 'parse config', '--dir', root],
    ['search', 'parse config', '--dir', root, '--mode', 'text', '--json'],
    ['symbols', 'parse', '--dir', root],
    ['callers', 'parse', '--dir', root],
    ['status', root],
    ['status', root, '--json'],
  ]) {
    const result = await cli(args);
    assertOneLineError(result, 1, /^code-index: The index .*index\.db is damaged\. Run `code-index check --repair` to rebuild it/);
    assert.doesNotMatch(result.stderr, /the index the index|malformed/i);
  }

  const repaired = await cli(['check', root, '--repair', '--json']);
  assert.equal(repaired.code, 0, describe(repaired));
  const result = JSON.parse(repaired.stdout);
  assert.equal(result.method, 'replaced', 'VACUUM INTO could not read the file, so it was moved aside');
  const status = await cliJson(['status', root, '--json']);
  assert.equal(result.vectors.kept, before.size);
  assert.equal(result.vectors.unreadable, 0);
  assert.equal(status.pending, 0);
  assert.equal(status.embedded, status.chunks);
  assert.equal(result.vectors.message, `Kept ${before.size} of ${before.size} vectors (builtin-v1) from the backup; 0 chunks to embed.`);
  assert.equal((await cli(['search', 'parse config', '--dir', root])).code, 0);
});

test('a logically damaged index is cleared in place; its VACUUM INTO backup gives back every vector', async (t) => {
  const root = await embeddedWorkspace(t);
  const before = vectorsOf(dbPathOf(root));
  const db = new Database(dbPathOf(root));
  db.pragma('foreign_keys = OFF');
  db.prepare('DELETE FROM files WHERE id = (SELECT min(id) FROM files)').run();
  db.close();
  const repaired = await cli(['check', root, '--repair', '--json']);
  assert.equal(repaired.code, 0, describe(repaired));
  const result = JSON.parse(repaired.stdout);
  assert.equal(result.method, 'in-place');
  assert.equal(result.vectors.kept, before.size);
  const status = await cliJson(['status', root, '--json']);
  assert.equal(status.embedded, status.chunks);
});

test('a backup that is no database and an index never embedded each get their own line', async (t) => {
  const root = await embeddedWorkspace(t);
  writeFileSync(dbPathOf(root), Buffer.from('not a database at all\n'.repeat(500)));
  const garbage = await cli(['check', root, '--repair']);
  assert.equal(garbage.code, 0, describe(garbage));
  const chunks = (await cliJson(['status', root, '--json'])).chunks;
  assert.equal(
    garbage.stdout.trim().split('\n')[1],
    `The backup could not be read, so no vectors were carried over; ${chunks} chunks will be embedded again (run \`code-index embed\`).`,
  );

  const plain = writeFiles(tempDir(t, 'never-embedded'), { 'a.ts': 'export function parseConfig() {}\n' });
  await cliJson(['index', plain, '--json']);
  const db = new Database(dbPathOf(plain));
  db.pragma('foreign_keys = OFF');
  db.prepare('DELETE FROM files').run();
  db.close();
  const repaired = await cli(['check', plain, '--repair']);
  assert.equal(repaired.code, 0, describe(repaired));
  assert.equal(repaired.stdout.trim().split('\n')[1], 'The backup held no vectors; 1 chunks to embed (run `code-index embed`).');
});

test('a SQLite failure with no file named says "The index", never "the index the index"', (t) => {
  const dir = tempDir(t, 'wording');
  const damaged = join(dir, 'damaged.db');
  const db = new Database(damaged);
  db.exec('CREATE TABLE p (x TEXT)');
  db.prepare(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO p SELECT printf('%.500c', 'x') FROM n",
  ).run();
  db.close();
  overwritePages(damaged, [3, 4, 5]);
  let corrupt;
  try {
    const reader = new Database(damaged, { readonly: true, fileMustExist: true });
    try {
      reader.prepare('SELECT count(*) AS n, max(x) AS m FROM p').get();
    } finally {
      reader.close();
    }
  } catch (err) {
    corrupt = err;
  }
  assert.ok(corrupt, 'reading the damaged table fails');
  assert.equal(
    toIndexError(corrupt, null).message,
    'The index is damaged. Run `code-index check --repair` to rebuild it (the damaged file is kept as a backup).',
  );
  assert.match(
    toIndexError(corrupt, damaged).message,
    new RegExp(`^The index ${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is damaged\\.`),
  );
  const garbage = join(dir, 'garbage.db');
  writeFileSync(garbage, Buffer.from('not a database at all\n'.repeat(500)));
  let notADb;
  try {
    const reader = new Database(garbage, { readonly: true, fileMustExist: true });
    try {
      reader.prepare('SELECT count(*) AS n FROM sqlite_master').get();
    } finally {
      reader.close();
    }
  } catch (err) {
    notADb = err;
  }
  assert.ok(notADb, 'a file of text is no database');
  assert.match(toIndexError(notADb, null).message, /^The index is not a Code Index database \(not a SQLite file\)\./);
});
