// What a query and its filters mean, through the real CLI on a copy of the demo workspace: the two
// operators ("phrase", -word) hold in every mode, a query with nothing to look for is a usage
// error, and --lang and --path take what people type.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { core, REPO_ROOT } from '../helpers/core.mjs';
import { runCli, runCliJson, describe } from '../helpers/cli.mjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after } from 'node:test';

let ws;
const env = { CODE_INDEX_NO_SERVER: '1' };
const search = (args) => runCliJson(['search', '--dir', ws, '--json', ...args], { env });
const lines = (hit) =>
  readFileSync(join(ws, hit.path), 'utf8')
    .split('\n')
    .slice(hit.startLine - 1, hit.endLine)
    .join('\n');

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'ci-syntax-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'demo'), ws, { recursive: true, filter: (src) => !src.includes('.codeindex') });
  await runCliJson(['index', ws, '--json'], { env });
  await runCliJson(['embed', ws, '--json'], { env });
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('a query with nothing to look for is a usage error: one line, exit 2, in every mode', async () => {
  for (const [query, why] of [
    ['', /no words to search for/],
    ['  ', /no words to search for/],
    ['"()"', /no words to search for/],
    ['-retry', /only -exclusions/],
  ]) {
    for (const mode of ['auto', 'semantic']) {
      const r = await runCli(['search', '--dir', ws, '--mode', mode, '--', query], { env });
      assert.equal(r.code, 2, describe(r));
      assert.match(r.stderr, why);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.equal(r.stdout, '');
    }
  }
});

test('-word leaves out every hit that holds it, whichever signal found the hit', async () => {
  for (const mode of ['text', 'semantic', 'symbol', 'hybrid']) {
    const all = await search(['--mode', mode, '--', 'config']);
    const without = await search(['--mode', mode, '--', 'config -parse']);
    // A word of the code, as the index splits it: `parseConfig` and `parse_config` hold it, `configparser` does not.
    const saysParse = (hit) => core.indexWords(lines(hit)).includes('parse');
    assert.ok(all.some(saysParse), `${mode}: some hit of "config" says parse`);
    assert.ok(without.length > 0, `${mode}: "config -parse" still finds something`);
    for (const hit of without) assert.ok(!saysParse(hit), `${mode}: ${hit.path}:${hit.startLine} holds "parse"`);
  }
});

test('a quoted phrase is matched as one, in order, in every mode', async () => {
  for (const mode of ['text', 'semantic', 'hybrid']) {
    const hits = await search(['--mode', mode, '--', '"exponential backoff"']);
    assert.deepEqual(
      hits.map((h) => h.path),
      ['src/http-client.ts'],
      mode,
    );
    assert.deepEqual(await search(['--mode', mode, '--', '"backoff exponential"']), [], `${mode}: the words reversed are no phrase`);
  }
});

test('--lang takes names, aliases and extensions; an unknown one lists the known names', async () => {
  for (const lang of ['py', 'python', 'Python', '.py']) {
    const hits = await search(['--lang', lang, 'config']);
    assert.ok(hits.length > 0 && hits.every((h) => h.path.endsWith('.py')), `${lang}: ${hits.map((h) => h.path)}`);
  }
  const ts = await search(['--lang', 'ts', 'config']);
  assert.ok(ts.length > 0 && ts.every((h) => h.path.endsWith('.ts')));
  const r = await runCli(['search', '--dir', ws, '--lang', 'cobol', 'config'], { env });
  assert.equal(r.code, 2, describe(r));
  assert.match(r.stderr, /^code-index: Unknown language "cobol"\. Known: c, cpp, csharp, .*python.*typescript/);
});

test('--path is a gitignore-style pattern: a folder, an extension at any depth, a glob', async () => {
  const under = async (path) => (await search(['--path', path, 'config'])).map((h) => h.path);
  assert.ok((await under('src')).every((p) => p.startsWith('src/')));
  assert.ok((await under('src')).length > 0);
  assert.ok((await under('*.py')).every((p) => p.endsWith('.py')) && (await under('*.py')).length > 0);
  assert.ok((await under('src/**/*.ts')).every((p) => /^src\/.*\.ts$/.test(p)));
  assert.deepEqual(await under('nowhere'), []);
  const r = await runCli(['search', '--dir', ws, '--path', '!src', 'config'], { env });
  assert.equal(r.code, 2, describe(r));
  assert.match(r.stderr, /selects nothing/);
});
