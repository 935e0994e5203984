// Warnings are kept in the index (schema 3) and listed when asked: `status --verbose` lists every one
// at any time, `index` counts them and points there, and a version 2 index migrates in place. Files
// that declare their encoding (PEP 263) or carry a BOM are decoded as such, not reported as bad UTF-8.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, Database } from '../helpers/core.mjs';
import { UNDO_V4 } from '../helpers/schema-layouts.mjs';
import { describe, runCli, runCliJson } from '../helpers/cli.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { checkIndex, openIndex, SCHEMA_VERSION } = core;
const ENV = { CODE_INDEX_NO_SERVER: '1' };
const cli = (args, cwd) => runCli(args, { env: ENV, cwd });
const BAD_UTF8 = Buffer.concat([Buffer.from('export const brokenBytes = "'), Buffer.from([0xff]), Buffer.from('";\n')]);

/** A workspace with one warning of each kind: bad UTF-8 (indexed), binary and too large (skipped). */
function workspace(t) {
  return writeFiles(tempDir(t, 'warn'), {
    '.codeindex/config.json': '{ "maxFileBytes": 4096 }',
    'src/ok.ts': 'export function fine() { return 1; }\n',
    'src/bad.ts': BAD_UTF8,
    'assets/blob.bin': Buffer.alloc(100),
    'huge.txt': Buffer.alloc(8192, 'x'),
  });
}

const EXPECTED = [
  'assets/blob.bin: not indexed: binary',
  'huge.txt: not indexed: 8192 bytes, over the 4096-byte limit (maxFileBytes in .codeindex/config.json)',
  'src/bad.ts: not valid UTF-8; invalid bytes were replaced with U+FFFD',
];

/** The `path: message` lines `status --verbose` prints. */
async function listed(root) {
  const status = await cli(['status', root, '--verbose']);
  assert.equal(status.code, 0, describe(status));
  return status.stdout
    .split('\n')
    .filter((l) => l.startsWith('    '))
    .map((l) => l.trim());
}

test('status --verbose lists every warning after a plain incremental run, as the first run counted them', async (t) => {
  const root = workspace(t);
  const first = await cli(['index', root]);
  assert.equal(first.code, 0, describe(first));
  assert.match(first.stdout, /; 3 warnings, `code-index status --verbose` lists them\)\.\n$/);
  assert.doesNotMatch(first.stdout + first.stderr, /rerun with --verbose/);

  // A second, incremental run reads only the skipped files again; the bad UTF-8 file is unchanged.
  const second = await runCliJson(['index', root, '--json'], { env: ENV });
  assert.equal(second.unchanged, 2);
  assert.equal(second.warnings, 3);
  assert.deepEqual(await listed(root), EXPECTED);

  const plain = await cli(['status', root]);
  assert.match(plain.stdout, /\n {2}3 warnings: run `code-index status --verbose` to list them\n$/, describe(plain));
  const json = await runCliJson(['status', root, '--json'], { env: ENV });
  assert.equal(json.schemaVersion, SCHEMA_VERSION);
  assert.equal(json.warnings, 3);
  assert.deepEqual(
    json.warningList.map((w) => `${w.path}: ${w.message}`),
    EXPECTED,
  );

  // From a subfolder the paths are printed from there, as every listing does.
  assert.deepEqual((await cli(['status', '--verbose'], join(root, 'src'))).stdout.match(/^ {4}.*$/gm), [
    '    ../assets/blob.bin: not indexed: binary',
    '    ../huge.txt: not indexed: 8192 bytes, over the 4096-byte limit (maxFileBytes in .codeindex/config.json)',
    '    bad.ts: not valid UTF-8; invalid bytes were replaced with U+FFFD',
  ]);
});

test('index --verbose lists the stored warnings, those of unchanged files too, and never says to rerun', async (t) => {
  const root = workspace(t);
  await runCliJson(['index', root, '--json'], { env: ENV });
  const verbose = await cli(['index', root, '--verbose']);
  assert.equal(verbose.code, 0, describe(verbose));
  assert.deepEqual(
    verbose.stderr.split('\n').filter(Boolean),
    EXPECTED.map((w) => `warning: ${w}`),
  );
  assert.match(verbose.stdout, /; 3 warnings\)\.\n$/);
  assert.doesNotMatch(verbose.stdout + verbose.stderr, /rerun with --verbose/);
});

test('a fixed file loses its warning, a skipped file that now indexes loses its skip row, a deleted one its warnings', async (t) => {
  const root = workspace(t);
  await runCliJson(['index', root, '--json'], { env: ENV });
  writeFileSync(join(root, 'src/bad.ts'), 'export const brokenBytes = "fixed";\n');
  writeFileSync(join(root, 'huge.txt'), 'small now\n');
  rmSync(join(root, 'assets/blob.bin'));
  const summary = await runCliJson(['index', root, '--json'], { env: ENV });
  assert.equal(summary.warnings, 0);
  assert.deepEqual(await listed(root), []);
  assert.match((await cli(['status', root])).stdout, /\n {2}no warnings\n$/);

  // A deleted file takes its warnings with it.
  writeFileSync(join(root, 'src/bad.ts'), BAD_UTF8);
  assert.equal((await runCliJson(['index', root, '--json'], { env: ENV })).warnings, 1);
  rmSync(join(root, 'src/bad.ts'));
  assert.equal((await runCliJson(['index', root, '--json'], { env: ENV })).warnings, 0);
  const db = new Database(dbPathOf(root), { readonly: true });
  t.after(() => db.close());
  assert.equal(db.prepare('SELECT count(*) AS n FROM file_warnings').get().n, 0);
  assert.equal(db.prepare('SELECT count(*) AS n FROM skipped_files').get().n, 0);
});

test('a version 2 index migrates in place to the current schema: rows kept, warnings known after the next pass, check passes', async (t) => {
  const root = workspace(t);
  await runCliJson(['index', root, '--json'], { env: ENV });
  // Version 2's layout, made from a current file: no warning tables.
  const raw = new Database(dbPathOf(root));
  raw.exec(`${UNDO_V4} DROP TABLE file_warnings; DROP TABLE skipped_files; PRAGMA user_version = 2`);
  const fileIds = raw.prepare('SELECT id, path FROM files ORDER BY path').all();
  raw.close();

  const index = openIndex(dbPathOf(root), { role: 'writer', busyTimeoutMs: 5000 });
  const conn = index.conn;
  assert.equal(conn.prepare('PRAGMA user_version').get().user_version, SCHEMA_VERSION);
  assert.deepEqual(conn.prepare('SELECT id, path FROM files ORDER BY path').all(), fileIds, 'the files stay as they were');
  assert.equal(conn.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('file_warnings', 'skipped_files')").get().n, 2);
  const report = checkIndex(conn);
  assert.ok(report.ok, JSON.stringify(report.checks));
  conn.close();

  // The next plain pass reads each file once more, so the warnings of files it holds are known too.
  const summary = await runCliJson(['index', root, '--json'], { env: ENV });
  assert.equal(summary.files, 2);
  assert.equal(summary.warnings, 3);
  assert.deepEqual(await listed(root), EXPECTED);
  const check = await cli(['check', root]);
  assert.equal(check.code, 0, describe(check));
});

test('a fresh index passes check with warnings stored', async (t) => {
  const root = workspace(t);
  await runCliJson(['index', root, '--json'], { env: ENV });
  const check = await runCliJson(['check', root, '--json'], { env: ENV });
  assert.equal(check.ok, true, JSON.stringify(check));
});

/** UTF-16 big-endian bytes of `text`. */
function utf16be(text) {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

test('latin-1 (PEP 263), UTF-8 BOM and UTF-16 BOM files are indexed as text, searchable by a non-ASCII word, columns right', async (t) => {
  const py = 'def grüße(name):\n    return "schön " + name\n';
  const root = writeFiles(tempDir(t, 'enc'), {
    'latin.py': Buffer.concat([Buffer.from('# -*- coding: latin-1 -*-\n'), Buffer.from(py, 'latin1')]),
    'second_line.py': Buffer.concat([
      Buffer.from('#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n'),
      Buffer.from('def café():\n    return "€uro"\n', 'latin1'),
    ]),
    'bom8.py': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('def naïve():\n    return "straße"\n')]),
    'le16.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export function größe() { return "über"; }\n', 'utf16le')]),
    'be16.ts': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('export function maße() { return "ähnlich"; }\n')]),
    'unknown.py': '# coding: klingon\nx = 1\n',
  });
  const summary = await runCliJson(['index', root, '--json'], { env: ENV });
  assert.equal(summary.files, 6);
  assert.equal(summary.warnings, 1, 'only the unknown encoding');
  assert.deepEqual(await listed(root), ['unknown.py: declares the encoding "klingon", which Code Index cannot decode; read as UTF-8']);

  const find = async (word) =>
    (await runCliJson(['search', word, '--dir', root, '--mode', 'text', '--json'], { env: ENV })).map((h) => h.path);
  assert.deepEqual(await find('schön'), ['latin.py']);
  assert.deepEqual(await find('€uro'), ['second_line.py']);
  assert.deepEqual(await find('straße'), ['bom8.py']);
  assert.deepEqual(await find('über'), ['le16.ts']);
  assert.deepEqual(await find('ähnlich'), ['be16.ts']);

  // No BOM left in the text: a definition on line 1 starts at column 0 and its name where it is.
  const db = new Database(dbPathOf(root), { readonly: true });
  t.after(() => db.close());
  const sym = (name) =>
    db.prepare('SELECT s.start_line AS line, s.start_col AS col, s.name_col AS nameCol FROM symbols s WHERE s.name = ?').get(name);
  assert.deepEqual(sym('grüße'), { line: 2, col: 0, nameCol: 4 });
  assert.deepEqual(sym('café'), { line: 3, col: 0, nameCol: 4 });
  assert.deepEqual(sym('naïve'), { line: 1, col: 0, nameCol: 4 });
  assert.deepEqual(sym('größe'), { line: 1, col: 7, nameCol: 16 }); // the definition starts after `export `
  assert.deepEqual(sym('maße'), { line: 1, col: 7, nameCol: 16 });
  const text = db.prepare("SELECT c.text FROM chunks c JOIN files f ON f.id = c.file_id WHERE f.path = 'bom8.py'").get().text;
  assert.ok(text.startsWith('def naïve'), JSON.stringify(text.slice(0, 12)));
});
