// Files whose definitions may be incomplete are visible (schema 4): `status` and `index` count them
// in --json and list them with the first error's line under --verbose; a file over the parse cap
// keeps its definitions through the parse in pieces, at exact positions; a version 3 index migrates
// and reads again only the files that can have a parse issue.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core, Database } from '../helpers/core.mjs';
import { UNDO_V4 } from '../helpers/schema-layouts.mjs';
import { describe, runCli, runCliJson } from '../helpers/cli.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { openIndex, SCHEMA_VERSION } = core;
const limits = core.parserLimits;
const ENV = { CODE_INDEX_NO_SERVER: '1' };
const cli = (args) => runCli(args, { env: ENV });

/** The line (1-based) the damage starts on: the broken function's, after `before` clean lines. */
const BROKEN_AT = 4;
const BROKEN = `${'export function clean() {}\n'.repeat(BROKEN_AT - 1)}export function broken( {\n  return 1;\n}\nexport function after() {}\n`;

/** Plain functions, each on lines 3k+1..3k+3, until the text is past the parse cap. */
function longFile(minChars) {
  const parts = [];
  let chars = 0;
  for (let i = 0; chars <= minChars; i++) {
    const part = `function generated${i}(a) {\n  return a + ${i};\n}\n`;
    parts.push(part);
    chars += part.length;
  }
  return { text: parts.join(''), count: parts.length };
}

function workspace(t) {
  const long = longFile(limits.MAX_PARSE_CHARS);
  const minified = `${'var a=function(b){return b};'.repeat(Math.ceil(limits.MINIFIED_MIN_CHARS / 28))}\n`;
  const root = writeFiles(tempDir(t, 'parsevis'), {
    '.codeindex/config.json': JSON.stringify({ maxFileBytes: 4 * limits.MAX_PARSE_CHARS }),
    'src/ok.ts': 'export function fine() { return 1; }\n',
    'src/bad.ts': BROKEN,
    'gen/long.js': long.text,
    'gen/min.js': minified,
  });
  return { root, long };
}

test('status --json counts the files with syntax errors, too long to parse whole and minified; --verbose lists them', async (t) => {
  const { root } = workspace(t);
  const index = await runCliJson(['index', root, '--json'], { env: ENV });
  const json = await runCliJson(['status', root, '--json'], { env: ENV });
  const counts = (o) => [o.parseErrorFiles, o.oversizeFiles, o.minifiedFiles];
  assert.deepEqual(counts(json), [1, 1, 1]);
  assert.deepEqual(counts(index), counts(json), 'index --json reports what status does');
  assert.deepEqual(
    json.parseIssueList.map((i) => [i.path, i.skip, i.firstErrorLine]),
    [
      ['gen/long.js', 'too-long', null],
      ['gen/min.js', 'minified', null],
      ['src/bad.ts', null, BROKEN_AT],
    ],
  );

  const plain = await cli(['status', root]);
  assert.match(plain.stdout, /\n {2}1 file with syntax errors, 1 too long to parse whole, 1 minified: run `code-index status --verbose`/);
  const verbose = await cli(['status', root, '--verbose']);
  assert.equal(verbose.code, 0, describe(verbose));
  const lines = verbose.stdout.split('\n').filter((l) => l.startsWith('    '));
  assert.equal(lines.length, 3);
  assert.ok(
    lines.some((l) => l.startsWith(`    src/bad.ts:${BROKEN_AT}: syntax error`)),
    lines.join('\n'),
  );
  assert.ok(lines.some((l) => l.startsWith('    gen/long.js: too long to parse whole')));
});

test('index --verbose lists the parse issues on stderr, with the first error line, and its summary counts them', async (t) => {
  const { root } = workspace(t);
  const run = await cli(['index', root, '--verbose']);
  assert.equal(run.code, 0, describe(run));
  const listed = run.stderr.split('\n').filter((l) => l.startsWith('parse: '));
  assert.equal(listed.length, 3, run.stderr);
  assert.ok(
    listed.includes(`parse: src/bad.ts:${BROKEN_AT}: syntax error, the first of ${errorsOf(root)}; definitions after it may be missing`),
  );
  assert.match(run.stdout, /; 1 file with syntax errors, 1 too long to parse whole, 1 minified\)\.\n$/);
});

function errorsOf(root) {
  const db = new Database(dbPathOf(root), { readonly: true });
  try {
    return db.prepare("SELECT parse_errors AS n FROM files WHERE path = 'src/bad.ts'").get().n;
  } finally {
    db.close();
  }
}

test('a file over the parse cap keeps every definition, each at its exact place', async (t) => {
  const { root, long } = workspace(t);
  await runCliJson(['index', root, '--json'], { env: ENV });
  const db = new Database(dbPathOf(root), { readonly: true });
  t.after(() => db.close());
  const rows = db
    .prepare(
      `SELECT s.name, s.start_line AS line, s.start_col AS col, s.name_line AS nameLine, s.name_col AS nameCol, s.end_line AS endLine
       FROM symbols s JOIN files f ON f.id = s.file_id WHERE f.path = 'gen/long.js' ORDER BY s.start_line`,
    )
    .all();
  assert.equal(rows.length, long.count);
  const lines = long.text.split('\n');
  for (const [i, row] of rows.entries()) {
    assert.deepEqual([row.name, row.line, row.col, row.nameLine, row.endLine], [`generated${i}`, 3 * i + 1, 0, 3 * i + 1, 3 * i + 3]);
    assert.equal(lines[row.nameLine - 1].slice(row.nameCol, row.nameCol + row.name.length), row.name);
  }
});

// Version 4 alone reads again only the files that can have a parse issue; version 5 (call targets)
// then reads every file again, so from version 3 all of them are stamped.
test('a version 3 index migrates to the current schema and reads its files again', async (t) => {
  const { root } = workspace(t);
  await runCliJson(['index', root, '--json'], { env: ENV });
  const raw = new Database(dbPathOf(root));
  raw.exec(`${UNDO_V4} PRAGMA user_version = 3`);
  raw.close();

  const index = openIndex(dbPathOf(root), { role: 'writer', busyTimeoutMs: 5000 });
  const stamped = index.conn.prepare("SELECT path FROM files WHERE hash = '' ORDER BY path").all();
  assert.equal(index.conn.prepare('PRAGMA user_version').get().user_version, SCHEMA_VERSION);
  index.conn.close();
  assert.deepEqual(
    stamped.map((r) => r.path),
    ['gen/long.js', 'gen/min.js', 'src/bad.ts', 'src/ok.ts'],
    'every file is read again for its call targets',
  );

  const summary = await runCliJson(['index', root, '--json'], { env: ENV });
  assert.deepEqual([summary.indexed, summary.unchanged], [4, 0]);
  assert.deepEqual([summary.parseErrorFiles, summary.oversizeFiles, summary.minifiedFiles], [1, 1, 1]);
  const check = await cli(['check', root]);
  assert.equal(check.code, 0, describe(check));
});
