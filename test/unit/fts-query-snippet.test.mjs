// buildFtsQuery (search/fts-query.ts): any text becomes a MATCH that FTS5 runs without a syntax
// error and that searches for the words typed; makeSnippet (search/snippet.ts): the lines shown.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { core, Database } from '../helpers/core.mjs';
import { tempDir } from '../helpers/workspace.mjs';

const { buildFtsQuery, makeSnippet, indexText } = core;

test('words are split and quoted; FTS5 operators become plain words', () => {
  const q = buildFtsQuery('"foo" AND (bar* OR -baz:) NEAR/2');
  assert.deepEqual(q.words, ['foo', 'and', 'bar', 'or', 'baz', 'near', '2']);
  assert.equal(q.all, '"foo" AND "and" AND "bar" AND "or" AND "baz" AND "near" AND "2"');
  assert.equal(q.any, q.words.map((w) => `"${w}"`).join(' OR '));
  assert.deepEqual(buildFtsQuery('parseConfig').words, ['parse', 'config']);
});

test('a query with no words gives no MATCH at all', () => {
  for (const text of ['', '   ', '""', '*', '()', '-:^']) assert.equal(buildFtsQuery(text), null, JSON.stringify(text));
});

test('every hostile query runs on a real FTS5 table and finds the row with its words', (t) => {
  const db = new Database(join(tempDir(t, 'fts'), 'fts.db'));
  t.after(() => db.close());
  db.exec("CREATE VIRTUAL TABLE f USING fts5(body, tokenize = 'porter unicode61')");
  db.prepare('INSERT INTO f (rowid, body) VALUES (?, ?)').run(1, indexText('foo and bar or baz near 2 body: NOT x'));
  db.prepare('INSERT INTO f (rowid, body) VALUES (?, ?)').run(2, indexText('unrelated words only'));
  const hostile = ['"foo" AND (bar* OR -baz:) NEAR/2', 'body: foo', 'NOT x', 'foo"bar', "bar' OR 1=1 --", 'NEAR(foo bar)', '^foo'];
  for (const text of hostile) {
    const q = buildFtsQuery(text);
    const rows = db.prepare('SELECT rowid FROM f WHERE f MATCH ? ORDER BY rowid').all(q.all);
    assert.deepEqual(
      rows.map((r) => r.rowid),
      text === "bar' OR 1=1 --" ? [] : [1],
      text,
    );
    assert.ok(db.prepare('SELECT rowid FROM f WHERE f MATCH ?').all(q.any).length >= 1, text);
  }
});

test('the snippet is the run of lines with most query words, and its line number', () => {
  const text = ['function unrelated() {}', '', 'function parseConfig(path) {', '  return read(path);', '}', 'tail'].join('\n');
  assert.deepEqual(makeSnippet(text, ['parse', 'config'], 41), {
    snippet: 'function parseConfig(path) {\nreturn read(path);\n}',
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
