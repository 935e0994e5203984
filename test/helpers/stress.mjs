// What the stress tests ask of every process they start, and the readers they run beside writers.
import assert from 'node:assert/strict';
import { runCli, describe } from './cli.mjs';

/** The process ended by itself with exit 0 and said nothing of SQLite on stderr. */
export function assertClean(result, what) {
  assert.equal(result.signal, null, `${what} was killed\n${describe(result)}`);
  assert.equal(result.code, 0, `${what} failed\n${describe(result)}`);
  assert.doesNotMatch(result.stderr, /SQLITE_/, `${what} leaked SQLite text\n${describe(result)}`);
}

const QUERIES = ['Observable', 'mergeMap', 'subscribe observer', 'switchMap concatMap', '"foo" AND (bar* OR -baz:)', 'Subject'];
/** Queries that find something in the rxjs corpus whenever its index holds the corpus. */
const ALWAYS_FOUND = new Set(['Observable', 'mergeMap', 'Subject']);
/** Every this many reads, one is `status` instead of `search`. */
const STATUS_EVERY = 4;

/**
 * Runs reader processes (`code-index search`, and now and then `status`), two at a time, until
 * `until` settles; returns every result. A reader may find no index only while `mayLackIndex()` is true.
 */
export async function readWhile(root, until, { mayLackIndex = () => false } = {}) {
  let finished = false;
  until.then(
    () => {
      finished = true;
    },
    () => {
      finished = true;
    },
  );
  const reads = [];
  let n = 0;
  const lane = async () => {
    while (!finished) {
      const i = n++;
      const read =
        i % STATUS_EVERY === STATUS_EVERY - 1
          ? { what: 'status', args: ['status', root, '--json'] }
          : { what: `search ${JSON.stringify(QUERIES[i % QUERIES.length])}`, query: QUERIES[i % QUERIES.length] };
      read.args ??= ['search', read.query, '--dir', root, '-k', '5', '--json'];
      const lacking = mayLackIndex();
      read.result = await runCli(read.args);
      read.mayLackIndex = lacking || mayLackIndex();
      reads.push(read);
    }
  };
  await Promise.all([lane(), lane()]);
  return reads;
}

/**
 * Every reader exited 0 with JSON (or, where allowed, said plainly there is no index yet). With
 * `corpusFound`, searches that always match the corpus found something; with `counts` ({ files,
 * chunks }), status saw exactly those: a reader sees each file's old rows or its new ones, never a gap.
 */
export function assertReadsClean(reads, { corpusFound = false, counts } = {}) {
  for (const { what, query, result, mayLackIndex } of reads) {
    if (mayLackIndex && result.code === 1 && /^code-index: (No index at|The index .* has not been created yet)/.test(result.stderr))
      continue;
    assertClean(result, what);
    const answer = JSON.parse(result.stdout);
    if (query === undefined) {
      for (const [key, n] of Object.entries(counts ?? {}))
        assert.equal(answer[key], n, `${what} counted ${answer[key]} ${key} during a rewrite of ${n}`);
    } else if (corpusFound && ALWAYS_FOUND.has(query)) {
      assert.ok(answer.length > 0, `${what} found nothing while the index was being rewritten: a reader saw a half-written state`);
    }
  }
}
