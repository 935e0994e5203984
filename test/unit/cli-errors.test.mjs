// Every command meets every failure the same way: one line on stderr saying what is wrong and what
// to do, nothing on stdout, no stack trace; exit 2 for what the user fixes in the command or its
// settings (a folder, a config file), exit 1 for an index that cannot be used.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertOneLineError, describe, startCli } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const SOURCE = { 'src/a.ts': 'export function parseConfig(text: string) {\n  return text;\n}\n' };

/** Every command that takes a folder, as it is given one. */
const COMMANDS = [
  (dir) => ['index', dir],
  (dir) => ['embed', dir],
  (dir) => ['serve', dir],
  (dir) => ['status', dir],
  (dir) => ['check', dir],
  (dir) => ['search', 'parse', '--dir', dir],
  (dir) => ['symbols', 'parse', '--dir', dir],
  (dir) => ['callers', 'parse', '--dir', dir],
  // Last and alone: it replaces what the others must meet.
  (dir) => ['check', '--repair', dir],
];

/** A command that should fail at once; `serve` would otherwise keep running, so it is stopped and fails the check. */
async function runFailing(args) {
  const run = startCli(args, { env: { CODE_INDEX_NO_SERVER: '1' } });
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 30_000);
  const result = await run.done;
  clearTimeout(timer);
  return result;
}

async function assertEveryCommand(folder, expect) {
  const batches = [COMMANDS.slice(0, 3), COMMANDS.slice(3, 6), COMMANDS.slice(6, 8), COMMANDS.slice(8)];
  for (const commands of batches) {
    const batch = commands.map((command) => command(folder));
    const results = await Promise.all(batch.map(runFailing));
    results.forEach((result, j) => expect(batch[j], result));
  }
}

test('a missing folder, a file, a malformed or unreadable config is one line and exit 2 from every command, serve included', async (t) => {
  const parent = tempDir(t, 'cli-errors');
  const missing = join(parent, 'no', 'such folder');
  const file = join(parent, 'plain.txt');
  writeFileSync(file, 'x');
  const badJson = writeFiles(join(parent, 'bad-json'), { ...SOURCE, '.codeindex/config.json': '{\n  "exclude": [1,}\n' });
  const badField = writeFiles(join(parent, 'bad-field'), { ...SOURCE, '.codeindex/config.json': '{ "batchSize": 0 }\n' });
  const unreadable = writeFiles(join(parent, 'unreadable'), SOURCE);
  mkdirSync(join(unreadable, '.codeindex', 'config.json'), { recursive: true });
  const cases = [
    [missing, /No such folder: .*such folder$/],
    [file, /Not a folder: .*plain\.txt$/],
    [badJson, /config\.json:2: not valid JSON .*Fix or delete the file\.$/],
    [badField, /config\.json:1: field "batchSize" must be a whole number from 1 to 10000 \(got 0\)\.$/],
    [unreadable, /Cannot read .*config\.json: EISDIR/],
  ];
  for (const [folder, pattern] of cases) {
    await assertEveryCommand(folder, (args, result) => {
      assert.doesNotMatch(result.stderr, /unexpected failure/, `${args.join(' ')}: ${describe(result)}`);
      assertOneLineError(result, 2, pattern);
    });
  }
});

test('a foreign file or a folder where the index should be is one line and exit 1; check reports it on stdout', async (t) => {
  const parent = tempDir(t, 'cli-errors');
  const text = writeFiles(join(parent, 'text'), { ...SOURCE, '.codeindex/index.db': 'notes, not a database\n'.repeat(20) });
  const folder = writeFiles(join(parent, 'folder'), SOURCE);
  mkdirSync(join(folder, '.codeindex', 'index.db'), { recursive: true });
  const cases = [
    [text, /index\.db is not a Code Index database \(not a SQLite file\)\. Move it away, or run `code-index check --repair`/],
    [folder, /Cannot open the index .*index\.db\. Check that its folder exists and is writable\./],
  ];
  for (const [root, pattern] of cases) {
    await assertEveryCommand(root, (args, result) => {
      const what = `${args.join(' ')}: ${describe(result)}`;
      if (args[0] === 'check' && args[1] === '--repair') {
        assert.equal(result.code, 0, `repair replaces what is there: ${what}`);
      } else if (args[0] === 'check') {
        assert.equal(result.code, 1, what);
        assert.equal(result.stderr, '', what);
        assert.match(result.stdout, /^FAIL open: /, what);
      } else {
        assertOneLineError(result, 1, pattern);
      }
    });
  }
});
