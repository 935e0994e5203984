// bench/scale.mjs draws its queries from the index by rule: these check the rule on a real index
// built by the real CLI (every Nth distinct name, the three query forms) and that each form is a
// query `code-index symbols` answers with the name it came from.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { queryForms, sampleNames } from '../../bench/lib/scale-queries.mjs';
import { runCli, runCliJson } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

/** The bench runs on the project's Node 20 and reads the index with better-sqlite3, which the Node 22
 *  tier (node:sqlite) cannot load. */
const BENCH_NODE = {
  skip: process.env.CODE_INDEX_SQLITE_DRIVER === 'node:sqlite' ? 'the bench reads the index with better-sqlite3 (Node 20)' : false,
};

const NAMES = ['parseConfigFile', 'loadUserAccount', 'request_handler_factory', 'TokenStreamReader', 'buildTree', 'emitEvent'];

async function indexedFolder(t) {
  const root = tempDir(t, 'scale-queries');
  const files = {};
  NAMES.forEach((name, i) => {
    files[`src/f${i}.ts`] = `export function ${name}(a: number): number {\n  return a + ${i};\n}\nexport const x${i} = 1;\n`;
  });
  writeFiles(root, files);
  await runCliJson(['index', root, '--json']);
  return root;
}

test('sampleNames spreads over the distinct names of 6 to 40 characters, in name order, the same every time', BENCH_NODE, async (t) => {
  const root = await indexedFolder(t);
  const dbPath = join(root, '.codeindex', 'index.db');
  const sorted = [...NAMES].sort();
  assert.deepEqual(sampleNames(dbPath, NAMES.length), sorted, 'every name when as many are asked for; x0..x5 are too short');
  const three = sampleNames(dbPath, 3);
  assert.deepEqual(three, [sorted[1], sorted[3], sorted[5]], 'every second name, starting half a step in');
  assert.deepEqual(sampleNames(dbPath, 3), three);
});

test('queryForms gives each name whole, its first half and its word initials (two words or more)', () => {
  const asked = queryForms(['parseConfigFile', 'request_handler_factory', 'HTMLParser', 'abcdef']).map(({ form, query }) => [form, query]);
  assert.deepEqual(asked, [
    ['name', 'parseConfigFile'],
    ['prefix', 'parseCon'],
    ['humps', 'pCF'],
    ['name', 'request_handler_factory'],
    ['prefix', 'request_hand'],
    ['humps', 'rhf'],
    ['name', 'HTMLParser'],
    ['prefix', 'HTMLP'],
    ['humps', 'HP'],
    ['name', 'abcdef'],
    ['prefix', 'abc'],
  ]);
});

// Humps are left out here: whether the CLI without a server answers them is what the bench measures.
test('the whole name and the prefix of a sampled name find it through code-index symbols', BENCH_NODE, async (t) => {
  const root = await indexedFolder(t);
  const names = sampleNames(join(root, '.codeindex', 'index.db'), NAMES.length);
  for (const { form, query, name } of queryForms(names).filter((f) => f.form !== 'humps')) {
    const run = await runCli(['symbols', query, '--dir', root, '--json'], { env: { CODE_INDEX_NO_SERVER: '1' } });
    assert.equal(run.code, 0, run.stderr);
    const found = JSON.parse(run.stdout).map((s) => s.name);
    assert.ok(found.includes(name), `${form} query "${query}" did not find ${name}: ${found}`);
  }
});
