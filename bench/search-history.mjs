// Does an index rank as a fresh one after days of editing? The same 50 queries on a fresh index of a
// tree and on one rewritten by five `index --force` runs and 500 single-file edits (each indexed on
// its own, as an editor's save is), once the files are back as they were: results and scores must be
// identical. Issue 15, "History"; the unit test (test/unit/search-history.test.mjs) is the small form.
//
//   node bench/search-history.mjs [--edits 500] [--force-runs 5]
//
// The tree is the Python standard library with its tests (bench/lib/definition-corpus.mjs). Queries,
// by rule: the first 25 CoSQA queries in file order (plain-language questions) and 25 names of
// classes and functions the index holds, the first by sha1 of the name. Edits, by rule: edit e
// appends a comment to the file whose sha1(e) comes first modulo the count of .py files.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_PATH, REPO_ROOT, loadCore } from './lib/env.mjs';
import { DEFS_DIR, ensureDefinitionCorpora } from './lib/definition-corpus.mjs';
import { listFiles } from './lib/definition-set.mjs';

const { values } = parseArgs({ options: { edits: { type: 'string', default: '500' }, 'force-runs': { type: 'string', default: '5' } } });
const EDITS = Number(values.edits);
const FORCE_RUNS = Number(values['force-runs']);
const MODES = ['text', 'symbol', 'auto', 'symbols'];
const K = 10;
const log = (line) => console.error(line);
const sha1 = (s) => createHash('sha1').update(s).digest('hex');
const cli = (...args) =>
  JSON.parse(
    execFileSync(process.execPath, [CLI_PATH, ...args, '--json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
      env: { ...process.env, CODE_INDEX_NO_SERVER: '1' },
    }),
  );

const core = loadCore();
const source = ensureDefinitionCorpora(log).python;
const work = join(DEFS_DIR, 'history');
rmSync(work, { recursive: true, force: true });
const fresh = join(work, 'fresh');
const rewritten = join(work, 'rewritten');
// Real copies, not hard links: the edits must not reach the source tree.
for (const dir of [fresh, rewritten]) cpSync(source, dir, { recursive: true });

const started = performance.now();
log(`rewritten: index, then ${FORCE_RUNS} x index --force`);
cli('index', rewritten);
for (let i = 0; i < FORCE_RUNS; i++) cli('index', rewritten, '--force');
const files = listFiles(rewritten).filter((p) => p.endsWith('.py'));
const original = new Map();
log(`rewritten: ${EDITS} single-file edits, each indexed`);
for (let e = 0; e < EDITS; e++) {
  const path = files[parseInt(sha1(String(e)).slice(0, 12), 16) % files.length];
  const abs = join(rewritten, path);
  if (!original.has(path)) original.set(path, readFileSync(abs));
  appendFileSync(abs, `\n# edit ${e}: a comment about ${path.split('/').pop()}\n`);
  cli('index', rewritten);
}
for (const [path, bytes] of original) writeFileSync(join(rewritten, path), bytes);
cli('index', rewritten);
log(`fresh: index once`);
cli('index', fresh);
const rewriteSeconds = (performance.now() - started) / 1000;

const queries = chooseQueries();
const differences = [];
let compared = 0;
const a = core.openWorkspace(fresh, { role: 'reader' });
const b = core.openWorkspace(rewritten, { role: 'reader' });
try {
  for (const query of queries) {
    for (const mode of MODES) {
      const left = brief(answer(a.index.conn, mode, query));
      const right = brief(answer(b.index.conn, mode, query));
      compared++;
      if (JSON.stringify(left) !== JSON.stringify(right))
        differences.push({ query, mode, fresh: left.slice(0, 3), rewritten: right.slice(0, 3) });
    }
  }
} finally {
  a.close();
  b.close();
}

console.log(`Search history: ${queries.length} queries x ${MODES.length} modes on a fresh index and on one rewritten by`);
console.log(
  `${FORCE_RUNS} index --force runs and ${EDITS} single-file edits (${original.size} files touched, all restored), ${rewriteSeconds.toFixed(0)} s`,
);
console.log(`${compared} result lists compared (top ${K}: path, lines and score), ${differences.length} differ`);
for (const d of differences.slice(0, 5))
  console.log(`  ${d.mode} "${d.query}":\n    fresh     ${JSON.stringify(d.fresh)}\n    rewritten ${JSON.stringify(d.rewritten)}`);
console.log(
  JSON.stringify({
    bench: 'search-history',
    queries: queries.length,
    modes: MODES,
    forceRuns: FORCE_RUNS,
    edits: EDITS,
    filesTouched: original.size,
    compared,
    differ: differences.length,
  }),
);
rmSync(work, { recursive: true, force: true });
process.exitCode = differences.length === 0 ? 0 : 1;

function answer(conn, mode, query) {
  if (mode === 'symbols') return core.searchSymbols(conn, query, K);
  return core.search(conn, query, { mode, k: K, symbolNames: 'sql' });
}

function brief(hits) {
  return hits.map((h) => `${h.path}:${h.startLine}-${h.endLine} ${h.score}`);
}

function chooseQueries() {
  const cosqa = JSON.parse(readFileSync(join(REPO_ROOT, '..', 'shared', 'eval', 'cosqa', 'cosqa-retrieval-dev-500.json'), 'utf8'));
  const questions = cosqa.slice(0, 25).map((q) => q.doc);
  const names = [
    ...new Set(
      cli('symbols', '--all', '--dir', fresh)
        .filter((s) => s.kindName === 'class' || s.kindName === 'function')
        .map((s) => s.name),
    ),
  ]
    .filter((n) => n.length >= 4)
    .sort((x, y) => (sha1(x) < sha1(y) ? -1 : 1))
    .slice(0, 25);
  return [...questions, ...names];
}
