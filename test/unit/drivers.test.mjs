// Both SQL drivers (better-sqlite3 and node:sqlite) held to the same contract, operation by
// operation, and the choice between them: forced by CODE_INDEX_SQLITE_DRIVER, automatic otherwise,
// node:sqlite wherever better-sqlite3's binary does not load (desktop VS Code's Node 22). A driver
// this Node cannot run is skipped, so `npm test` (Node 20) covers better-sqlite3 and
// test/run-on-node22.sh covers node:sqlite.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { CLI_PATH, core, sqliteVec } from '../helpers/core.mjs';
import { startServer } from '../server/lsp-client.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { betterSqliteDriver, nodeSqliteDriver, sqliteCode, toIndexError, sketchTableSql, sketchOf, vectorBlob, DRIVER_ENV } = core;
const CORE_PATH = join(dirname(CLI_PATH), 'core.js');

/** null when `driver` runs on this Node, else why not (e.g. better-sqlite3 built for another ABI). */
function whyUnavailable(driver) {
  try {
    driver.open(':memory:', {}).close();
    return null;
  } catch (err) {
    return `${driver.name} does not run on Node ${process.versions.node}: ${String(err.message)
      .replace(/\s+/g, ' ')
      .replace(/ Please try.*$/, '')}`;
  }
}

const DRIVERS = [betterSqliteDriver, nodeSqliteDriver].map((driver) => ({ driver, unavailable: whyUnavailable(driver) }));

function hasNodeSqlite(version) {
  const [major, minor] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 13);
}

/** One test per driver, skipped (with the reason) where this Node cannot run that driver. */
function eachDriver(title, body) {
  for (const { driver, unavailable } of DRIVERS) {
    test(`${driver.name}: ${title}`, { skip: unavailable ?? false }, (t) => body(t, driver));
  }
}

/** Asserts `fn` throws an error that sqliteCode maps to `code`; returns the error. */
function throwsSqlite(fn, code) {
  let caught;
  assert.throws(fn, (err) => {
    caught = err;
    assert.equal(sqliteCode(err), code, `expected ${code}, got ${err?.stack ?? err}`);
    return true;
  });
  return caught;
}

/** Opens `path`, runs one query, closes: the open itself or the query may be what fails. */
function queryOnce(driver, path, sql) {
  const conn = driver.open(path, {});
  try {
    return conn.prepare(sql).all();
  } finally {
    conn.close();
  }
}

function fileDb(t, driver, options = {}) {
  const path = join(tempDir(t, 'driver'), 'test.db');
  const conn = driver.open(path, options);
  t.after(() => conn.close());
  return { path, conn };
}

test('this Node runs at least one driver, and node:sqlite wherever Node is 22.13 or later', () => {
  assert.ok(
    DRIVERS.some((d) => !d.unavailable),
    DRIVERS.map((d) => d.unavailable).join('; '),
  );
  if (hasNodeSqlite(process.versions.node)) assert.equal(DRIVERS[1].unavailable, null);
});

eachDriver('open creates the file; mustExist refuses a missing one; readonly refuses writes; close twice is harmless', (t, driver) => {
  const { path, conn } = fileDb(t, driver);
  conn.exec('CREATE TABLE t (x)');
  conn.close();
  conn.close();
  assert.ok(existsSync(path));

  const missing = join(dirname(path), 'missing.db');
  throwsSqlite(() => driver.open(missing, { mustExist: true }), 'SQLITE_CANTOPEN');
  assert.equal(existsSync(missing), false, 'mustExist creates nothing');

  const ro = driver.open(path, { readonly: true, mustExist: true });
  t.after(() => ro.close());
  assert.deepEqual(ro.prepare('SELECT count(*) AS n FROM t').get(), { n: 0 });
  throwsSqlite(() => ro.prepare('INSERT INTO t VALUES (1)').run(), 'SQLITE_READONLY');
});

eachDriver('pragmas: defaults, set by exec, read by get', (t, driver) => {
  const { conn } = fileDb(t, driver);
  // Both open with foreign keys on and no busy timeout: open-database.ts sets the timeout for both.
  assert.deepEqual(conn.prepare('PRAGMA foreign_keys').get(), { foreign_keys: 1 });
  assert.deepEqual(conn.prepare('PRAGMA busy_timeout').get(), { timeout: 0 });
  conn.exec('PRAGMA journal_mode = WAL');
  assert.deepEqual(conn.prepare('PRAGMA journal_mode').get(), { journal_mode: 'wal' });
  conn.exec('PRAGMA busy_timeout = 250; PRAGMA user_version = 7; PRAGMA application_id = 1129531725');
  assert.deepEqual(conn.prepare('PRAGMA busy_timeout').get(), { timeout: 250 });
  assert.deepEqual(conn.prepare('PRAGMA user_version').get(), { user_version: 7 });
  assert.deepEqual(conn.prepare('PRAGMA application_id').get(), { application_id: 1129531725 });
  assert.deepEqual(conn.prepare('PRAGMA integrity_check').all(), [{ integrity_check: 'ok' }]);
  assert.deepEqual(Object.keys(conn.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get()), ['busy', 'log', 'checkpointed']);
});

eachDriver('every SqlValue type binds and reads back the same', (t, driver) => {
  const { conn } = fileDb(t, driver);
  conn.exec('CREATE TABLE v (id INTEGER PRIMARY KEY, s, r, i, z, b)');
  const insert = conn.prepare('INSERT INTO v (s, r, i, z, b) VALUES (?, ?, ?, ?, ?)');
  const bytes = new Uint8Array([0, 1, 127, 128, 255]);
  assert.deepEqual(insert.run('naïve 🚀 text', 1.5, 42n, null, bytes), { changes: 1, lastInsertRowid: 1 });
  assert.deepEqual(insert.run('', -0.25, -(2n ** 62n), null, new Uint8Array(0)), { changes: 1, lastInsertRowid: 2 });

  assert.deepEqual(conn.prepare('SELECT typeof(s) s, typeof(r) r, typeof(i) i, typeof(z) z, typeof(b) b FROM v WHERE id = 1').get(), {
    s: 'text',
    r: 'real',
    i: 'integer',
    z: 'null',
    b: 'blob',
  });
  const row = conn.prepare('SELECT s, r, i, z, b FROM v WHERE id = ?').get(1);
  assert.ok(row.b instanceof Uint8Array, 'a BLOB reads back as a Uint8Array (better-sqlite3 gives its Buffer subclass)');
  assert.deepEqual({ ...row, b: [...row.b] }, { s: 'naïve 🚀 text', r: 1.5, i: 42, z: null, b: [0, 1, 127, 128, 255] });
  // A subarray view binds only its own bytes (vectorBlob hands out views of Float32Arrays).
  const view = new Uint8Array(new Float32Array([1, 2, 3]).buffer, 4, 8);
  assert.deepEqual(conn.prepare('SELECT length(?) AS n').get(view), { n: 8 });

  const empty = conn.prepare('SELECT s, b, length(b) AS n, CAST(i AS TEXT) AS big FROM v WHERE id = 2').get();
  assert.deepEqual({ ...empty, b: [...empty.b] }, { s: '', b: [], n: 0, big: String(-(2n ** 62n)) });

  // JS numbers bind as REAL on both drivers: integer keys that must stay INTEGER (vec0 rowids) go as bigint.
  assert.deepEqual(conn.prepare('SELECT typeof(?) AS a, typeof(?) AS b').get(7, 7n), { a: 'real', b: 'integer' });
  assert.deepEqual(conn.prepare('SELECT ? AS inf, ? AS nan').get(Infinity, NaN), { inf: Infinity, nan: null });
});

eachDriver('get, all and run: plain rows, undefined for no row, changes counted, statements reused', (t, driver) => {
  const { conn } = fileDb(t, driver);
  conn.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER)');
  const insert = conn.prepare('INSERT INTO t (name, n) VALUES (?, ?)');
  for (let i = 1; i <= 3; i++) insert.run(`row${i}`, i * 10);
  const rows = conn.prepare('SELECT id, name, n FROM t WHERE n >= ? ORDER BY id').all(20);
  assert.deepEqual(rows, [
    { id: 2, name: 'row2', n: 20 },
    { id: 3, name: 'row3', n: 30 },
  ]);
  assert.ok(
    rows.every((r) => Object.getPrototypeOf(r) === Object.prototype),
    'rows are plain objects',
  );
  assert.equal(conn.prepare('SELECT id FROM t WHERE name = ?').get('nobody'), undefined);
  assert.deepEqual(conn.prepare('SELECT id FROM t WHERE name = ?').all('nobody'), []);
  assert.deepEqual(conn.prepare('UPDATE t SET n = n + 1 WHERE n < ?').run(25), { changes: 2, lastInsertRowid: 3 });
  assert.deepEqual(conn.prepare('SELECT sum(n) AS total FROM t').get(), { total: 62 });
  // undefined is not a SqlValue, but a stray one binds as NULL on both rather than throwing on one.
  assert.deepEqual(conn.prepare('SELECT ? AS u').get(undefined), { u: null });
});

eachDriver('RETURNING gives the rows through get and all, and run still executes the statement', (t, driver) => {
  const { conn } = fileDb(t, driver);
  conn.exec('CREATE TABLE e (id INTEGER PRIMARY KEY, hash TEXT UNIQUE)');
  // The embedder's upsert: an id for a new hash, no row when it exists.
  const upsert = conn.prepare('INSERT INTO e (hash) VALUES (?) ON CONFLICT(hash) DO NOTHING RETURNING id');
  assert.deepEqual(upsert.get('a'), { id: 1 });
  assert.equal(upsert.get('a'), undefined);
  assert.deepEqual(conn.prepare('INSERT INTO e (hash) VALUES (?), (?) RETURNING id, hash').all('b', 'c'), [
    { id: 2, hash: 'b' },
    { id: 3, hash: 'c' },
  ]);
  conn.prepare('INSERT INTO e (hash) VALUES (?) RETURNING id').run('d');
  assert.deepEqual(conn.prepare('SELECT count(*) AS n FROM e').get(), { n: 4 });
});

eachDriver('loads sqlite-vec and answers a vec0 KNN query; SQL itself still cannot load extensions', (t, driver) => {
  const { conn } = fileDb(t, driver);
  conn.loadExtension(sqliteVec.getLoadablePath());
  assert.match(conn.prepare('SELECT vec_version() AS v').get().v, /^v0\.1\./);
  // The index's own use: bit sketches in vec0, Hamming KNN, then cosine over full vectors.
  conn.exec(sketchTableSql());
  const insert = conn.prepare('INSERT INTO vector_sketches (rowid, sketch) VALUES (?, vec_bit(?))');
  const vectors = { 1: [1, 0, 0], 2: [0.9, 0.1, 0], 3: [0, 0, 1] };
  for (const [id, v] of Object.entries(vectors)) insert.run(BigInt(id), sketchOf(new Float32Array(v)));
  throwsSqlite(() => insert.run(4, sketchOf(new Float32Array([0, 1, 0]))), 'SQLITE_ERROR'); // a REAL rowid

  const knn = conn.prepare('SELECT rowid, distance FROM vector_sketches WHERE sketch MATCH vec_bit(?) AND k = ? ORDER BY distance');
  const hits = knn.all(sketchOf(new Float32Array([1, 0, 0])), 2);
  assert.deepEqual(
    hits.map((h) => h.rowid),
    [1, 2],
  );
  assert.ok(hits[0].distance === 0 && hits[1].distance < 64, JSON.stringify(hits));
  const cosine = conn
    .prepare('SELECT vec_distance_cosine(?, ?) AS d')
    .get(vectorBlob(new Float32Array([1, 0, 0])), vectorBlob(new Float32Array(vectors[2]))).d;
  assert.ok(cosine > 0 && cosine < 0.01, String(cosine));
  throwsSqlite(() => conn.prepare('SELECT load_extension(?)').get(sqliteVec.getLoadablePath()), 'SQLITE_ERROR');
});

eachDriver('errors carry their SQLite code: CONSTRAINT, BUSY, NOTADB, CORRUPT, ERROR', (t, driver) => {
  const { path, conn } = fileDb(t, driver);
  conn.exec('PRAGMA journal_mode = WAL');
  conn.exec('CREATE TABLE p (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE); CREATE TABLE c (p_id INTEGER REFERENCES p(id))');
  conn.prepare('INSERT INTO p (name) VALUES (?)').run('one');
  throwsSqlite(() => conn.prepare('INSERT INTO p (name) VALUES (?)').run('one'), 'SQLITE_CONSTRAINT');
  throwsSqlite(() => conn.prepare('INSERT INTO p (name) VALUES (?)').run(null), 'SQLITE_CONSTRAINT');
  throwsSqlite(() => conn.prepare('INSERT INTO c (p_id) VALUES (?)').run(99n), 'SQLITE_CONSTRAINT');
  throwsSqlite(() => conn.prepare('SELEKT 1'), 'SQLITE_ERROR');

  // A second connection, busy_timeout 0, against a write lock the first one holds.
  conn.exec('BEGIN IMMEDIATE');
  conn.prepare('INSERT INTO p (name) VALUES (?)').run('two');
  const other = driver.open(path, {});
  t.after(() => other.close());
  other.exec('PRAGMA busy_timeout = 0');
  const busy = throwsSqlite(() => other.exec('BEGIN IMMEDIATE'), 'SQLITE_BUSY');
  assert.equal(toIndexError(busy, path).code, 'BUSY');
  assert.deepEqual(other.prepare('SELECT count(*) AS n FROM p').get(), { n: 1 }, 'a reader still sees the last commit');
  conn.exec('COMMIT');
  other.exec('BEGIN IMMEDIATE; COMMIT');

  const dir = dirname(path);
  const garbage = join(dir, 'garbage.db');
  writeFileSync(garbage, Buffer.from('this is a text file, not a database\n'.repeat(200)));
  const notadb = throwsSqlite(() => queryOnce(driver, garbage, 'SELECT * FROM sqlite_master'), 'SQLITE_NOTADB');
  assert.equal(toIndexError(notadb, garbage).code, 'NOT_AN_INDEX');

  // A real header over a first page of garbage: the schema cannot be read.
  conn.close();
  other.close();
  const damaged = join(dir, 'damaged.db');
  const bytes = readFileSync(path);
  bytes.fill(0xab, 100, 4096);
  writeFileSync(damaged, bytes);
  const corrupt = throwsSqlite(() => queryOnce(driver, damaged, 'SELECT * FROM p'), 'SQLITE_CORRUPT');
  assert.equal(toIndexError(corrupt, damaged).code, 'CORRUPT');
});

// -- The choice of driver, in fresh processes: chooseDriver decides once per process. --------------

/** The environment without CODE_INDEX_SQLITE_DRIVER, so a child chooses by itself. */
function envWithout() {
  const env = { ...process.env };
  delete env[DRIVER_ENV];
  return env;
}

/** What chooseDriver() picks in a fresh `node` process with `env`, and anything it printed to stderr. */
function chosenIn(node, env) {
  const script = `const { chooseDriver } = require(${JSON.stringify(CORE_PATH)});
    const { driver, reason } = chooseDriver();
    process.stdout.write(JSON.stringify({ name: driver.name, reason, node: process.versions.node }));`;
  const run = spawnSync(node, ['-e', script], { env, encoding: 'utf8' });
  assert.equal(run.status, 0, `${node} -e chooseDriver() failed:\n${run.stderr}`);
  return { ...JSON.parse(run.stdout), stderr: run.stderr };
}

/** The Node binaries at hand: this one, the plain Node the Node 22 runner started from, the cached Node 22. */
function nodeBinaries() {
  const cache = process.env.CODE_INDEX_NODE22_HOME ?? join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'code-index-node22');
  const candidates = [process.execPath, process.env.CODE_INDEX_PLAIN_NODE, join(cache, 'node_modules', '.bin', 'node')];
  return [...new Set(candidates.filter((p) => p && existsSync(p)))];
}

/** Which driver each Node at hand picks by itself: [{ node, name, reason, version }]. */
function autoChoices() {
  return nodeBinaries().map((node) => {
    const { name, reason, node: version } = chosenIn(node, envWithout());
    return { node, name, reason, version };
  });
}

test('chooseDriver honours CODE_INDEX_SQLITE_DRIVER, and otherwise picks the driver that runs here', () => {
  for (const name of ['node:sqlite', 'better-sqlite3']) {
    const chosen = chosenIn(process.execPath, { ...envWithout(), [DRIVER_ENV]: name });
    assert.equal(chosen.name, name);
    assert.equal(chosen.reason, `${DRIVER_ENV}=${name}`);
  }
  const auto = chosenIn(process.execPath, envWithout());
  const runsHere = DRIVERS.find((d) => !d.unavailable).driver.name;
  assert.equal(auto.name, runsHere, auto.reason);
  assert.match(
    auto.reason,
    runsHere === 'better-sqlite3'
      ? /^better-sqlite3 loads on Node /
      : /^better-sqlite3 does not load here \(.+\); Node .* has node:sqlite$/,
  );
  assert.equal(auto.stderr, '', 'choosing prints nothing (no ExperimentalWarning)');
});

const FILES = {
  'src/config.ts': 'export function parseConfig(text: string) {\n  return JSON.parse(text);\n}\n',
  'lib/tokenize.py': 'def tokenize(text):\n    """Split text into words."""\n    return text.split()\n',
};

/** Runs the CLI on `node` with no driver forced; it must succeed and print nothing on stderr. */
function cli(node, args) {
  const run = spawnSync(node, [CLI_PATH, ...args], { env: envWithout(), encoding: 'utf8' });
  assert.equal(run.status, 0, `${node} cli ${args.join(' ')} exited ${run.status}\n${run.stderr}`);
  assert.equal(run.stderr, '', `no warnings on stderr (ExperimentalWarning or other) from ${args[0]} on Node ${node}`);
  return run.stdout;
}

test('on Node 22 with a better-sqlite3 built for another Node, the CLI runs on node:sqlite by itself, silently', (t) => {
  const node22 = autoChoices().find((c) => hasNodeSqlite(c.version));
  if (!node22) return t.skip('no Node 22.13+ at hand: test/run-on-node22.sh installs one');
  if (node22.name === 'better-sqlite3') return t.skip(`better-sqlite3 loads on Node ${node22.version} here: ${node22.reason}`);
  assert.equal(node22.name, 'node:sqlite', node22.reason);
  assert.match(node22.reason, /better-sqlite3 does not load here/);
  t.diagnostic(`Node ${node22.version}: ${node22.reason}`);

  const root = writeFiles(tempDir(t, 'node22'), FILES);
  assert.equal(JSON.parse(cli(node22.node, ['index', root, '--json'])).files, 2);
  const embedded = JSON.parse(cli(node22.node, ['embed', root, '--json']));
  assert.ok(embedded.embedded > 0, JSON.stringify(embedded));
  assert.match(cli(node22.node, ['status', root]), /files 2, chunks \d+, symbols \d+/);
  const status = JSON.parse(cli(node22.node, ['status', root, '--json']));
  assert.equal(status.pending, 0, 'every chunk has a vector');
  const hits = JSON.parse(cli(node22.node, ['search', 'split text into words', '--dir', root, '--json']));
  assert.equal(hits[0]?.path, 'lib/tokenize.py', JSON.stringify(hits));
  cli(node22.node, ['check', root]);
});

test('an index written on one driver is read, checked and updated on the other: same file format', (t) => {
  const choices = autoChoices();
  const better = choices.find((c) => c.name === 'better-sqlite3');
  const nodeSqlite = choices.find((c) => c.name === 'node:sqlite');
  if (!better || !nodeSqlite)
    return t.skip(`needs one Node on each driver; at hand: ${choices.map((c) => `${c.version} → ${c.name}`).join(', ')}`);

  for (const [writer, reader] of [
    [better, nodeSqlite],
    [nodeSqlite, better],
  ]) {
    const root = writeFiles(tempDir(t, 'cross'), FILES);
    cli(writer.node, ['index', root, '--json']);
    cli(writer.node, ['embed', root, '--json']);
    cli(reader.node, ['check', root]);
    assert.equal(JSON.parse(cli(reader.node, ['status', root, '--json'])).pending, 0);
    writeFiles(root, { 'src/extra.ts': 'export const answer = 42;\n' });
    assert.equal(JSON.parse(cli(reader.node, ['index', root, '--json'])).files, 3);
    cli(writer.node, ['check', root]);
    assert.ok(existsSync(dbPathOf(root)));
  }
});

test('the language server picks the same driver by itself, reports it in FolderStatus.driver and logs it', async (t) => {
  const expected = chosenIn(process.execPath, envWithout());
  const root = writeFiles(tempDir(t, 'server'), FILES);
  // An empty value counts as unset (the client helper can only add to the environment).
  const server = await startServer([root], { env: { [DRIVER_ENV]: '' } });
  t.after(() => (server.child.exitCode === null ? server.kill() : undefined));
  const status = await server.waitIdle();
  // The reason may word a second failed load of better-sqlite3 differently; the driver must match.
  assert.ok(status.folders[0].driver.startsWith(`${expected.name} (`), `${status.folders[0].driver}, expected ${expected.name}`);
  assert.ok(
    server.logs.some((line) => line.includes(`SQLite driver: ${expected.name} (`)),
    server.logs.join('\n'),
  );
  assert.doesNotMatch(server.stderr, /ExperimentalWarning/);
  await server.stop();
});

test(
  'where no driver runs (desktop VS Code 1.100: an Electron ABI, no node:sqlite), the message says what to do, not the ABI error',
  { skip: nodeSqliteUnavailable() ? false : 'this Node has node:sqlite, which would be chosen' },
  (t) => {
    const root = tempDir(t, 'no-driver');
    writeFiles(root, { 'a.ts': 'export const a = 1;\n' });
    // Makes better-sqlite3's require fail the way it does under another Node ABI (only its loading
    // is replaced; nothing opens a database).
    const preload = join(root, 'abi-mismatch.cjs');
    writeFileSync(
      preload,
      `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'better-sqlite3') throw new Error("The module '/x/better_sqlite3.node'\\nwas compiled against a different Node.js version using\\nNODE_MODULE_VERSION 115. This version of Node.js requires\\nNODE_MODULE_VERSION 132. Please try re-compiling or re-installing");
  return load.call(this, request, ...rest);
};
`,
    );
    const run = spawnSync(process.execPath, ['-r', preload, CLI_PATH, 'index', root], {
      encoding: 'utf8',
      env: { ...process.env, [DRIVER_ENV]: '' },
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /cannot open its index on Node [\d.]+: it needs Node 22\.13 or later \(desktop VS Code 1\.101 or later\)/);
    assert.doesNotMatch(run.stderr, /NODE_MODULE_VERSION|compiled against/);
    assert.equal(run.stderr.trim().split('\n').length, 1, run.stderr);
  },
);

function nodeSqliteUnavailable() {
  return whyUnavailable(nodeSqliteDriver) !== null;
}
