// buildFtsQuery (search/fts-query.ts): any text becomes a MATCH that FTS5 runs without a syntax
// error and that searches for the words typed; makeSnippet (search/snippet.ts): the lines shown.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, Database } from '../helpers/core.mjs';
import { tempDir } from '../helpers/workspace.mjs';

const { buildFtsQuery, makeSnippet, indexText } = core;

test('free words are split and quoted; FTS5 operators are plain words', () => {
  const q = buildFtsQuery('parse AND (config* OR path:) NEAR/2');
  assert.deepEqual(q.words, ['parse', 'and', 'config', 'or', 'path', 'near', '2']);
  assert.equal(q.all, '"parse" AND "and" AND "config" AND "or" AND "path" AND "near" AND "2"');
  assert.equal(q.any, `(${q.words.map((w) => `"${w}"`).join(' OR ')})`);
  assert.equal(q.required, null);
  assert.equal(q.excluded, null);
  assert.deepEqual(buildFtsQuery('parseConfig').words, ['parse', 'config']);
});

test('a quoted phrase must match as one; -word leaves out what holds it, in names and text only', () => {
  const q = buildFtsQuery('retry "exponential backOff" -testHelper');
  assert.equal(q.required, '"exponential back off"');
  assert.equal(q.excluded, '{name body} : ("test helper")');
  assert.equal(q.all, '("retry" AND "exponential back off") NOT ({name body} : ("test helper"))');
  assert.equal(q.any, '(("retry") AND "exponential back off") NOT ({name body} : ("test helper"))');
  assert.deepEqual(q.words, ['retry', 'exponential', 'back', 'off']);
  // A dash inside a word, or alone, is no operator.
  assert.equal(buildFtsQuery('foo-bar - baz').excluded, null);
});

test('a query with no words gives no MATCH at all', () => {
  for (const text of ['', '   ', '""', '*', '()', ':^', '-foo', '" "']) assert.equal(buildFtsQuery(text), null, JSON.stringify(text));
  assert.throws(
    () => core.requireSearchTerms('()'),
    (err) => err.code === 'BAD_ARGUMENT' && /no words to search for/.test(err.message),
  );
  assert.throws(
    () => core.requireSearchTerms('-foo'),
    (err) => err.code === 'BAD_ARGUMENT' && /only -exclusions/.test(err.message),
  );
});

test('every query runs on a real FTS5 table and selects the rows its words, phrases and exclusions say', (t) => {
  const db = new Database(join(tempDir(t, 'fts'), 'fts.db'));
  t.after(() => db.close());
  db.exec("CREATE VIRTUAL TABLE f USING fts5(name, path, body, tokenize = 'porter unicode61')");
  const add = (id, path, body) =>
    db.prepare('INSERT INTO f (rowid, name, path, body) VALUES (?, ?, ?, ?)').run(id, '', indexText(path), indexText(body));
  add(1, 'src/a.ts', 'foo and bar or baz near 2 body: NOT x');
  add(2, 'src/b.ts', 'unrelated words only');
  add(3, 'test/baz.ts', 'foo bar and or near 2 without the third word');
  // Row 3 names baz only in its path: a match for a word, never a reason to exclude it.
  const cases = [
    ['foo AND (bar* OR baz:) NEAR/2', [1, 3]],
    ['body: foo', [1]],
    ['NOT x', [1]],
    ["bar' OR 1=1 --", []],
    ['NEAR(foo bar)', [1, 3]],
    ['^foo', [1, 3]],
    ['foo -baz', [3]],
    ['"near 2" foo', [1, 3]],
    ['"2 near" foo', []],
    ['foo"bar', [1, 3]],
  ];
  for (const [text, expected] of cases) {
    const q = buildFtsQuery(text);
    const rows = db.prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid').all(q.all);
    assert.deepEqual(
      rows.map((r) => r.rowid),
      expected,
      text,
    );
  }
});

test('the snippet is the run of lines with most query words, and its line number', () => {
  const text = ['function unrelated() {}', '', 'function parseConfig(path) {', '  return read(path);', '}', 'tail'].join('\n');
  assert.deepEqual(makeSnippet(text, ['parse', 'config'], 41), {
    snippet: 'function parseConfig(path) {\n  return read(path);\n}',
    line: 43,
  });
});

test('with no query words the snippet starts at the first line that is not blank', () => {
  assert.deepEqual(makeSnippet('\n\nconst a = 1;\nconst b = 2;', [], 1), { snippet: 'const a = 1;\nconst b = 2;', line: 3 });
});

test('blank lines are left out of the snippet and long lines are clipped', () => {
  const long = `const x = ${'y'.repeat(300)};`;
  const { snippet, line } = makeSnippet(`${long}\n\nnext`, ['x'], 10);
  const [first, second] = snippet.split('\n');
  assert.equal(line, 10);
  assert.equal(first.length, 160);
  assert.ok(first.endsWith('…'));
  assert.equal(second, 'next');
});

test('the snippet keeps the indentation of its lines relative to each other', () => {
  const text = ['class Config:', '    def parse_config(self, x):', '        return x.split()', '', '    def other(self):'].join('\n');
  assert.deepEqual(makeSnippet(text, ['parse', 'config'], 1), {
    snippet: 'def parse_config(self, x):\n    return x.split()',
    line: 2,
  });
  const tabs = makeSnippet('\t\tif (parse) {\n\t\t\tparse(a);\n\t\t}', ['parse'], 1).snippet;
  assert.equal(tabs, 'if (parse) {\n\tparse(a);\n}');
});
