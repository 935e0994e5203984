// The code-index command line as a user meets it: one clear line and a non-zero exit for every
// mistake, search that takes any text, the JSON fields scripts rely on, and incremental indexing.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, utimesSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, Database } from '../helpers/core.mjs';
import { assertOneLineError, runCli, runCliJson, describe } from '../helpers/cli.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const FILES = {
  'src/config.ts': 'export function parseConfig(text: string) {\n  return JSON.parse(text);\n}\n',
  'src/http-client.ts': 'export async function fetchJson(url: string) {\n  return (await fetch(url)).json();\n}\n',
  'src/query.ts': 'const foo = bar(baz);\nexport function fooBar() { return foo; }\n',
  'lib/tokenize.py': 'def tokenize(text):\n    return text.split()\n',
  'docs/guide.md': '# Guide\n\nHow to parse a config file.\n',
};
const FILE_COUNT = Object.keys(FILES).length;

async function indexedWorkspace(t) {
  const root = writeFiles(tempDir(t, 'cli'), FILES);
  const summary = await runCliJson(['index', root, '--json']);
  return { root, summary };
}

test('bad arguments get one line saying what is wrong and exit 2', async (t) => {
  const { root } = await indexedWorkspace(t);
  const cases = [
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['index', root, '--fast'], /unknown option '--fast'/],
    [['search', 'x', '--dir', root, '-k', '0'], /argument '0' is invalid\. must be a whole number from 1 to 10000/],
    [['search', 'x', '--dir', root, '-k', 'ten'], /argument 'ten' is invalid/],
    [['search', 'x', '--dir', root, '-k', '10001'], /must be a whole number from 1 to 10000/],
    [['search'], /missing required argument 'query'/],
    [['search', 'x', '--dir'], /option '--dir <dir>' argument missing/],
    [['index', root, 'extra'], /too many arguments/],
  ];
  for (const [args, pattern] of cases) assertOneLineError(await runCli(args), 2, pattern);
});

test('a missing folder, or a file given as the folder, is one line naming the path, exit 2', async (t) => {
  const parent = writeFiles(tempDir(t, 'cli'), { 'plain.txt': 'x' });
  const missing = join(parent, 'no', 'such folder');
  const file = join(parent, 'plain.txt');
  for (const args of [
    ['index', missing],
    ['status', missing],
    ['check', missing],
    ['search', 'x', '--dir', missing],
  ]) {
    assertOneLineError(await runCli(args), 2, new RegExp(`No such folder: ${missing.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`));
  }
  for (const args of [
    ['index', file],
    ['search', 'x', '--dir', file],
  ]) {
    assertOneLineError(await runCli(args), 2, /Not a folder: .*plain\.txt$/);
  }
});

test('reading a folder that has no index yet says to run index first, exit 1, and creates nothing', async (t) => {
  const root = writeFiles(tempDir(t, 'cli'), FILES);
  for (const args of [
    ['status', root],
    ['search', 'config', '--dir', root],
    ['check', root],
  ]) {
    assertOneLineError(await runCli(args), 1, /No index at .*index\.db\. Run `code-index index .*` first\./);
  }
  assert.throws(() => readFileSync(dbPathOf(root)), { code: 'ENOENT' });
});

test('search takes any text: FTS5 syntax is searched for as words, never parsed', async (t) => {
  const { root } = await indexedWorkspace(t);
  const withWords = [
    '"foo" AND (bar* OR baz:)',
    'NEAR(foo bar, 2)',
    'foo NOT bar',
    '^foo',
    'body:foo',
    '{foo bar}',
    'AND',
    'OR',
    'foo"bar',
    "'; DROP TABLE files; --",
    '😀 ✓ foo',
    'x'.repeat(5000),
  ];
  // A few at a time: each is its own process.
  for (let i = 0; i < withWords.length; i += 4) {
    await Promise.all(
      withWords.slice(i, i + 4).map(async (query) => {
        const result = await runCli(['search', query, '--dir', root, '--json']);
        assert.equal(result.code, 0, `query ${JSON.stringify(query.slice(0, 40))}: ${describe(result)}`);
        assert.ok(Array.isArray(JSON.parse(result.stdout)));
      }),
    );
  }
  const hits = await runCliJson(['search', '"foo" AND (bar* OR baz:)', '--dir', root, '--json']);
  assert.equal(hits[0]?.path, 'src/query.ts', 'the words foo, bar and baz are what is searched');
  const plain = await runCli(['search', 'NEAR( foo', '--dir', root]);
  assert.equal(plain.code, 0, describe(plain));
  assert.equal((await runCli(['status', root])).code, 0, 'the index is untouched');
});

test('a query with nothing to look for is a one-line usage error, exit 2', async (t) => {
  const { root } = await indexedWorkspace(t);
  const noWords = ['*', '"', "'", '(', ')', '-', ':', '""', '\\', '%_', '   ', '😀'];
  for (let i = 0; i < noWords.length; i += 4) {
    await Promise.all(
      noWords.slice(i, i + 4).map(async (query) => {
        assertOneLineError(await runCli(['search', query, '--dir', root]), 2, /has no words to search for/);
      }),
    );
  }
  assertOneLineError(await runCli(['search', '--dir', root, '--', '-foo']), 2, /has only -exclusions/);
  // Unquoted, the shell hands `-bar` over as an option: the message says how to mean it as a -word.
  assertOneLineError(await runCli(['search', 'foo', '-bar', '--dir', root]), 2, /unknown option '-bar'; .*quote the query/);
  const words = await runCliJson(['search', '--dir', root, '--json', '--', 'foo', '-baz']);
  assert.ok(Array.isArray(words), 'words after -- are the query');
});

test('"phrases" keep their words in order, and -word leaves out what contains it', async (t) => {
  const { root } = await indexedWorkspace(t);
  const phrase = await runCliJson(['search', '"parse a config"', '--mode', 'text', '--dir', root, '--json']);
  assert.deepEqual(
    phrase.map((h) => h.path),
    ['docs/guide.md'],
  );
  const reversed = await runCliJson(['search', '"config parse"', '--mode', 'text', '--dir', root, '--json']);
  assert.deepEqual(reversed, [], 'the words out of order are not the phrase');
  const both = await runCliJson(['search', 'foo text', '--mode', 'text', '--dir', root, '--json']);
  assert.ok(
    both.some((h) => h.path === 'lib/tokenize.py'),
    JSON.stringify(both),
  );
  const without = await runCliJson(['search', 'foo text -split', '--mode', 'text', '--dir', root, '--json']);
  assert.ok(without.length > 0 && without.every((h) => h.path !== 'lib/tokenize.py'), JSON.stringify(without));
});

test('search prints path:lines, and -k bounds the results', async (t) => {
  const { root } = await indexedWorkspace(t);
  const text = await runCli(['search', 'parse config', '--dir', root]);
  assert.equal(text.code, 0, describe(text));
  assert.match(text.stdout, /^src\/config\.ts:1-3\b/m);
  const one = await runCliJson(['search', 'text', '--dir', root, '-k', '1', '--json']);
  assert.equal(one.length, 1);
  assert.deepEqual(
    Object.keys(one[0])
      .filter((k) => ['path', 'startLine', 'endLine', 'score', 'snippet'].includes(k))
      .sort(),
    ['endLine', 'path', 'score', 'snippet', 'startLine'],
  );
  const none = await runCli(['search', 'zzzqqqxxx', '--dir', root]);
  assert.equal(none.code, 0);
  assert.match(none.stdout, /^No results for "zzzqqqxxx"\.$/m);
});

test('index --json and status --json give the documented fields, consistent with each other', async (t) => {
  const { root, summary } = await indexedWorkspace(t);
  for (const key of ['indexed', 'unchanged', 'removed', 'skipped', 'files', 'chunks', 'seconds', 'warnings']) {
    assert.equal(typeof summary[key], 'number', `index --json has ${key}: ${JSON.stringify(summary)}`);
  }
  assert.deepEqual(
    [summary.indexed, summary.unchanged, summary.removed, summary.skipped, summary.files],
    [FILE_COUNT, 0, 0, 0, FILE_COUNT],
  );
  const status = await runCliJson(['status', root, '--json']);
  for (const key of ['files', 'chunks', 'symbols', 'embedded', 'pending', 'dbBytes', 'schemaVersion']) {
    assert.equal(typeof status[key], 'number', `status --json has ${key}: ${JSON.stringify(status)}`);
  }
  assert.equal(status.files, summary.files);
  assert.equal(status.chunks, summary.chunks);
  assert.equal(status.pending, status.chunks - status.embedded);
  assert.equal(status.schemaVersion, core.SCHEMA_VERSION);
  assert.ok(status.dbBytes > 0);
  const human = await runCli(['status', root]);
  assert.match(human.stdout, new RegExp(`files ${FILE_COUNT}, chunks ${status.chunks}`));
  const line = await runCli(['index', root]);
  assert.match(
    line.stdout,
    new RegExp(
      `^Indexed .*: ${FILE_COUNT} files, ${status.chunks} chunks in [\\d.]+ s \\(0 written, ${FILE_COUNT} unchanged, 0 removed, 0 skipped\\)\\.\\n$`,
    ),
  );
});

test('the index folder holds a .gitignore of "*"', async (t) => {
  const { root } = await indexedWorkspace(t);
  assert.equal(readFileSync(join(root, '.codeindex', '.gitignore'), 'utf8'), '*\n');
});

function indexedAt(root) {
  const db = new Database(dbPathOf(root), { readonly: true });
  try {
    return new Map(db.prepare('SELECT path, indexed_at FROM files').raw().all());
  } finally {
    db.close();
  }
}

test('indexing is incremental: unchanged files are skipped, changed, new and deleted files handled, --force rewrites all', async (t) => {
  const { root } = await indexedWorkspace(t);
  const first = indexedAt(root);

  let run = await runCliJson(['index', root, '--json']);
  assert.deepEqual([run.indexed, run.unchanged, run.removed, run.files], [0, FILE_COUNT, 0, FILE_COUNT]);
  assert.deepEqual(indexedAt(root), first, 'nothing was rewritten');

  appendFileSync(join(root, 'src/config.ts'), 'export const configVersion = 2;\n');
  writeFiles(root, { 'src/added.ts': 'export const addedLater = true;\n' });
  rmSync(join(root, 'lib/tokenize.py'));
  run = await runCliJson(['index', root, '--json']);
  assert.deepEqual([run.indexed, run.unchanged, run.removed, run.files], [2, FILE_COUNT - 2, 1, FILE_COUNT]);
  assert.equal((await runCliJson(['search', 'configVersion', '--dir', root, '--json']))[0]?.path, 'src/config.ts');
  assert.equal((await runCliJson(['search', 'addedLater', '--dir', root, '--json']))[0]?.path, 'src/added.ts');
  assert.deepEqual(await runCliJson(['search', 'tokenize', '--dir', root, '--json']), [], 'the deleted file is gone from search');

  // A touch (same bytes, new mtime) is re-stamped, not re-extracted, and then counts as unchanged.
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'docs/guide.md'), later, later);
  const beforeTouch = indexedAt(root);
  run = await runCliJson(['index', root, '--json']);
  assert.deepEqual([run.indexed, run.unchanged], [0, FILE_COUNT]);
  assert.deepEqual(indexedAt(root), beforeTouch);
  run = await runCliJson(['index', root, '--json']);
  assert.deepEqual([run.indexed, run.unchanged], [0, FILE_COUNT]);

  run = await runCliJson(['index', root, '--force', '--json']);
  assert.deepEqual([run.indexed, run.unchanged, run.removed, run.files], [FILE_COUNT, 0, 0, FILE_COUNT]);
  const forced = indexedAt(root);
  for (const [path, at] of forced) assert.ok(at >= (beforeTouch.get(path) ?? 0), `${path} was rewritten`);
  assert.equal((await runCli(['check', root])).code, 0);
});

test('a file that becomes binary or too large loses its rows', async (t) => {
  const { root } = await indexedWorkspace(t);
  writeFileSync(join(root, 'src/config.ts'), Buffer.alloc(50));
  writeFiles(root, { '.codeindex/config.json': '{ "maxFileBytes": 100 }', 'docs/guide.md': `${'long line '.repeat(50)}\n` });
  const run = await runCliJson(['index', root, '--json']);
  assert.equal(run.skipped, 2);
  assert.equal(run.files, FILE_COUNT - 2);
  assert.deepEqual(await runCliJson(['search', 'parseConfig', '--dir', root, '--json']), []);
  assert.equal((await runCli(['check', root])).code, 0);
});

test('--help and help print usage and exit 0', async () => {
  for (const args of [['--help'], ['help'], ['index', '--help']]) {
    const result = await runCli(args);
    assert.equal(result.code, 0, describe(result));
    assert.match(result.stdout, /Usage: code-index/);
  }
});

test('the CLI keeps its compiled code in a cache: written by the first run, used by the next, rebuilt when damaged', async (t) => {
  const { root } = await indexedWorkspace(t);
  const cache = tempDir(t, 'compile-cache');
  const env = { XDG_CACHE_HOME: cache, CODE_INDEX_TRACE: '1', CODE_INDEX_NO_SERVER: '1' };
  const run = () => runCli(['search', 'parse config', '--dir', root, '--json'], { env });
  const cacheFiles = () => readdirSync(join(cache, 'code-index', 'compile-cache'), { recursive: true }).filter((f) => !f.endsWith('.tmp'));
  const first = await run();
  assert.equal(first.code, 0, describe(first));
  assert.ok(cacheFiles().length > 0, 'a cache file after the first run');
  const nodeManages = Number(process.versions.node.split('.')[0]) >= 22;
  assert.match(first.stderr, nodeManages ? /compile cache managed by Node/ : /compile cache written on exit/);
  const second = await run();
  assert.equal(second.stdout, first.stdout);
  if (nodeManages) return; // Node's own cache (module.enableCompileCache) checks its files itself
  assert.match(second.stderr, /compile cache used/);
  for (const f of cacheFiles()) writeFileSync(join(cache, 'code-index', 'compile-cache', f), 'not a V8 code cache');
  const damaged = await run();
  assert.equal(damaged.code, 0, describe(damaged));
  assert.equal(damaged.stdout, first.stdout);
  assert.match(damaged.stderr, /compile cache rejected, rewritten on exit/);
  assert.match((await run()).stderr, /compile cache used/);
});
