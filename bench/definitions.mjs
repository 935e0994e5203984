// Does a name find its definition? (query, definition) pairs from universal ctags over real code
// shipped with its tests, examples and generated copies (bench/lib/definition-set.mjs says how they
// are sampled), run through `symbols` (Ctrl+T's ranking) and `search` in symbol, text and auto mode.
// Prints rank-1, top-5 and MRR@k per language, mode and query form (bare, qualified, ambiguous).
//
//   node bench/definitions.mjs [--set tuned|held-out] [--cli dist/cli.js] [--compare OLD/dist/cli.js] [-k 10] [--misses 5] [--verify 3]
//
// Each build indexes its own hard-linked copy of each corpus with `code-index index` (under
// bench/.corpus-defs/work/<hash of its cli.js and core.js>/), then answers in this process through
// that build's dist/core.js with the calls `code-index symbols|search` makes
// (server/queries/query-source.ts): about 1,950 answers per build take a minute or two, where a
// process per answer (about a second each) would take over half an hour. --verify N runs the first
// N pairs of each corpus through the real CLI too and stops if any answer differs. No `embed` runs:
// auto mode is text and symbol names fused, as on an index that has no vectors yet.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CLI_PATH, RESULTS_DIR } from './lib/env.mjs';
import { CORPUS_SETS, DEFS_DIR, corpusPins, ensureDefinitionCorpora } from './lib/definition-corpus.mjs';
import { buildDefinitionSet } from './lib/definition-set.mjs';

/** Pairs per form (bare, qualified; half as many ambiguous) and corpus. */
const PAIRS = { python: 100, javascript: 50, typescript: 50 };
const MODES = ['symbols', 'symbol', 'text', 'auto'];
/** `all` is bare and qualified together: ambiguous names are a set apart. */
const FORMS = ['bare', 'qualified', 'ambiguous'];

const { values } = parseArgs({
  options: {
    cli: { type: 'string', default: CLI_PATH },
    compare: { type: 'string' },
    k: { type: 'string', default: '10' },
    misses: { type: 'string', default: '5' },
    verify: { type: 'string', default: '3' },
    set: { type: 'string', default: 'tuned' },
  },
});
const k = wholeNumber('-k', values.k, 5);
const missLimit = wholeNumber('--misses', values.misses, 0);
const verifyCount = wholeNumber('--verify', values.verify, 0);
const CORPORA = CORPUS_SETS[values.set];
if (CORPORA === undefined) {
  console.error(`--set is one of ${Object.keys(CORPUS_SETS).join(', ')}, not "${values.set}"`);
  process.exit(2);
}
const builds = [values.compare, values.cli].filter((p) => p !== undefined).map((p) => loadBuild(resolve(p)));

const log = (line) => process.stderr.write(`${line}\n`);
const roots = ensureDefinitionCorpora(log, CORPORA);
const sets = CORPORA.map((corpus) => ({ corpus, ...buildDefinitionSet(corpus, roots[corpus.name], PAIRS[corpus.name]) }));
for (const { corpus, counts, pairs } of sets) {
  log(
    `${corpus.name}: ${counts.codeFiles} code files of ${counts.files}, ${counts.definitions} definitions, ` +
      `${counts.bare} bare, ${counts.qualified} qualified and ${counts.ambiguous} ambiguous candidates; ${pairs.length} pairs`,
  );
}
const results = builds.map((build) => measure(build, sets));
printTable(results, sets);
printMisses(results.at(-1), missLimit);
const summary = {
  bench: 'definitions',
  k,
  set: values.set,
  pins: corpusPins(CORPORA),
  pairs: Object.fromEntries(sets.map((s) => [s.corpus.name, s.pairs.length])),
  builds: results.map((r) => ({ cli: r.build.cli, index: r.index, rows: r.rows })),
};
console.log(JSON.stringify(summary));
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(
  join(RESULTS_DIR, `definitions-${values.set}-${new Date().toISOString().slice(0, 10)}.json`),
  `${JSON.stringify(summary, null, 2)}\n`,
);

function wholeNumber(flag, text, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) {
    console.error(`${flag} takes a whole number of at least ${min}, not "${text}"`);
    process.exit(2);
  }
  return n;
}

/** A build: its CLI, the core bundle beside it, and a key naming its indexes. */
function loadBuild(cli) {
  const corePath = join(dirname(cli), 'core.js');
  if (!existsSync(cli) || !existsSync(corePath)) {
    console.error(`${cli} and ${corePath} must both exist: build that tree first (node esbuild.mjs)`);
    process.exit(2);
  }
  const key = createHash('sha1').update(readFileSync(cli)).update(readFileSync(corePath)).digest('hex').slice(0, 12);
  return { cli, key, core: createRequire(corePath)(corePath) };
}

/** Indexes every corpus with the build's CLI, then ranks every pair in every mode. */
function measure(build, sets) {
  const index = {};
  const outcomes = [];
  for (const { corpus, pairs } of sets) {
    const dir = join(DEFS_DIR, 'work', build.key, corpus.folder);
    if (!existsSync(dir)) {
      mkdirSync(dirname(dir), { recursive: true });
      // Hard links: each build's index sits in its own copy, the bytes are shared.
      execFileSync('cp', ['-al', roots[corpus.name], dir]);
    }
    log(`${build.cli}: indexing ${corpus.name}...`);
    const summary = JSON.parse(
      execFileSync(process.execPath, [build.cli, 'index', dir, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }),
    );
    index[corpus.name] = { files: summary.files, chunks: summary.chunks, seconds: summary.seconds };
    const ws = build.core.openWorkspace(dir, { role: 'reader' });
    try {
      for (const [i, pair] of pairs.entries()) {
        for (const mode of MODES) {
          const hits = answer(build.core, ws.index.conn, mode, pair.query);
          if (i < verifyCount) verifyThroughCli(build, dir, mode, pair.query, hits);
          outcomes.push({ language: corpus.name, mode, pair, hits, rank: rankOf(mode, pair, hits) });
        }
      }
    } finally {
      ws.close();
    }
  }
  return { build, index, outcomes, rows: summarize(outcomes) };
}

/** What `code-index symbols QUERY` or `code-index search QUERY --mode MODE` answers from its own index. */
function answer(core, conn, mode, query) {
  if (mode === 'symbols') return core.searchSymbols(conn, query, k);
  return core.search(conn, query, { mode, k, symbolNames: 'sql' });
}

function verifyThroughCli(build, dir, mode, query, hits) {
  const args = mode === 'symbols' ? ['symbols', query] : ['search', query, '--mode', mode];
  const out = execFileSync(process.execPath, [build.cli, ...args, '--dir', dir, '--json', '-k', String(k)], {
    encoding: 'utf8',
    env: { ...process.env, CODE_INDEX_NO_SERVER: '1' },
  });
  const brief = (list) => list.map((h) => `${h.path}:${h.startLine}-${h.endLine}`).join(' ');
  if (brief(JSON.parse(out)) !== brief(hits)) {
    console.error(
      `the CLI and the core disagree on ${mode} "${query}" in ${dir}:\n  cli:  ${brief(JSON.parse(out))}\n  core: ${brief(hits)}`,
    );
    process.exit(1);
  }
}

/**
 * The 1-based rank of the first right hit, or null. A chunk is right when it is in the definition's
 * file and its lines hold the definition's line; a definition (symbols) also has to bear its name,
 * or a class would answer for each of its methods.
 */
function rankOf(mode, pair, hits) {
  const name = pair.query.split('.').at(-1);
  const index = hits.findIndex(
    (h) =>
      (mode !== 'symbols' || h.name.split('.').at(-1) === name) &&
      pair.targets.some((t) => t.path === h.path && h.startLine <= t.line && t.line <= h.endLine),
  );
  return index < 0 ? null : index + 1;
}

/** One row per language x mode x form, then totals over the languages (by form and overall). */
function summarize(outcomes) {
  const rows = [];
  const add = (language, mode, form, list) => {
    if (list.length === 0) return;
    const ranks = list.map((o) => o.rank);
    const share = (test) => Number(((100 * ranks.filter(test).length) / ranks.length).toFixed(1));
    const mrr = ranks.reduce((sum, r) => sum + (r === null ? 0 : 1 / r), 0) / ranks.length;
    rows.push({
      language,
      mode,
      form,
      n: list.length,
      rank1: share((r) => r === 1),
      top5: share((r) => r !== null && r <= 5),
      mrr: Number(mrr.toFixed(3)),
    });
  };
  for (const language of [...CORPORA.map((c) => c.name), 'all']) {
    for (const mode of MODES) {
      for (const form of language === 'all' ? [...FORMS, 'all'] : FORMS) {
        add(
          language,
          mode,
          form,
          outcomes.filter(
            (o) =>
              (language === 'all' || o.language === language) &&
              o.mode === mode &&
              (form === 'all' ? formOf(o.pair) !== 'ambiguous' : formOf(o.pair) === form),
          ),
        );
      }
    }
  }
  return rows;
}

/** `bare`, `ambiguous`, or `qualified` for both module.function and Class.method. */
function formOf(pair) {
  return pair.form === 'bare' || pair.form === 'ambiguous' ? pair.form : 'qualified';
}

function printTable(results, sets) {
  const compared = results.length > 1;
  const head = compared
    ? ['rank-1 before', 'rank-1 after', 'top-5 before', 'top-5 after', 'MRR before', 'MRR after']
    : ['rank-1', 'top-5', 'MRR'];
  const all = sets.flatMap((s) => s.pairs);
  const pairs = FORMS.map((form) => `${all.filter((p) => formOf(p) === form).length} ${form}`).join(', ');
  const builds = compared ? `before ${results[0].build.cli}, after ${results[1].build.cli}` : results[0].build.cli;
  console.log(`\n${pairs} pairs, k = ${k} (${builds})\n`);
  console.log(`| language | mode | query | pairs | ${head.join(' | ')} |`);
  console.log(`|${'---|'.repeat(4 + head.length)}`);
  for (const [i, row] of results[0].rows.entries()) {
    const cells = ['rank1', 'top5', 'mrr'].flatMap((metric) => results.map((r) => format(metric, r.rows[i][metric])));
    const mode = row.mode === 'symbols' ? 'symbols (Ctrl+T)' : `search --mode ${row.mode}`;
    const bold = row.language === 'all' ? '**' : '';
    console.log(`| ${bold}${row.language}${bold} | ${mode} | ${row.form} | ${row.n} | ${cells.join(' | ')} |`);
  }
}

function format(metric, value) {
  return metric === 'mrr' ? value.toFixed(3) : `${value.toFixed(1)}%`;
}

/** The first misses of each language and mode: what ranked first instead, and where the definition came. */
function printMisses(result, limit) {
  if (limit === 0) return;
  console.log(`\nmisses of ${result.build.cli} (rank of the definition, or - when not in the top ${k}; what ranked first):`);
  for (const language of CORPORA.map((c) => c.name)) {
    for (const mode of MODES) {
      const misses = result.outcomes.filter((o) => o.language === language && o.mode === mode && o.rank !== 1);
      if (misses.length === 0) continue;
      console.log(`\n${language}, ${mode}: ${misses.length} not first`);
      for (const o of misses.slice(0, limit)) {
        const first = o.hits[0];
        const what = first ? `${first.path}:${first.startLine} ${first.symbol ?? first.name ?? ''}` : 'nothing';
        const want = o.pair.targets.map((t) => `${t.path}:${t.line}`).join(', ');
        console.log(`  ${o.pair.query} [${o.rank ?? '-'}] want ${want}; first ${what}`);
      }
    }
  }
}
