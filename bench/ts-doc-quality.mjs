// Meaning search on real TypeScript: the first sentence of each JSDoc comment of a package's
// shipped sources (rxjs src/ by default) is a query, the function, method or class it documents the
// answer. The doc comments are blanked out of the copy that `code-index index` indexes and
// `code-index embed` (builtin) embeds; every query then goes through the real search in text,
// semantic and hybrid modes. Reports Recall@1, Recall@10 and MRR@10, beside the same queries
// against a copy that keeps its doc comments (the reference: what the words above a definition give).
//
//   node bench/ts-doc-quality.mjs [--package rxjs@7.8.2] [--under src] [--misses 5] [--keep]
//
// A hit answers a query when it is in the gold definition's file and either shows some of the
// definition's lines (name line to last line: any piece of a long function, a method of a class)
// or carries its qualified name (another overload of it). Ranks are over chunks as the search
// returns them, not deduplicated.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CORPUS_ROOT, ensureCorpus, folderName } from './corpus.mjs';
import { CLI_PATH, loadCore, loadSymbolKind, loadTypeScript, REPO_ROOT, RESULTS_DIR } from './lib/env.mjs';
import { buildDocSet, MIN_QUERY_WORDS } from './lib/ts-doc-set.mjs';

const MODES = ['text', 'semantic', 'hybrid'];
/** Hits asked for: scores look at the top 10; the rest says how far a missed answer fell. */
const DEPTH = 30;
/** Where the package is fetched alone when the shared corpus (bench/corpus.mjs) does not hold it. */
const OWN_CORPUS_DIR = join(REPO_ROOT, 'bench', '.corpus-ts-doc');

const { values } = parseArgs({
  options: {
    package: { type: 'string', default: 'rxjs@7.8.2' },
    under: { type: 'string', default: 'src' },
    misses: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const missCount = Number(values.misses);
if (!Number.isInteger(missCount) || missCount < 0) fail(`--misses takes a whole number, not "${values.misses}"`);

const core = loadCore();
const sourceRoot = packageSources(values.package, values.under);
const dir = mkdtempSync(join(tmpdir(), 'ts-doc-'));
const keptDir = mkdtempSync(join(tmpdir(), 'ts-doc-kept-'));
const cli = (...args) =>
  JSON.parse(execFileSync(process.execPath, [CLI_PATH, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
let queries;
try {
  const set = await buildDocSet({
    core,
    ts: loadTypeScript(),
    SymbolKind: loadSymbolKind(),
    sourceRoot,
    copyRoot: dir,
    under: values.under,
  });
  const { counts } = set;
  queries = set.queries;
  console.log(
    `${values.package} ${values.under}/: ${counts.files} TypeScript files, ${counts.docBlocks} doc comments blanked out; ` +
      `${counts.documented} documented functions, methods and classes -> ${queries.length} queries ` +
      `(${counts.noDescription} without a description, ${counts.tooShort} under ${MIN_QUERY_WORDS} words, ${set.ambiguous} sharing a sentence with another definition)`,
  );

  const removed = await measure(dir, 'doc comments removed');
  // Reference: the same queries where their words still stand above each answer. It shows the set
  // is answerable (every query can be found) and how much of the score the doc comments carry.
  cpSync(sourceRoot, join(keptDir, values.under), { recursive: true });
  const kept = await measure(keptDir, 'doc comments kept');

  console.log(`\n${queries.length} queries, ${values.package} ${values.under}/ (${removed.indexed.chunks} chunks)\n`);
  console.log('| index | mode | Recall@1 | Recall@10 | MRR@10 | ms/query |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const run of [removed, kept]) {
    for (const r of run.rows) console.log(`| ${run.label} | ${r.mode} | ${r.recall1} | ${r.recall10} | ${r.mrr10} | ${r.msPerQuery} |`);
  }
  printMisses(removed, 'hybrid', missCount);

  mkdirSync(RESULTS_DIR, { recursive: true });
  const perQuery = queries.map((q, i) => ({ ...q, ranks: Object.fromEntries(MODES.map((m) => [m, removed.ranks[m][i]])) }));
  const summary = (run) => ({ indexed: run.indexed, embedded: run.embedded, rows: run.rows });
  const result = {
    package: values.package,
    under: values.under,
    counts,
    ambiguous: set.ambiguous,
    queries: queries.length,
    removed: summary(removed),
    kept: summary(kept),
    perQuery,
  };
  writeFileSync(join(RESULTS_DIR, `ts-doc-quality-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (!values.keep) {
    rmSync(dir, { recursive: true, force: true });
    rmSync(keptDir, { recursive: true, force: true });
  } else console.log(`kept ${dir} and ${keptDir}`);
}

/** Indexes and embeds `root` with the CLI, then ranks every query in every mode. */
async function measure(root, label) {
  const indexed = cli('index', root);
  const embedded = cli('embed', root);
  console.log(
    `${label}: indexed ${indexed.files} files, ${indexed.chunks} chunks in ${indexed.seconds} s; embedded ${embedded.embedded} in ${embedded.seconds} s (${embedded.model})`,
  );
  const ws = core.openWorkspace(root, { role: 'reader' });
  const provider = new core.BuiltinEmbeddingProvider();
  const ranks = Object.fromEntries(MODES.map((mode) => [mode, []]));
  const topHits = Object.fromEntries(MODES.map((mode) => [mode, []]));
  const rows = [];
  try {
    for (const mode of MODES) {
      const started = performance.now();
      for (const q of queries) {
        const [queryVector] = mode === 'text' ? [null] : await provider.embed([q.query], 'query');
        const hits = core.search(ws.index.conn, q.query, { mode, k: DEPTH, queryVector });
        ranks[mode].push(hits.findIndex((hit) => q.targets.some((t) => answers(hit, t))));
        topHits[mode].push(hits[0] ?? null);
      }
      const ms = (performance.now() - started) / queries.length;
      rows.push({ mode, ...summarize(ranks[mode]), msPerQuery: Number(ms.toFixed(2)) });
    }
  } finally {
    ws.close();
  }
  return { label, indexed, embedded, rows, ranks, topHits };
}

/** The package's `under` folder, from the shared corpus when it is there, else fetched alone. */
function packageSources(spec, under) {
  const shared = join(CORPUS_ROOT, folderName(spec));
  const root = existsSync(shared)
    ? shared
    : join(ensureCorpus((line) => console.error(line), [spec], OWN_CORPUS_DIR).root, folderName(spec));
  const sources = join(root, under);
  if (!existsSync(sources))
    fail(`${spec} ships no ${under}/ folder (looked in ${root}); pass --under with the folder of its TypeScript sources`);
  return sources;
}

function fail(message) {
  console.error(message);
  process.exit(2);
}

function answers(hit, target) {
  if (hit.path !== target.path) return false;
  return (hit.startLine <= target.endLine && target.nameLine <= hit.endLine) || hit.symbol === target.symbol;
}

/** Recall@1, Recall@10 and MRR@10 in percent, from 0-based ranks (-1: not returned). */
function summarize(modeRanks) {
  const mean = (f) => Number(((100 * modeRanks.reduce((sum, r) => sum + f(r), 0)) / modeRanks.length).toFixed(1));
  return {
    recall1: mean((r) => (r === 0 ? 1 : 0)),
    recall10: mean((r) => (r >= 0 && r < 10 ? 1 : 0)),
    mrr10: mean((r) => (r >= 0 && r < 10 ? 1 / (r + 1) : 0)),
  };
}

/** A few queries the mode missed at 10, spread over the set, with what came first instead. */
function printMisses(run, mode, count) {
  const ranks = run.ranks[mode];
  const missed = queries.map((q, i) => i).filter((i) => ranks[i] < 0 || ranks[i] >= 10);
  const shown = Math.min(count, missed.length);
  if (shown === 0) return;
  console.log(`\n${missed.length} of ${queries.length} queries missed at 10 in ${mode} mode (${run.label}); ${shown} of them:`);
  for (let n = 0; n < shown; n++) {
    const i = missed[Math.floor((n * missed.length) / shown)];
    const gold = queries[i].targets[0];
    const top = run.topHits[mode][i];
    const rank = ranks[i] < 0 ? `not in the top ${DEPTH}` : `rank ${ranks[i] + 1}`;
    console.log(
      `- "${queries[i].query}"\n  gold ${gold.symbol} (${gold.path}:${gold.nameLine}), ${rank}; ` +
        `first: ${top ? `${top.symbol ?? '(top-level code)'} (${top.path}:${top.startLine}-${top.endLine})` : 'nothing'}`,
    );
  }
}
