// Callers people can trust, through the real CLI on a real index of test/fixtures/callgraph: calls
// resolved through imports (named, aliased, default, namespace, a barrel's re-exports), this./self.
// (base classes followed), class-qualified calls and enclosing scopes are labelled `resolved`; calls the index cannot place are
// `name-only`; calls that reach another definition or an outside package are left out and counted.
// `impact` walks resolved callers to a bounded depth.
import assert from 'node:assert/strict';
import { test, before, after } from 'node:test';
import { join } from 'node:path';
import { mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { runCli, runCliJson, describe } from '../helpers/cli.mjs';
import { REPO_ROOT } from '../helpers/core.mjs';

const ENV = { CODE_INDEX_NO_SERVER: '1' };
let root;

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'code-index-callgraph-'));
  cpSync(join(REPO_ROOT, 'test', 'fixtures', 'callgraph'), root, { recursive: true });
  await runCliJson(['index', root, '--json'], { env: ENV });
});

after(() => rmSync(root, { recursive: true, force: true }));

async function callers(name, ...flags) {
  const sites = await runCliJson(['callers', name, '--dir', root, '--json', ...flags], { env: ENV });
  return sites.map((s) => `${s.path}:${s.line} ${s.caller ?? '(top)'} ${s.tier}${s.target ? ` ${s.target.path}:${s.target.line}` : ''}`);
}

test('named, aliased, default and namespace imports resolve to the definition in the imported file', async () => {
  assert.deepEqual(await callers('format'), [
    'ts/store.ts:8 Store.save resolved ts/util.ts:2', // import { format as fmt }
    'ts/util.ts:7 parse resolved ts/util.ts:2', // the same file's top level
  ]);
  assert.deepEqual(await callers('main'), ['ts/store.ts:26 boot resolved ts/util.ts:10'], 'a default import');
  const parse = await callers('parse');
  assert.ok(parse.includes('ts/store.ts:20 Store.load resolved ts/util.ts:6'), `util.parse() and parse(): ${parse.join('\n')}`);
  assert.equal(parse.filter((s) => s.startsWith('ts/store.ts:20 ')).length, 2, 'both calls on that line');
});

test('a call through a barrel follows its re-exports (export { x } from, export * from)', async () => {
  const parse = await callers('parse');
  assert.ok(parse.includes('ts/app.ts:10 start resolved ts/util.ts:6'), parse.join('\n'));
  assert.ok((await callers('Store.create')).includes('ts/app.ts:11 start resolved ts/store.ts:15'));
});

test('this. and a class-qualified call reach the class method; a nested definition shadows an import', async () => {
  assert.deepEqual(await callers('Store.write'), [
    'ts/cache.ts:6 Cache.warm resolved ts/store.ts:11', // inherited: Cache extends the imported Store
    'ts/store.ts:8 Store.save resolved ts/store.ts:11',
  ]);
  assert.deepEqual(await callers('Store.create'), [
    'ts/app.ts:11 start resolved ts/store.ts:15',
    'ts/store.ts:25 boot resolved ts/store.ts:15',
  ]);
  const parse = await callers('parse');
  assert.ok(parse.includes('ts/local.ts:8 run resolved ts/local.ts:5'), 'the nested parse, not the imported one');
  assert.ok(!parse.some((s) => s.startsWith('ts/local.ts:8 ') && s.includes('util.ts')), parse.join('\n'));
});

test('a call on a value of unknown type is name-only, and the text form labels each tier', async () => {
  const parse = await callers('parse');
  assert.equal(parse.at(-1), 'ts/local.ts:12 other name-only', 'x.parse() comes last, labelled');
  assert.ok(
    parse.slice(0, -1).every((s) => s.includes(' resolved ')),
    parse.join('\n'),
  );
  const text = await runCli(['callers', 'parse', '--dir', root], { env: ENV });
  assert.equal(text.code, 0, describe(text));
  assert.match(text.stdout, /^ts\/local\.ts:8 {2}run {2}\[resolved to run\.parse ts\/local\.ts:5\]$/m);
  assert.match(text.stdout, /^ts\/local\.ts:12 {2}other {2}\[name-only\]$/m);
  assert.deepEqual(await callers('parse', '--resolved'), parse.slice(0, -1), '--resolved keeps only the resolved tier');
});

test('calls that reach another definition of the name, or an outside package, are left out and counted', async () => {
  const write = await runCli(['callers', 'Store.write', '--dir', root], { env: ENV });
  assert.equal(write.stdout, 'ts/cache.ts:6  Cache.warm  [resolved]\nts/store.ts:8  Store.save  [resolved]\n');
  assert.equal(write.stderr, 'code-index: 1 call of write reaches another definition or an outside package; left out.\n');
  assert.deepEqual(await callers('write'), [
    'ts/app.ts:12 start resolved ts/app.ts:5',
    'ts/cache.ts:6 Cache.warm resolved ts/store.ts:11',
    'ts/store.ts:8 Store.save resolved ts/store.ts:11',
  ]);
});

test('this. in a subclass reaches its own override, not the base class method it replaces', async () => {
  assert.deepEqual(await callers('load'), ['ts/cache.ts:7 Cache.warm resolved ts/cache.ts:10']);
  const base = await runCli(['callers', 'Store.load', '--dir', root], { env: ENV });
  assert.equal(base.stdout, 'No calls to load found.\n', describe(base));
  assert.match(base.stderr, /1 call of load reaches another definition/);
});

test('Python: from-imports, a module imported from its package, self., cls. and a class-qualified call', async () => {
  assert.deepEqual(await callers('clean'), [
    'py/pkg/app.py:10 run resolved py/pkg/helpers.py:4', // helpers.clean() after `from . import helpers`
    'py/pkg/app.py:12 run resolved py/pkg/helpers.py:4', // clean() after `from .helpers import clean`
    'py/pkg/helpers.py:10 Greeter.greet resolved py/pkg/helpers.py:4',
  ]);
  assert.deepEqual(
    await callers('render'),
    [
      'py/pkg/helpers.py:10 Greeter.greet resolved py/pkg/helpers.py:12',
      'py/pkg/helpers.py:26 LoudGreeter.shout resolved py/pkg/helpers.py:12',
    ],
    'self.render, its own and inherited, not app.render',
  );
  assert.deepEqual(await callers('make'), ['py/pkg/app.py:9 run resolved py/pkg/helpers.py:16'], 'Greeter.make()');
  assert.deepEqual(await callers('build'), ['py/pkg/helpers.py:17 Greeter.make resolved py/pkg/helpers.py:20'], 'cls.build()');
  assert.deepEqual(await callers('greet'), ['py/pkg/app.py:12 run name-only'], 'greeter.greet(): a variable');
});

test('impact walks resolved callers level by level, bounded by --depth and --max', async () => {
  const deep = await runCliJson(['impact', 'format', '--dir', root, '--json'], { env: ENV });
  assert.equal(deep.cut, false);
  assert.deepEqual(
    deep.callers.map((e) => `${e.depth} ${e.caller} ${e.path}:${e.line} -> ${e.calls}`),
    [
      '1 Store.save ts/store.ts:7 -> format',
      '1 parse ts/util.ts:6 -> format',
      '2 start ts/app.ts:9 -> parse',
      '2 Store.load ts/store.ts:19 -> parse',
      '2 main ts/util.ts:10 -> parse',
      '3 boot ts/store.ts:24 -> main',
    ],
  );
  const one = await runCliJson(['impact', 'format', '--dir', root, '--json', '--depth', '1'], { env: ENV });
  assert.deepEqual(
    one.callers.map((e) => e.caller),
    ['Store.save', 'parse'],
  );
  const two = await runCliJson(['impact', 'format', '--dir', root, '--json', '--depth', '2'], { env: ENV });
  assert.ok(!two.callers.some((e) => e.caller === 'boot'), 'boot is three calls away');
  const capped = await runCli(['impact', 'format', '--dir', root, '--max', '3'], { env: ENV });
  assert.equal(capped.stdout.trim().split('\n').length, 3, describe(capped));
  assert.match(capped.stderr, /stopped at 3 callers \(--max\)/);
  const text = await runCli(['impact', 'format', '--dir', root, '--depth', '2'], { env: ENV });
  assert.match(text.stdout, /^ {2}Store\.load {2}ts\/store\.ts:19 {2}calls parse at line 20$/m, 'a second level is indented');
});

test('impact refuses a depth past its bound in one line, and names a missing definition', async () => {
  const tooDeep = await runCli(['impact', 'format', '--dir', root, '--depth', '7'], { env: ENV });
  assert.equal(tooDeep.code, 2, describe(tooDeep));
  assert.match(tooDeep.stderr, /^code-index: .*--depth.*must be a whole number from 1 to 6\.\n$/);
  const none = await runCli(['impact', 'noSuchThing', '--dir', root], { env: ENV });
  assert.equal(none.code, 0, describe(none));
  assert.equal(none.stdout, 'No definition named noSuchThing; try `code-index symbols` for near names.\n');
  const blank = await runCli(['impact', ' ', '--dir', root], { env: ENV });
  assert.equal(blank.code, 2);
  assert.match(blank.stderr, /impact needs a NAME/);
});
