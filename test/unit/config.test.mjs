// `.codeindex/config.json`: a missing file means the defaults; a malformed one, or a bad field, is an
// error that names the file, the line and what is wrong.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { runCli } from '../helpers/cli.mjs';
import { dbPathOf, tempDir, writeFiles } from '../helpers/workspace.mjs';

const { loadConfig, configPath, DEFAULT_CONFIG, IndexError } = core;

function workspaceWithConfig(t, text) {
  return writeFiles(tempDir(t, 'config'), { '.codeindex/config.json': text });
}

/** Loads the config of a workspace whose config.json is `text`; returns the error it must throw. */
function configError(t, text) {
  const root = workspaceWithConfig(t, text);
  let caught;
  assert.throws(
    () => loadConfig(root),
    (err) => {
      caught = err;
      return err instanceof IndexError && err.code === 'BAD_CONFIG';
    },
  );
  return { message: caught.message, file: configPath(root) };
}

test('a workspace without a config file gets the defaults, as a copy', (t) => {
  const root = tempDir(t, 'config');
  const config = loadConfig(root);
  assert.deepEqual(config, DEFAULT_CONFIG);
  config.exclude.push('mutated/');
  config.batchSize = 1;
  assert.deepEqual(loadConfig(root), DEFAULT_CONFIG, 'the defaults are not shared');
  mkdirSync(join(root, '.codeindex'));
  assert.deepEqual(loadConfig(root), DEFAULT_CONFIG, 'an index folder without config.json is the same');
});

test('the fields a config sets override the defaults; the others keep them', (t) => {
  const root = workspaceWithConfig(t, JSON.stringify({ maxFileBytes: 2048, exclude: ['fixtures/', '*.snap'], busyTimeoutMs: 0 }));
  assert.deepEqual(loadConfig(root), { ...DEFAULT_CONFIG, maxFileBytes: 2048, exclude: ['fixtures/', '*.snap'], busyTimeoutMs: 0 });
});

test('malformed JSON is an error naming the file and the line of the mistake', (t) => {
  const cases = [
    ['{\n  "batchSize": 10,\n  oops\n}\n', 3],
    // The missing comma is noticed at the next key.
    ['{\n  "batchSize": 10\n  "maxFileBytes": 5\n}\n', 3],
    ['{\n  "exclude": ["a/",\n    "b/",\n  ]\n}\n', 4],
    ['{\n  "batchSize": 10,\n', 3],
    ['{\n  "batchSize": 10,\n  "exclude": [\n    "a/"\n  ],\n  "maxFileBytes": undefined\n}\n', 6],
    ['{\n  "exclude": [\n' + '    "fixtures/",\n'.repeat(40) + '  ]\n}\n', 43],
  ];
  for (const [text, line] of cases) {
    const { message, file } = configError(t, text);
    assert.ok(message.startsWith(`${file}:${line}: not valid JSON`), `line ${line} of ${JSON.stringify(text)}: ${message}`);
    assert.match(message, /Fix or delete the file\.$/);
  }
});

test('a config that is not a JSON object is an error naming the file', (t) => {
  for (const text of ['[]', '42', 'null', '"batchSize"']) {
    const { message, file } = configError(t, text);
    assert.ok(message.startsWith(`${file}:1: must hold a JSON object`), message);
  }
});

test('an unknown field is named, with its line and the fields that exist', (t) => {
  const { message, file } = configError(t, '{\n  "batchSize": 10,\n  "maxFileSize": 5\n}\n');
  assert.ok(message.startsWith(`${file}:3: unknown field "maxFileSize"`), message);
  for (const known of Object.keys(DEFAULT_CONFIG)) assert.ok(message.includes(known), `lists ${known}: ${message}`);
});

test('a field with a bad value is named, with its line, the rule and the value found', (t) => {
  const cases = [
    ['batchSize', 0, /must be a whole number from 1 to 10000 \(got 0\)/],
    ['busyTimeoutMs', -1, /must be a whole number from 0 to 600000 \(got -1\)/],
    ['readerPoolSize', 1.5, /must be a whole number from 1 to 16 \(got 1\.5\)/],
    ['maxFileBytes', '1MB', /must be a whole number .* \(got "1MB"\)/],
    ['exclude', 'dist/', /must be an array of strings \(got "dist\/"\)/],
    ['exclude', ['ok/', 3], /must be an array of strings \(got \["ok\/",3\]\)/],
  ];
  for (const [field, value, rule] of cases) {
    const other = field === 'readerPoolSize' ? 'batchSize' : 'readerPoolSize';
    const text = `{\n  "${other}": 2,\n\n  ${JSON.stringify(field)}: ${JSON.stringify(value)}\n}\n`;
    const { message, file } = configError(t, text);
    assert.ok(message.startsWith(`${file}:4: field "${field}" `), message);
    assert.match(message, rule);
  }
});

test('a config.json that cannot be read is an error naming it', (t) => {
  const root = tempDir(t, 'config');
  mkdirSync(join(root, '.codeindex', 'config.json'), { recursive: true });
  assert.throws(
    () => loadConfig(root),
    (err) => err.code === 'BAD_CONFIG' && err.message.startsWith(`Cannot read ${configPath(root)}`),
  );
});

test('the CLI stops on a bad config with one line naming the file and line, and writes no index', async (t) => {
  const root = workspaceWithConfig(t, '{\n  "batchSize": "many"\n}\n');
  writeFiles(root, { 'a.ts': 'export const a = 1;\n' });
  for (const args of [
    ['index', root],
    ['status', root],
    ['search', 'a', '--dir', root],
    ['check', root],
  ]) {
    const result = await runCli(args);
    // A config the user fixes is a usage error, as a bad argument is (README, "Quick start").
    assert.equal(result.code, 2, `${args[0]}: ${result.stderr}`);
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.ok(result.stderr.startsWith(`code-index: ${configPath(root)}:2: field "batchSize"`), result.stderr);
  }
  assert.equal(existsSync(dbPathOf(root)), false);
});
