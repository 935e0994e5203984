// A command given no folder finds the index as git finds its repository: the nearest folder from
// where the user stands up that holds one, stopping after a repository root, the home folder or the
// filesystem root. Paths are printed from where the user stands; JSON keeps the root's form.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, describe, runCli, runCliJson } from '../helpers/cli.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const PROJECT = {
  'src/config.ts': 'export function parseConfig(text: string) {\n  return JSON.parse(text);\n}\n',
  // No import: a Python `from config import parseConfig` would name a package from outside.
  'lib/json/decode.py': 'import json\n\ndef decode(text):\n    return parseConfig(text)\n',
};

/**
 * top/            indexed
 *   home/         $HOME for every run
 *     work/       nothing indexed up to home
 *   elsewhere/    finds top's index
 *   proj/         indexed; a repository (.git)
 *     lib/json/
 *   repo/         a repository, nothing indexed in it
 *     sub/
 */
async function layout(t) {
  const top = realpathSync(tempDir(t, 'cli-find'));
  writeFiles(top, { 'top.md': '# Top\n', 'home/work/notes.md': 'notes\n', 'elsewhere/e.md': 'e\n', 'repo/sub/r.md': 'r\n' });
  const proj = writeFiles(join(top, 'proj'), PROJECT);
  mkdirSync(join(proj, '.git'));
  mkdirSync(join(top, 'repo', '.git'));
  const env = { HOME: join(top, 'home'), CODE_INDEX_NO_SERVER: '1' };
  for (const root of [top, proj]) await runCliJson(['index', root, '--json'], { env });
  const run = (args, cwd) => runCli(args, { cwd, env });
  return { top, proj, env, run };
}

test('search, symbols, callers, status and check from a subfolder use the nearest index, and print paths from there', async (t) => {
  const { proj, run } = await layout(t);
  const here = join(proj, 'lib', 'json');
  const search = await run(['search', 'parseConfig', '--mode', 'symbol', '-k', '1'], here);
  assert.equal(search.code, 0, describe(search));
  assert.match(search.stdout, /^\.\.\/\.\.\/src\/config\.ts:1-3  \(parseConfig\)\n/);
  const symbols = await run(['symbols', 'decode'], here);
  assert.equal(symbols.stdout, 'decode  function  decode.py:3\n', describe(symbols));
  const callers = await run(['callers', 'parseConfig'], here);
  assert.equal(callers.stdout, 'decode.py:4  decode  [name-only]\n', describe(callers));
  const json = JSON.parse((await run(['symbols', 'decode', '--json'], here)).stdout);
  assert.equal(json[0].path, 'lib/json/decode.py', 'JSON keeps the path from the index root');
  const status = await run(['status'], here);
  assert.match(status.stdout, new RegExp(`^Index ${dbPathOf(proj)}\\n`), describe(status));
  const check = await run(['check', '--verbose'], here);
  assert.equal(check.code, 0, describe(check));
  assert.equal(check.stderr, `code-index: checking the index ${dbPathOf(proj)}\n`);
  // --verbose names the index that answered, in one line on stderr.
  for (const args of [['search', 'decode'], ['symbols', 'decode'], ['callers', 'decode'], ['status']]) {
    const verbose = await run([...args, '--verbose'], here);
    assert.equal(verbose.code, 0, describe(verbose));
    assert.equal(verbose.stderr, `code-index: using the index ${dbPathOf(proj)}\n`, args.join(' '));
  }
  assert.equal(existsSync(join(here, '.codeindex')), false, 'nothing is created where the user stands');
});

test('--dir and a DIR still win; from outside the root, paths stay as the index has them', async (t) => {
  const { top, proj, run } = await layout(t);
  const here = join(proj, 'lib', 'json');
  const other = await run(['search', 'Top', '--dir', top, '--mode', 'text', '--verbose'], here);
  assert.equal(other.code, 0, describe(other));
  // proj/lib/json is inside top too: its paths are printed from there.
  assert.match(other.stdout, /^\.\.\/\.\.\/\.\.\/top\.md:1-1\n/, 'the index of --dir answers');
  assert.equal(other.stderr, `code-index: using the index ${dbPathOf(top)}\n`);
  const status = await run(['status', top], here);
  assert.match(status.stdout, new RegExp(`^Index ${dbPathOf(top)}\\n`));
  const fromElsewhere = await run(['symbols', 'parseConfig', '--dir', proj], join(top, 'elsewhere'));
  assert.equal(fromElsewhere.stdout, 'parseConfig  function  src/config.ts:1\n', describe(fromElsewhere));
});

test('the walk stops after a repository root or the home folder, and says where it looked', async (t) => {
  const { top, run } = await layout(t);
  const sub = join(top, 'repo', 'sub');
  assertOneLineError(
    await run(['search', 'r'], sub),
    1,
    new RegExp(
      `No index in ${sub} or the folders above it up to ${join(top, 'repo')} \\(a repository root\\)\\. Run \`code-index index ${join(top, 'repo')}\` first\\.$`,
    ),
  );
  const work = join(top, 'home', 'work');
  for (const args of [['status'], ['check'], ['symbols', 'x'], ['callers', 'x']]) {
    assertOneLineError(await run(args, work), 1, /No index in .*work or the folders above it up to .*home \(the home folder\)\./);
  }
  const elsewhere = await run(['search', 'Top', '--mode', 'text', '--json'], join(top, 'elsewhere'));
  assert.equal(JSON.parse(elsewhere.stdout)[0]?.path, 'top.md', 'outside home and any repository, the walk goes on up');
});

test('index and embed with no folder update the enclosing index; with none above they index where the user stands', async (t) => {
  const { top, proj, env, run } = await layout(t);
  const here = join(proj, 'lib', 'json');
  writeFiles(proj, { 'lib/json/encode.py': 'def encode(value):\n    return str(value)\n' });
  const indexed = await run(['index'], here);
  assert.equal(indexed.code, 0, describe(indexed));
  assert.match(indexed.stdout, new RegExp(`^Indexed ${proj}: 3 files`));
  assert.equal(existsSync(join(here, '.codeindex')), false);
  const embedded = await run(['embed', '--json'], here);
  assert.equal(embedded.code, 0, describe(embedded));
  const status = await runCliJson(['status', proj, '--json'], { env });
  assert.ok(status.embedded > 0 && status.pending === 0, JSON.stringify(status));
  const sub = join(top, 'repo', 'sub');
  const fresh = await run(['index'], sub);
  assert.match(fresh.stdout, new RegExp(`^Indexed ${sub}: 1 files`), describe(fresh));
  assert.ok(existsSync(dbPathOf(sub)));
});
