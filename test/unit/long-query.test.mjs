// An issue report or a stack trace pasted as a query: read literally, weighed by its rarer words,
// with the paths and code names it writes out as strong evidence; and `--group file` ranks files by
// all their matches. Through the real CLI on a small workspace shaped like a library with tests.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { runCliJson } from '../helpers/cli.mjs';

const filler = (name, n) => Array.from({ length: n }, (_, i) => `def ${name}_helper_${i}(value):\n    return value + ${i}\n`).join('\n');

const FILES = {
  // The file the issue is about: its words and the name it defines.
  'geometry/point.py':
    'class Point:\n    def distance(self, other):\n        """Euclidean distance between two points."""\n        return sqrt(sum((a - b) ** 2 for a, b in zip(self.args, other.args)))\n\n' +
    '    def midpoint(self, other):\n        """The point halfway between two points."""\n        return Point([(a + b) / 2 for a, b in zip(self.args, other.args)])\n',
  // A test that repeats the issue's words: it must rank below the code it exercises.
  'geometry/tests/test_point.py':
    'def test_distance():\n    p = Point(1, 2)\n    q = Point(4, 6)\n    assert p.distance(q) == 5\n    assert p.midpoint(q) == Point(2.5, 4)\n',
  // Files that share the common words of the report but not its names.
  'core/numbers.py': 'def sqrt(value):\n    """Square root of a number, two ways."""\n    return value ** 0.5\n\n' + filler('numbers', 30),
  'core/expr.py':
    'class Expr:\n    def args(self):\n        """The arguments of two points or one."""\n        return self._args\n\n' +
    filler('expr', 30),
  'printing/latex.py': 'def latex(expr):\n    """Print expr as LaTeX."""\n    return printer.doprint(expr)\n\n' + filler('latex', 30),
};

const ISSUE = `Point.distance gives the wrong answer when the two points have a different number of dimensions

\`\`\`
>>> Point(2, 0).distance(Point(1, 0, 2))
1
\`\`\`
The 3rd dimension is being ignored when the points are zipped together to calculate the distance, so
"sqrt((2-1)**2 + (0-0)**2)" is computed instead of -1 plus the missing coordinate.`;

const TRACE = `Traceback (most recent call last):
  File "/home/user/project/printing/latex.py", line 3, in latex
    return printer.doprint(expr)
AttributeError: 'NoneType' object has no attribute 'doprint' when printing a matrix of symbols with subscripts`;

let ws;
const env = { CODE_INDEX_NO_SERVER: '1' };
const search = (query, ...args) => runCliJson(['search', query, '--dir', ws, '-k', '10', '--json', ...args], { env });

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'ci-longq-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  await runCliJson(['index', ws, '--json'], { env });
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('a long query is read literally: its quotes and minus signs are punctuation, not operators', () => {
  const parsed = core.parseQuery(ISSUE);
  assert.equal(parsed.long, true);
  assert.deepEqual(parsed.phrases, []);
  assert.deepEqual(parsed.excluded, [], '-1 in a pasted report must not exclude anything');
  assert.ok(parsed.words.includes('sqrt') && parsed.words.includes('distance'));
  const short = core.parseQuery('retry "exponential backoff" -test');
  assert.equal(short.long, false);
  assert.deepEqual(short.excluded, [['test']]);
  assert.equal(core.parseQuery(Array.from({ length: core.LONG_QUERY_WORDS }, (_, i) => `w${'abcdefghijklmnop'[i]}`).join(' ')).long, false);
  assert.equal(
    core.parseQuery(Array.from({ length: core.LONG_QUERY_WORDS + 1 }, (_, i) => `w${'abcdefghijklmnop'[i]}`).join(' ')).long,
    true,
  );
});

test('an issue report finds the file that defines what it names, above the test that repeats its words', async () => {
  for (const mode of ['text', 'auto']) {
    const hits = await search(ISSUE, '--mode', mode);
    assert.equal(hits[0]?.path, 'geometry/point.py', `${mode}: ${hits.map((h) => h.path).join(', ')}`);
    const paths = hits.map((h) => h.path);
    const test = paths.indexOf('geometry/tests/test_point.py');
    assert.ok(test === -1 || test > paths.indexOf('geometry/point.py'), `${mode}: the test ranks below the code`);
  }
});

test('a stack trace points at the file its frames name', async () => {
  const hits = await search(TRACE, '--group', 'file');
  assert.equal(hits[0]?.path, 'printing/latex.py', hits.map((h) => h.path).join(', '));
  const opened = core.openIndex(core.indexDbPath(ws), { role: 'reader', busyTimeoutMs: 5000 });
  try {
    const evidence = core.queryEvidence(opened.conn, TRACE);
    assert.equal(evidence.get('printing/latex.py'), core.LONG_QUERY.mentionedPath);
    const named = core.queryEvidence(opened.conn, 'the Point.distance method and Expr.args are wrong, see e.g. sympy.core');
    assert.equal(named.get('geometry/point.py'), core.LONG_QUERY.definedName);
    assert.equal(named.get('core/expr.py'), core.LONG_QUERY.definedName);
    assert.equal(named.size, 2, `nothing else is pointed at: ${[...named.keys()]}`);
  } finally {
    opened.conn.close();
  }
});

test('--group file gives one hit per file, files ranked by all their matches', async () => {
  const chunks = await search('value helper', '--mode', 'text', '-k', '50');
  assert.ok(new Set(chunks.map((h) => h.path)).size < chunks.length, 'several chunks of one file in chunk mode');
  const files = await search('value helper', '--mode', 'text', '--group', 'file');
  const paths = files.map((h) => h.path);
  assert.equal(new Set(paths).size, paths.length, `one hit per file: ${paths}`);
  assert.deepEqual([...paths].sort(), ['core/expr.py', 'core/numbers.py', 'printing/latex.py']);
  for (const hit of files) {
    assert.ok(hit.matches >= 2, `${hit.path} counts its matches: ${hit.matches}`);
    assert.equal(typeof hit.startLine, 'number');
    assert.equal(typeof hit.snippet, 'string');
  }
  const grouped = core.groupByFile(
    [
      { chunkId: 1, rrf: 0.5, scores: {} },
      { chunkId: 2, rrf: 0.4, scores: {} },
      { chunkId: 3, rrf: 0.3, scores: {} },
      { chunkId: 4, rrf: 0.29, scores: {} },
    ],
    (id) => (id === 1 ? 'a' : 'b'),
    10,
  );
  // b: 0.4 + 0.3/2 + 0.29/4 = 0.6225 beats a's single 0.5.
  assert.deepEqual(
    grouped.map((g) => [g.best.chunkId, g.matches]),
    [
      [2, 3],
      [1, 1],
    ],
  );
});

test('--group takes only chunk or file', async () => {
  await assert.rejects(search('value', '--group', 'folder'), /group|folder|allowed|choices/i);
});
