// Which files a walk of the workspace yields: default excludes, the config's patterns and nested
// .gitignore files with git's semantics, symlinks kept inside the workspace, loops cut, odd names kept.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectingReporter, core } from '../helpers/core.mjs';
import { runCli, runCliJson, describe } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const { IgnoreRules, walkWorkspace } = core;

function walk(root, extraExcludes = []) {
  const reporter = collectingReporter();
  const paths = walkWorkspace(root, new IgnoreRules(root, extraExcludes), reporter)
    .map((f) => f.path)
    .sort();
  return { paths, warnings: reporter.warnings };
}

const sorted = (paths) => [...paths].sort();

test('default excludes leave out dependencies, version control, build output and our own index, at any depth', (t) => {
  const root = writeFiles(tempDir(t, 'walk'), {
    'src/main.ts': 'x',
    'src/util.py': 'x',
    'README.md': 'x',
    'node_modules/lib/index.js': 'x',
    'packages/app/node_modules/dep/index.js': 'x',
    '.git/HEAD': 'x',
    '.codeindex/index.db': 'x',
    'dist/out.js': 'x',
    'build/out.js': 'x',
    'pkg/__pycache__/m.cpython-312.pyc': 'x',
    'pkg/m.pyc': 'x',
    'native/a.o': 'x',
    'target/debug/app': 'x',
    'distance/keep.ts': 'x',
    'src/build.ts': 'x',
  });
  assert.deepEqual(walk(root).paths, sorted(['src/main.ts', 'src/util.py', 'README.md', 'distance/keep.ts', 'src/build.ts']));
});

test('the config exclude patterns apply on top of the defaults', (t) => {
  const root = writeFiles(tempDir(t, 'walk'), { 'src/a.ts': 'x', 'fixtures/big.json': 'x', 'src/a.snap': 'x', 'src/deep/b.snap': 'x' });
  assert.deepEqual(walk(root, ['fixtures/', '*.snap']).paths, ['src/a.ts']);
});

test('a nested .gitignore applies to its own folder and below, with anchors and negation as git reads them', (t) => {
  const root = writeFiles(tempDir(t, 'walk'), {
    '.gitignore': '*.log\n/generated/\n',
    'app.log': 'x',
    'generated/api.ts': 'x',
    'main.ts': 'x',
    'sub/.gitignore': 'secret.txt\n*.tmp\n!keep.log\n',
    'sub/secret.txt': 'x',
    'sub/deeper/secret.txt': 'x',
    'sub/deeper/x.tmp': 'x',
    'sub/keep.log': 'x',
    'sub/other.log': 'x',
    'sub/generated/kept.ts': 'x',
    'sub/code.ts': 'x',
    'other/secret.txt': 'x',
    'other/x.tmp': 'x',
  });
  assert.deepEqual(
    walk(root).paths,
    sorted([
      '.gitignore',
      'main.ts',
      'sub/.gitignore',
      'sub/keep.log',
      'sub/generated/kept.ts',
      'sub/code.ts',
      'other/secret.txt',
      'other/x.tmp',
    ]),
  );
  const rules = new IgnoreRules(root);
  assert.equal(rules.isIgnored('sub/deeper/secret.txt', false), true);
  assert.equal(rules.isIgnored('generated/api.ts', false), true);
  assert.equal(rules.isIgnored('node_modules/a/b.js', false), true);
  assert.equal(rules.isIgnored('sub/keep.log', false), false);
  assert.equal(rules.isIgnored('sub/code.ts', false), false);
});

test('symlink loops are cut and every real file is listed once', (t) => {
  const root = writeFiles(tempDir(t, 'walk'), { 'a/one.ts': 'x', 'b/two.ts': 'x' });
  symlinkSync('.', join(root, 'loop-to-root'));
  symlinkSync('..', join(root, 'a', 'up'));
  symlinkSync('self', join(root, 'self'));
  symlinkSync(join(root, 'b', 'cycle-b'), join(root, 'b', 'cycle-a'));
  symlinkSync(join(root, 'b', 'cycle-a'), join(root, 'b', 'cycle-b'));
  const { paths } = walk(root);
  assert.deepEqual(paths, ['a/one.ts', 'b/two.ts']);
});

test('a symlink inside the workspace is followed; one pointing outside it is not', (t) => {
  const outside = writeFiles(tempDir(t, 'outside'), { 'secret.ts': 'x', 'dir/leak.ts': 'x' });
  const root = writeFiles(tempDir(t, 'walk'), { 'src/real.ts': 'x', 'shared/util.ts': 'x' });
  symlinkSync(join(outside, 'secret.ts'), join(root, 'src', 'outside-file.ts'));
  symlinkSync(join(outside, 'dir'), join(root, 'outside-dir'));
  symlinkSync(join(root, 'src', 'real.ts'), join(root, 'alias.ts'));
  symlinkSync('../shared', join(root, 'src', 'linked'));
  symlinkSync(join(root, 'missing.ts'), join(root, 'dangling.ts'));
  const { paths } = walk(root);
  assert.ok(!paths.some((p) => p.includes('outside') || p.includes('leak') || p.includes('secret')), paths.join(', '));
  assert.ok(paths.includes('alias.ts'), 'a link to a file inside is followed');
  assert.ok(paths.includes('src/real.ts'));
  assert.ok(paths.includes('shared/util.ts') || paths.includes('src/linked/util.ts'), 'the linked folder is walked');
  assert.ok(!paths.includes('dangling.ts'));
});

test(
  'a folder that cannot be read is skipped with a warning naming it',
  { skip: process.getuid?.() === 0 && 'root reads every folder' },
  (t) => {
    const root = writeFiles(tempDir(t, 'walk'), { 'ok.ts': 'x', 'locked/hidden.ts': 'x' });
    chmodSync(join(root, 'locked'), 0o000);
    t.after(() => chmodSync(join(root, 'locked'), 0o755));
    const { paths, warnings } = walk(root);
    assert.deepEqual(paths, ['ok.ts']);
    assert.match(warnings.join('\n'), /^locked: folder not indexed: could not be read \(EACCES/m);
  },
);

const ODD_NAMES = {
  'with space/a file.ts': 'export const spaced = 1;\n',
  'ünïcødé/日本語.ts': 'export const unicodeName = 2;\n',
  'quotes/it\'s "quoted".ts': 'export const quotedName = 3;\n',
  'newline/line\nbreak.ts': 'export const newlineName = 4;\n',
  'emoji/😀 smile.md': 'emojiName\n',
  'back\\slash/x.ts': 'export const backslashName = 5;\n',
};

test(
  'file names with spaces, unicode, quotes, newlines and backslashes are walked, indexed and found',
  { skip: process.platform === 'win32' },
  async (t) => {
    const root = writeFiles(tempDir(t, 'walk'), ODD_NAMES);
    mkdirSync(join(root, 'empty dir'));
    assert.deepEqual(walk(root).paths, sorted(Object.keys(ODD_NAMES)));

    const summary = await runCliJson(['index', root, '--json']);
    assert.equal(summary.files, Object.keys(ODD_NAMES).length);
    assert.equal(summary.skipped, 0);
    for (const [path, word] of [
      ['newline/line\nbreak.ts', 'newlineName'],
      ['quotes/it\'s "quoted".ts', 'quotedName'],
      ['ünïcødé/日本語.ts', 'unicodeName'],
    ]) {
      const hits = await runCliJson(['search', word, '--dir', root, '--json']);
      assert.equal(hits[0]?.path, path, `${word}: ${JSON.stringify(hits)}`);
    }
    const again = await runCliJson(['index', root, '--json']);
    assert.equal(again.unchanged, Object.keys(ODD_NAMES).length, 'a second run finds them all unchanged');
    const check = await runCli(['check', root]);
    assert.equal(check.code, 0, describe(check));
  },
);
