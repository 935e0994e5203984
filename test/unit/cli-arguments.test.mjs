// Arguments are checked the same way by every command: a count is plain decimal digits, an empty
// NAME or QUERY is a usage error, and `callers` takes a qualified name as `symbols` and `search` do.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertOneLineError, runCli, runCliJson, describe } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const FILES = {
  // In path order the call from app/ comes first, but `self.parse_args` is resolved and comes before
  // `parser.parse_args`, which only shares the name.
  'app/main.py': 'def main(parser):\n    return parser.parse_args()\n',
  'lib/argparse.py':
    'class ArgumentParser:\n' +
    '    def parse_args(self, args=None):\n        return args\n\n' +
    '    def parse_intermixed_args(self, args=None):\n        return self.parse_args(args)\n',
};

async function indexedWorkspace(t) {
  const root = writeFiles(tempDir(t, 'cli-args'), FILES);
  await runCliJson(['index', root, '--json']);
  return root;
}

test('every count is plain decimal digits from 1 to 10000, in every command that takes one', async (t) => {
  const root = await indexedWorkspace(t);
  const refused = ['1e3', '0x10', '2.5', ' 5', '+5', '-1', '0', '10001', '', '1_000', 'Infinity'];
  for (const command of [
    ['search', 'parse'],
    ['symbols', 'parse'],
  ]) {
    // A few at a time: each is its own process.
    for (let i = 0; i < refused.length; i += 4) {
      const results = await Promise.all(refused.slice(i, i + 4).map((k) => runCli([...command, '--dir', root, '-k', k])));
      for (const result of results) assertOneLineError(result, 2, /must be a whole number from 1 to 10000/);
    }
    for (const k of ['1', '07', '10000']) {
      const result = await runCli([...command, '--dir', root, '-k', k, '--json']);
      assert.equal(result.code, 0, `-k ${k}: ${describe(result)}`);
    }
  }
});

test('an empty or blank NAME or QUERY is a one-line usage error in every command', async (t) => {
  const root = await indexedWorkspace(t);
  for (const blank of ['', '   ']) {
    assertOneLineError(await runCli(['callers', blank, '--dir', root]), 2, /callers needs a NAME/);
    assertOneLineError(await runCli(['symbols', blank, '--dir', root]), 2, /symbols needs a QUERY/);
    assertOneLineError(await runCli(['search', blank, '--dir', root]), 2, /has no words to search for/);
  }
  assertOneLineError(await runCli(['search', 'x', '--dir', root, '--provider', 'nope']), 2, /Unknown embedding provider "nope"/);
});

test('callers takes a qualified name: resolved calls first, then the name-only ones made inside the qualifier', async (t) => {
  const root = await indexedWorkspace(t);
  const bare = await runCliJson(['callers', 'parse_args', '--dir', root, '--json']);
  assert.deepEqual(
    bare.map((s) => `${s.path}:${s.line} ${s.tier}`),
    ['lib/argparse.py:6 resolved', 'app/main.py:2 name-only'],
  );
  assert.deepEqual(bare[0].target, { path: 'lib/argparse.py', line: 2, name: 'ArgumentParser.parse_args' });
  const qualified = await runCli(['callers', 'ArgumentParser.parse_args', '--dir', root]);
  assert.equal(qualified.code, 0, describe(qualified));
  assert.equal(qualified.stdout, 'lib/argparse.py:6  ArgumentParser.parse_intermixed_args  [resolved]\napp/main.py:2  main  [name-only]\n');
  assert.equal(qualified.stderr, '');
  const resolvedOnly = await runCli(['callers', 'parse_args', '--resolved', '--dir', root]);
  assert.equal(resolvedOnly.stdout, 'lib/argparse.py:6  ArgumentParser.parse_intermixed_args  [resolved]\n', describe(resolvedOnly));
  const call = await runCliJson(['callers', 'parse_args()', '--dir', root, '--json']);
  assert.equal(call.length, 2, 'call syntax names the same function');
  const none = await runCli(['callers', 'Nowhere.nothing', '--dir', root]);
  assert.equal(none.code, 0, describe(none));
  assert.equal(none.stdout, 'No calls to nothing found.\n');
});
