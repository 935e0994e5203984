// A query that names a definition gets the definition first: over its tests, examples, vendored
// and bundled copies, over a variable that aliases it, and by the module or container the query
// spells out. Through the real CLI on a small workspace shaped like the standard library's.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { runCliJson } from '../helpers/cli.mjs';

const FILES = {
  'urllib/request.py':
    'def urlopen(url, data=None, timeout=None):\n    """Open the URL url."""\n    return opener.open(url, data, timeout)\n',
  'test/test_urllib.py':
    'from urllib.request import urlopen\n\nclass urlopen_DataTests(unittest.TestCase):\n    def test_urlopen(self):\n        urlopen("data:,x")\n        urlopen("data:,y")\n\ndef urlopen(url):\n    return urlopen(url)\n',
  'collections/__init__.py':
    'class OrderedDict(dict):\n    """Dictionary that remembers insertion order."""\n    def move_to_end(self, key):\n        pass\n',
  'typing.py': 'OrderedDict = _alias(collections.OrderedDict, 2)\n',
  'json/__init__.py': 'def dumps(obj):\n    """Serialize obj to a JSON formatted str."""\n    return encoder.encode(obj)\n',
  'pickle.py': 'def dumps(obj, protocol=None):\n    """Return the pickled representation of the object."""\n    return _dumps(obj)\n',
  'argparse.py': 'class ArgumentParser:\n    def parse_args(self, args=None):\n        return self.parse_known_args(args)\n',
  'optparse.py': 'class OptionParser:\n    def parse_args(self, args=None):\n        return (args, [])\n',
  'examples/cookie.js': 'function cookie(name, value) {\n  return res.cookie(name, value);\n}\n',
  'lib/response.js': 'res.cookie = function cookie(name, value, options) {\n  this.append("Set-Cookie", name + "=" + value);\n};\n',
  'public/response.min.js': 'function cookie(n,v,o){this.append("Set-Cookie",n+"="+v)}\n',
  'logging/config.py':
    'def add_handler(logger, handler):\n' +
    Array.from({ length: 30 }, (_, i) => `    logger.level_${i} = configure(handler, ${i})\n`).join('') +
    '\nclass DictConfigurator:\n    def add_handlers(self, logger, handlers):\n        for h in handlers:\n            add_handler(logger, h)\n            add_handler(logger, h.child)\n            add_handler(logger, h.parent)\n',
  'CHANGELOG.md': '# 2.0\n\n- set cookie on response now takes options\n- set cookie on response works with signed cookies\n',
};

let ws;
const env = { CODE_INDEX_NO_SERVER: '1' };
const first = async (args) => (await runCliJson([...args, '--dir', ws, '--json'], { env }))[0];

before(async () => {
  ws = mkdtempSync(join(tmpdir(), 'ci-defrank-'));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(ws, path)), { recursive: true });
    writeFileSync(join(ws, path), text);
  }
  await runCliJson(['index', ws, '--json'], { env });
});
after(() => rmSync(ws, { recursive: true, force: true }));

test('fileRole reads tests, examples, vendored, generated and prose from the path', () => {
  const cases = {
    'src/parse.ts': 'code',
    'Lib/urllib/request.py': 'code',
    'Lib/test/test_urllib.py': 'test',
    'idlelib/idle_test/test_calltip.py': 'test',
    'pkg/foo_test.go': 'test',
    'src/__tests__/parse.ts': 'test',
    'src/parse.spec.ts': 'test',
    'src/test/java/FooTest.java': 'test',
    'conftest.py': 'test',
    'examples/jsm/loaders/GLTFLoader.js': 'example',
    'vendor/lodash/index.js': 'vendored',
    'third_party/six.py': 'vendored',
    'node_modules/x/tests/a.js': 'vendored',
    'dist/cjs/map.js': 'generated',
    'src/jquery.min.js': 'generated',
    'api_pb2.py': 'generated',
    'types/index.d.ts': 'declaration',
    'README.md': 'prose',
    'History.md': 'prose',
    CHANGES: 'prose',
  };
  for (const [path, role] of Object.entries(cases)) assert.equal(core.fileRole(path), role, path);
  assert.deepEqual([...core.rolesAskedFor('test urlopen')], ['test']);
  assert.deepEqual([...core.rolesAskedFor('urlopen (tests)')], ['test']);
  assert.equal(core.rolesAskedFor('urlopen').size, 0);
  // A piece of an identifier or of a dotted name names code, not its tests.
  assert.equal(core.rolesAskedFor('TestCase.assertSetEqual').size, 0);
  assert.equal(core.rolesAskedFor('unittest.mock.create_autospec').size, 0);
  assert.equal(core.rolesAskedFor('test_urlopen').size, 0);
});

test('a qualified name splits into its name and qualifiers; prose is not one', () => {
  assert.deepEqual(core.parseQualifiedName('json.dumps'), { name: 'dumps', qualifiers: ['json'] });
  assert.deepEqual(core.parseQualifiedName('std::vector'), { name: 'vector', qualifiers: ['std'] });
  assert.deepEqual(core.parseQualifiedName('foo.bar()'), { name: 'bar', qualifiers: ['foo'] });
  assert.deepEqual(core.parseQualifiedName('Foo#bar'), { name: 'bar', qualifiers: ['Foo'] });
  assert.deepEqual(core.parseQualifiedName('urlopen'), { name: 'urlopen', qualifiers: [] });
  assert.equal(core.parseQualifiedName('set cookie'), null);
  assert.equal(core.parseQualifiedName('a..b'), null);
  assert.deepEqual(core.scopeOf('json/__init__.py', null), ['json']);
  assert.deepEqual(core.scopeOf('Lib/argparse.py', 'ArgumentParser'), ['Lib', 'argparse', 'ArgumentParser']);
  const scope = core.scopeOf('urllib/request.py', null);
  assert.equal(core.qualifierMatch(['urllib', 'request'], scope), 1);
  assert.equal(core.qualifierMatch(['request'], scope), 1);
  assert.ok(core.qualifierMatch(['urllib'], scope) < 1, 'a qualifier away from the name counts less');
  assert.equal(core.qualifierMatch(['http'], scope), 0);
  assert.equal(core.qualifierMatch(['request', 'urllib'], scope) < 1, true, 'order counts');
});

test('symbols: the definition in code over the same name in tests, and over an alias', async () => {
  const urlopen = await first(['symbols', 'urlopen']);
  assert.deepEqual([urlopen.path, urlopen.startLine], ['urllib/request.py', 1]);
  const od = await first(['symbols', 'OrderedDict']);
  assert.deepEqual([od.path, od.name], ['collections/__init__.py', 'OrderedDict']);
  // JSON keeps `kind` a number (LSP's SymbolKind) and names it.
  assert.deepEqual([urlopen.kind, urlopen.kindName, od.kind, od.kindName], [12, 'function', 5, 'class']);
});

test('symbols: a module path or container picks among same-named definitions', async () => {
  assert.equal((await first(['symbols', 'json.dumps'])).path, 'json/__init__.py');
  assert.equal((await first(['symbols', 'pickle.dumps'])).path, 'pickle.py');
  const parse = await first(['symbols', 'ArgumentParser.parse_args']);
  assert.deepEqual([parse.path, parse.name], ['argparse.py', 'parse_args']);
  assert.equal((await first(['symbols', 'OptionParser.parse_args()'])).path, 'optparse.py');
  assert.equal((await first(['symbols', 'Response.cookie'])).path, 'lib/response.js');
});

test('search, every mode that takes a name: the definition first, and a query that asks for tests gets them', async () => {
  for (const mode of ['auto', 'symbol', 'text']) {
    const hit = await first(['search', 'urlopen', '--mode', mode]);
    assert.equal(hit.path, 'urllib/request.py', `${mode}: ${JSON.stringify(hit)}`);
    assert.equal((await first(['search', 'cookie', '--mode', mode])).path, 'lib/response.js', mode);
  }
  const dumps = await first(['search', 'json.dumps']);
  assert.deepEqual([dumps.path, dumps.kind, dumps.kindName], ['json/__init__.py', 12, 'function']);
  assert.equal((await first(['search', 'test urlopen'])).path, 'test/test_urllib.py');
  // The exact name beats a longer one that BM25 likes better (its body calls the exact one twice).
  const exact = await first(['search', 'add_handler']);
  assert.deepEqual([exact.path, exact.symbol], ['logging/config.py', 'add_handler'], JSON.stringify(exact));
});

test('a question about behaviour answers with code before the changelog that repeats its words', async () => {
  const hit = await first(['search', 'set cookie on response', '--mode', 'text']);
  assert.equal(hit.path, 'lib/response.js', JSON.stringify(hit));
  const asked = await first(['search', 'changelog set cookie on response', '--mode', 'text']);
  assert.equal(asked.path, 'CHANGELOG.md', 'a query that names the changelog gets it');
});

test("the MCP definition tool's lookup lists a name's definitions as Ctrl+T ranks them: code first, the test's copy after", () => {
  const ws2 = core.openWorkspace(ws, { role: 'reader' });
  try {
    assert.deepEqual(
      core.findDefinitions(ws2.index.conn, 'urlopen').map((d) => d.path),
      ['urllib/request.py', 'test/test_urllib.py'],
      'path order alone would put test/ first',
    );
    assert.deepEqual(
      core.findDefinitions(ws2.index.conn, 'OrderedDict').map((d) => d.path),
      ['collections/__init__.py', 'typing.py'],
      'the class before the alias',
    );
  } finally {
    ws2.close();
  }
});
