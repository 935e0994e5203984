// The symbol_names index (schema 5, search/symbol-names.ts and name-list.ts): on a real corpus its
// prefix, humps, substring and subsequence answers are those of the old every-name-in-memory ranking,
// through SQL (a one-shot CLI) and through a reader's compact list; triggers keep it exact through
// edits, deletes, rolled-back transactions, two writing processes and the migration from schema 4.
import assert from 'node:assert/strict';
import { cpSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, Database, REPO_ROOT } from '../helpers/core.mjs';
import { runCli, startCli } from '../helpers/cli.mjs';
import { tempDir, writeFiles, dbPathOf } from '../helpers/workspace.mjs';
import { referenceRanking, typedQueries } from '../helpers/names-reference.mjs';
import { UNDO_V5 } from '../helpers/schema-layouts.mjs';

const env = { CODE_INDEX_NO_SERVER: '1' };
const LIMIT = 200;

/** This repository's server sources and fixtures, plus names SQLite's lower() cannot fold. */
function corpus(t) {
  const root = tempDir(t, 'names');
  cpSync(join(REPO_ROOT, 'server'), join(root, 'server'), { recursive: true });
  cpSync(join(REPO_ROOT, 'test/fixtures/demo'), join(root, 'demo'), { recursive: true });
  writeFiles(root, {
    'wide.ts':
      'export function Éclair() {}\nexport const größeBerechnen = 1;\nexport class ÜberParser {}\nexport function parseÉtat() {}\n',
    'odd.py': 'def __init_subclass__():\n    pass\n\ndef _private_helper():\n    pass\n\nclass Parse_Config:\n    pass\n',
    'dollar.js': 'function $parse() {}\nfunction parse$() {}\nfunction PARSE() {}\nfunction parse() {}\n',
  });
  return root;
}

/** What symbol_names must hold: every distinct name of `symbols` and how many definitions carry it. */
function assertNamesMatchSymbols(db) {
  const want = db.prepare('SELECT name, count(*) AS refs FROM symbols GROUP BY name ORDER BY name').all();
  const have = db.prepare('SELECT name, refs FROM symbol_names ORDER BY name').all();
  assert.deepEqual(have, want);
}

function queriesOf(conn) {
  const names = conn
    .prepare('SELECT name FROM symbols WHERE id % 23 = 0 ORDER BY id LIMIT 30')
    .all()
    .map((r) => r.name);
  return typedQueries(names).concat([
    'p',
    'P',
    'pa',
    'pc',
    'é',
    'É',
    'über',
    'gröb',
    '_',
    '$',
    '$p',
    'x',
    'zzq',
    'parse',
    'PARSE',
    'Parse_C',
  ]);
}

test('prefix, humps, substring and subsequence answers equal the old in-memory ranking, in SQL and from a reader list', async (t) => {
  const root = corpus(t);
  assert.equal((await runCli(['index', root], { env })).code, 0);
  const sqlSide = core.openWorkspace(root, { role: 'reader' });
  const listSide = core.openWorkspace(root, { role: 'reader' });
  t.after(() => (sqlSide.close(), listSide.close()));
  core.holdNameList(listSide.index.conn);
  const queries = queriesOf(sqlSide.index.conn);
  assert.ok(queries.length > 150, `${queries.length} queries`);
  let nonEmpty = 0;
  for (const query of queries) {
    for (const containing of [false, true]) {
      const rank = containing ? core.rankSymbolNamesContaining : core.rankSymbolNames;
      const want = referenceRanking(core, sqlSide.index.conn, query, LIMIT, { containing });
      if (want.length > 0) nonEmpty++;
      assert.deepEqual(rank(sqlSide.index.conn, query, LIMIT), want, `SQL: ${query}${containing ? ' (containing)' : ''}`);
      assert.deepEqual(rank(listSide.index.conn, query, LIMIT), want, `list: ${query}${containing ? ' (containing)' : ''}`);
    }
  }
  assert.ok(nonEmpty > queries.length, 'most queries find something');
  // The wide names are found as before: case folded by JavaScript, not by SQLite.
  const eclair = core.searchSymbols(sqlSide.index.conn, 'éclair', 5).map((h) => h.name);
  assert.deepEqual(eclair, ['Éclair']);
  assert.ok(
    core.searchSymbols(listSide.index.conn, 'üp', 5).some((h) => h.name === 'ÜberParser'),
    'humps across a wide name',
  );
});

test('an edited, a deleted and a restored file change symbol_names in the transaction that writes them', async (t) => {
  const root = corpus(t);
  assert.equal((await runCli(['index', root], { env })).code, 0);
  const reader = core.openWorkspace(root, { role: 'reader' });
  t.after(() => reader.close());
  core.holdNameList(reader.index.conn);
  const names = (query) => core.searchSymbols(reader.index.conn, query, 10).map((h) => h.name);
  assert.deepEqual(names('Éclair').slice(0, 1), ['Éclair']);
  assert.ok(names('renamedAfterwards').every((n) => n !== 'renamedAfterwards'));

  writeFileSync(join(root, 'wide.ts'), 'export function renamedAfterwards() {}\n');
  rmSync(join(root, 'dollar.js'));
  assert.equal((await runCli(['index', root], { env })).code, 0);
  assert.equal(names('renamedAfterwards')[0], 'renamedAfterwards', 'the reader list saw the commit');
  assert.ok(!names('Éclair').includes('Éclair'), 'the old name left with its file');
  assert.ok(!names('$parse').includes('$parse'), 'the deleted file took its names');
  const db = new Database(dbPathOf(root));
  t.after(() => db.close());
  assertNamesMatchSymbols(db);

  // A write that rolls back leaves the names as they were: the triggers ran in its transaction.
  const before = db.prepare('SELECT count(*) AS n FROM symbol_names').get().n;
  db.exec('BEGIN IMMEDIATE; DELETE FROM files; ');
  assert.equal(db.prepare('SELECT count(*) AS n FROM symbol_names').get().n, 0, 'inside the transaction every name is gone');
  db.exec('ROLLBACK');
  assert.equal(db.prepare('SELECT count(*) AS n FROM symbol_names').get().n, before);
  assertNamesMatchSymbols(db);
  // A rename in place (no writer of ours does one) moves the count too.
  db.exec("UPDATE symbols SET name = 'renamedInPlace' WHERE name = 'renamedAfterwards'");
  assertNamesMatchSymbols(db);
});

test('two processes indexing the same folder at once leave symbol_names equal to the symbols', async (t) => {
  const root = corpus(t);
  assert.equal((await runCli(['index', root], { env })).code, 0);
  for (let i = 0; i < 40; i++)
    writeFileSync(join(root, `gen${i}.ts`), `export function generated${i}Name() {}\nexport function shared() {}\n`);
  const a = startCli(['index', root], { env });
  const b = startCli(['index', '--force', root], { env });
  const [ra, rb] = await Promise.all([a.done, b.done]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  const db = new Database(dbPathOf(root), { readonly: true });
  t.after(() => db.close());
  assertNamesMatchSymbols(db);
  assert.equal(db.prepare("SELECT refs FROM symbol_names WHERE name = 'shared'").get().refs, 40);
  const cli = await runCli(['symbols', 'generated1', '--dir', root, '--json', '-k', '20'], { env });
  assert.equal(cli.code, 0, cli.stderr);
  const found = JSON.parse(cli.stdout).map((h) => h.name);
  assert.deepEqual(found.slice(0, 1), ['generated1Name']);
  assert.ok(found.includes('generated19Name'), 'a prefix finds the longer names too');
});

test('a schema 4 index gains symbol_names from its symbols when index upgrades it', async (t) => {
  const root = corpus(t);
  assert.equal((await runCli(['index', root], { env })).code, 0);
  const raw = new Database(dbPathOf(root));
  raw.exec(`${UNDO_V5} PRAGMA user_version = 4`);
  raw.close();
  const refused = await runCli(['symbols', 'parse', '--dir', root], { env });
  assert.match(refused.stderr, /schema 4; this one reads 7/);
  assert.equal((await runCli(['index', root], { env })).code, 0);
  const db = new Database(dbPathOf(root), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.prepare('PRAGMA user_version').get().user_version, core.SCHEMA_VERSION);
  assertNamesMatchSymbols(db);
  assert.ok(db.prepare('SELECT count(*) AS n FROM symbol_names WHERE wide').get().n >= 4, 'the wide names are marked');
});
