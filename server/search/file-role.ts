// What a file is for, read from its path alone: the code a project is made of, or what surrounds it
// (its tests, examples, vendored copies, generated or bundled output, prose). A search that names
// something wants the code first; what surrounds it shares the code's words and names, and would
// otherwise outnumber it. The rules are the conventions of the ecosystems we index, not of one corpus.

export type FileRole = 'code' | 'declaration' | 'test' | 'example' | 'vendored' | 'generated' | 'prose';

const TEST_FOLDERS = new Set([
  'test',
  'tests',
  '__tests__',
  'spec',
  'specs',
  'testing',
  'e2e',
  'testdata',
  'fixtures',
  '__fixtures__',
  '__mocks__',
]);
const EXAMPLE_FOLDERS = new Set(['example', 'examples', 'demo', 'demos', 'sample', 'samples', 'docs', 'doc', 'tutorial', 'tutorials']);
const VENDORED_FOLDERS = new Set([
  'vendor',
  'vendored',
  '_vendor',
  'third_party',
  'third-party',
  'thirdparty',
  'node_modules',
  'bower_components',
  'external',
  'extern',
]);
const GENERATED_FOLDERS = new Set(['dist', 'build', 'out', 'generated', '__generated__', 'gen', 'bundles', 'coverage']);

/** Test files by name: test_x.py, x_test.py/go, x.test.ts, x.spec.js, XTest.java, XTests.cs, conftest.py. */
const TEST_FILE =
  /^(test_.*\.py|.*_tests?\.(py|go|rb|rs|c|cc|cpp)|.*\.(test|spec)\.[cm]?[jt]sx?|.*Tests?\.(java|kt|cs|swift|scala)|conftest\.py)$/;
/** A folder named like test_x or x_test (CPython's idle_test, Django's test_utils). */
const TEST_FOLDER_NAME = /^(test_\w+|\w+_tests?)$/;
const GENERATED_FILE = /\.(min|bundle|umd|prod|production|development)\.[cm]?js$|\.(pb|pb2|g|generated)\.\w+$|_pb2\.py$/;
const DECLARATION_FILE = /\.d\.[cm]?ts$/;
const PROSE_LANGUAGES = new Set(['markdown', 'text']);
const PROSE_FILE = /^(readme|changelog|changes|history|news|license|licence|authors|contributing|copying|notice)([.-].*)?$/i;

/** The role of the file at `path` (workspace-relative, `/`-separated) written in `language`. */
export function fileRole(path: string, language?: string): FileRole {
  const parts = path.split('/');
  const name = parts[parts.length - 1];
  if ((language && PROSE_LANGUAGES.has(language)) || PROSE_FILE.test(name)) return 'prose';
  // The nearest folder decides among several (a test folder inside a vendored copy is vendored).
  for (const folder of parts.slice(0, -1).map((p) => p.toLowerCase())) {
    if (VENDORED_FOLDERS.has(folder)) return 'vendored';
    if (GENERATED_FOLDERS.has(folder)) return 'generated';
  }
  if (TEST_FILE.test(name)) return 'test';
  for (const folder of parts.slice(0, -1).map((p) => p.toLowerCase())) {
    if (TEST_FOLDERS.has(folder) || TEST_FOLDER_NAME.test(folder)) return 'test';
    if (EXAMPLE_FOLDERS.has(folder)) return 'example';
  }
  if (GENERATED_FILE.test(name)) return 'generated';
  if (DECLARATION_FILE.test(name)) return 'declaration';
  return 'code';
}

/** Words of a query that ask for a role by name: `test urlopen` wants the tests. */
const ASKED_BY: ReadonlyArray<[FileRole, RegExp]> = [
  ['test', /^(test|tests|testing|spec|specs|unittest|pytest|fixture|fixtures|mock|mocks)$/],
  ['example', /^(example|examples|demo|demos|sample|samples|tutorial|docs?)$/],
  ['vendored', /^(vendor|vendored|vendors)$/],
  ['generated', /^(dist|bundle|bundled|generated|minified)$/],
  ['prose', /^(readme|changelog|history|docs?|documentation|license|news)$/],
];

/**
 * The roles the query names by a word of its own, which therefore keep their full weight: `test
 * urlopen` wants the tests; `TestCase.assertSetEqual` and `unittest.mock.create_autospec` name code,
 * so a piece of an identifier or of a dotted name asks for nothing.
 */
export function rolesAskedFor(query: string): Set<FileRole> {
  const asked = new Set<FileRole>();
  for (const token of query.split(/\s+/)) {
    const word = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '').toLowerCase();
    for (const [role, pattern] of ASKED_BY) if (pattern.test(word)) asked.add(role);
  }
  return asked;
}
