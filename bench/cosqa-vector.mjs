// In-memory CoSQA benchmark for the builtin embedder: text-only BM25, vector-only and fused rankings
// over the 500 dev queries and 6,267 functions, scored by NDCG@10 and MRR@10, plus embedding throughput.
// It is the design harness; the product's own search (FTS5 + sqlite-vec) is benchmarked elsewhere.
//
//   node bench/cosqa-vector.mjs            the table for the shipped defaults, and throughput
//   node bench/cosqa-vector.mjs --sweep    also dimensions and feature ablations (a few minutes)
//
// The core comes from CODE_INDEX_CORE, else dist/core.js, else a bundle of the sources made here.
// COSQA_DIR points at the data (default /work/shared/eval/cosqa).
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { loadCosqa } from './lib/cosqa.mjs';
import { tmpdir } from 'node:os';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** How many results each side hands to fusion, as a real search fetches a top-k from each index. */
const DEPTH = 100;

async function main() {
  const core = await loadCore();
  const data = loadCosqa();
  const { corpus, queries } = data;
  console.log(`CoSQA dev: ${queries.length} queries, ${corpus.length} functions; fusion over the top ${DEPTH} of each side`);
  console.log('NDCG@10 / MRR@10 in percent; "1st half" and "2nd half" are queries 1-250 and 251-500\n');

  const stemmed = (words) => words.map(core.stemWord);
  const bm25 = new Bm25(corpus, (text) => stemmed(core.indexWords(text)));
  const textRuns = queries.map((q) => bm25.search(stemmed(core.queryWords(q.query))));
  const plain = new Bm25(corpus, (text) => core.indexWords(text));
  const provider = new core.BuiltinEmbeddingProvider();
  const vectorRuns = vectorSearch(provider, data);

  const rows = [
    ['text: BM25 k1 1.2 b 0.75, split + stemmed', textRuns],
    ['text: BM25, split, not stemmed', queries.map((q) => plain.search(core.queryWords(q.query)))],
    [`vector: ${provider.id}, ${provider.dimensions} dims, cosine`, vectorRuns],
  ];
  for (const k of [5, 10, 20, 60]) rows.push([`hybrid: RRF k=${k}`, fuse(textRuns, vectorRuns, (t, v) => rrf(t, v, k, 1, 1))]);
  rows.push(['hybrid: RRF k=10, text weight 1.5', fuse(textRuns, vectorRuns, (t, v) => rrf(t, v, 10, 1.5, 1))]);
  rows.push(['hybrid: RRF k=10, vector weight 1.5', fuse(textRuns, vectorRuns, (t, v) => rrf(t, v, 10, 1, 1.5))]);
  for (const share of [0.4, 0.5, 0.6]) {
    rows.push([`hybrid: min-max linear, vector share ${share}`, fuse(textRuns, vectorRuns, (t, v) => minMax(t, v, share))]);
  }
  printTable(rows.map(([name, runs]) => [name, ...scoreHalves(runs, queries)]));

  const recommended = fuse(textRuns, vectorRuns, (t, v) => rrf(t, v, 10, 1, 1));
  console.log('paired bootstrap, RRF k=10 minus each single signal (NDCG@10 points, 95% interval):');
  console.log(`  vs text:   ${bootstrap(recommended, textRuns, queries)}`);
  console.log(`  vs vector: ${bootstrap(recommended, vectorRuns, queries)}\n`);

  printThroughput(core, provider.dimensions, corpus);
  if (process.argv.includes('--sweep')) runSweep(core, data, textRuns);
}

async function loadCore() {
  const candidates = [process.env.CODE_INDEX_CORE, join(repo, 'dist/core.js')].filter(Boolean);
  let core = {};
  const found = candidates.find((path) => existsSync(path));
  if (found) core = { ...(await import(pathToFileURL(resolve(found)).href)) };
  // The search tokenizer may not be re-exported by the core: bundle what is missing from source.
  if (!core.BuiltinEmbeddingProvider || !core.indexWords) core = { ...(await bundleSources()), ...core };
  return core;
}

async function bundleSources() {
  const esbuild = createRequire(join(repo, 'package.json'))('esbuild');
  const outDir = join(tmpdir(), 'code-index-bench');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'cosqa-core.mjs');
  await esbuild.build({
    stdin: {
      contents: "export * from './server/embed/index.ts'; export * from './server/text/tokens.ts';",
      resolveDir: repo,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

/** Okapi BM25 over an in-memory inverted index; `search` returns [id, score] pairs, best first. */
class Bm25 {
  constructor(docs, wordsOf, k1 = 1.2, b = 0.75) {
    this.postings = new Map();
    this.lengths = new Float64Array(docs.length);
    docs.forEach((doc, id) => {
      const words = wordsOf(doc);
      this.lengths[id] = words.length;
      const tf = new Map();
      for (const w of words) tf.set(w, (tf.get(w) ?? 0) + 1);
      for (const [w, n] of tf) {
        if (!this.postings.has(w)) this.postings.set(w, []);
        this.postings.get(w).push([id, n]);
      }
    });
    this.average = this.lengths.reduce((a, c) => a + c, 0) / docs.length;
    Object.assign(this, { k1, b, count: docs.length });
  }

  search(queryWords, depth = DEPTH) {
    const scores = new Map();
    for (const w of new Set(queryWords)) {
      const list = this.postings.get(w);
      if (!list) continue;
      const idf = Math.log(1 + (this.count - list.length + 0.5) / (list.length + 0.5));
      for (const [id, tf] of list) {
        const norm = tf + this.k1 * (1 - this.b + (this.b * this.lengths[id]) / this.average);
        scores.set(id, (scores.get(id) ?? 0) + (idf * tf * (this.k1 + 1)) / norm);
      }
    }
    return topK([...scores], depth);
  }
}

/** Brute-force cosine (dot product of unit vectors) of every query against every function. */
function vectorSearch(provider, { corpus, queries }) {
  const dims = provider.dimensions;
  const docs = new Float32Array(corpus.length * dims);
  provider.embedSync(corpus, 'document').forEach((v, i) => docs.set(v, i * dims));
  return provider
    .embedSync(
      queries.map((q) => q.query),
      'query',
    )
    .map((q) => {
      const scored = new Array(corpus.length);
      for (let d = 0; d < corpus.length; d++) {
        let dot = 0;
        for (let j = 0, o = d * dims; j < dims; j++) dot += q[j] * docs[o + j];
        scored[d] = [d, dot];
      }
      return topK(scored, DEPTH);
    });
}

function topK(scored, k) {
  scored.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
  return scored.slice(0, k);
}

function fuse(textRuns, vectorRuns, method) {
  return textRuns.map((t, i) => method(t, vectorRuns[i]));
}

/** Reciprocal Rank Fusion: the sum of weight / (k + rank) over the lists a function appears in. */
function rrf(textRun, vectorRun, k, textWeight, vectorWeight) {
  const fused = new Map();
  textRun.forEach(([id], rank) => fused.set(id, (fused.get(id) ?? 0) + textWeight / (k + rank + 1)));
  vectorRun.forEach(([id], rank) => fused.set(id, (fused.get(id) ?? 0) + vectorWeight / (k + rank + 1)));
  return topK([...fused], DEPTH);
}

/** Each side's scores scaled to 0..1 over its own candidates, then mixed; a missing side counts 0. */
function minMax(textRun, vectorRun, vectorShare) {
  const fused = new Map();
  const add = (run, share) => {
    if (run.length === 0) return;
    const max = run[0][1];
    const min = run[run.length - 1][1];
    for (const [id, s] of run) fused.set(id, (fused.get(id) ?? 0) + (share * (s - min)) / (max - min || 1));
  };
  add(textRun, 1 - vectorShare);
  add(vectorRun, vectorShare);
  return topK([...fused], DEPTH);
}

/** Per-query NDCG@10 and reciprocal rank (@10), one relevant function per query. */
function perQuery(runs, queries) {
  return runs.map((run, i) => {
    const rank = run.slice(0, 10).findIndex(([id]) => id === queries[i].gold);
    return rank < 0 ? { ndcg: 0, rr: 0 } : { ndcg: 1 / Math.log2(rank + 2), rr: 1 / (rank + 1) };
  });
}

function mean(values) {
  return values.reduce((a, c) => a + c, 0) / values.length;
}

/** "ndcg / mrr" for all queries, the first half and the second half. */
function scoreHalves(runs, queries) {
  const each = perQuery(runs, queries);
  const half = each.length >> 1;
  const cell = (part) => `${(100 * mean(part.map((s) => s.ndcg))).toFixed(1)} / ${(100 * mean(part.map((s) => s.rr))).toFixed(1)}`;
  return [cell(each), cell(each.slice(0, half)), cell(each.slice(half))];
}

/** Mean NDCG@10 difference of a minus b with a 95% paired-bootstrap interval (fixed seed). */
function bootstrap(a, b, queries, rounds = 2000) {
  const other = perQuery(b, queries);
  const diff = perQuery(a, queries).map((s, i) => s.ndcg - other[i].ndcg);
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const means = [];
  for (let r = 0; r < rounds; r++) {
    let sum = 0;
    for (let i = 0; i < diff.length; i++) sum += diff[Math.floor(random() * diff.length)];
    means.push((100 * sum) / diff.length);
  }
  means.sort((x, y) => x - y);
  const at = (q) => means[Math.floor(q * (rounds - 1))].toFixed(1);
  return `${(100 * mean(diff)).toFixed(1)} [${at(0.025)}, ${at(0.975)}]`;
}

function printTable(rows) {
  const header = ['ranking', 'all 500', '1st half', '2nd half'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('   ');
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log();
}

/** Chunks per CPU-second on one thread, from a fresh provider (its word caches empty). */
function printThroughput(core, dimensions, cosqa) {
  const sets = [['CoSQA functions', cosqa], ...typescriptChunks()];
  const warmUp = new core.BuiltinEmbeddingProvider({ dimensions });
  warmUp.embedSync(sets[1][1].slice(0, 500), 'document'); // warms the JIT; the measured providers start cold
  console.log('throughput, one thread, chunks per CPU-second (fresh provider):');
  for (const [name, texts] of sets) {
    const provider = new core.BuiltinEmbeddingProvider({ dimensions });
    const started = process.cpuUsage();
    provider.embedSync(texts, 'document');
    const { user, system } = process.cpuUsage(started);
    const perSecond = texts.length / ((user + system) / 1e6);
    const chars = Math.round(mean(texts.map((t) => t.length)));
    console.log(
      `  ${name.padEnd(52)} ${String(texts.length).padStart(6)} chunks, ${String(chars).padStart(4)} chars avg: ${Math.round(perSecond)}/s`,
    );
  }
  console.log();
}

/** TypeScript's own compiler source cut two ways: at each function (max 80 lines), and in 80-line windows. */
function typescriptChunks() {
  const lines = readFileSync(join(repo, 'node_modules/typescript/lib/typescript.js'), 'utf8').split('\n');
  const starts = [];
  lines.forEach((line, i) => /^\s*(export\s+)?(async\s+)?function\b/.test(line) && starts.push(i));
  const functions = [];
  starts.forEach((start, k) => {
    const end = starts[k + 1] ?? lines.length;
    for (let at = start; at < end; at += 80) functions.push(lines.slice(at, Math.min(end, at + 80)).join('\n'));
  });
  const windows = [];
  for (let at = 0; at + 80 <= lines.length; at += 80) windows.push(lines.slice(at, at + 80).join('\n'));
  return [
    ['typescript.js, one chunk per function (<=80 lines)', functions],
    ['typescript.js, full 80-line windows', windows],
  ];
}

function runSweep(core, data, textRuns) {
  const variants = [
    ['256 dims', { dimensions: 256 }],
    ['384 dims', { dimensions: 384 }],
    ['512 dims (default)', {}],
    ['768 dims', { dimensions: 768 }],
    ['1024 dims', { dimensions: 1024 }],
    ['no n-grams (stems only)', { tuning: { features: { gramShare: 0 } } }],
    ['n-gram share 0.5', { tuning: { features: { gramShare: 0.5 } } }],
    ['n-grams only (share 1)', { tuning: { features: { gramShare: 1 } } }],
    ['n-grams 3-4', { tuning: { features: { maxGram: 4 } } }],
    ['n-grams 3-5', { tuning: { features: { maxGram: 5 } } }],
    ['no name/doc boosts', { tuning: { boosts: { name: 0, doc: 0 } } }],
    ['name boost 1, doc boost 0.5', { tuning: { boosts: { name: 1, doc: 0.5 } } }],
    ['name boost 4, doc boost 2', { tuning: { boosts: { name: 4, doc: 2 } } }],
    ['no whole-identifier feature', { tuning: { features: { wholeIdentifier: 0 } } }],
  ];
  const rows = [];
  for (const [name, options] of variants) {
    const runs = vectorSearch(new core.BuiltinEmbeddingProvider(options), data);
    rows.push([`${name}: vector`, ...scoreHalves(runs, data.queries)]);
    rows.push([
      `${name}: RRF k=10`,
      ...scoreHalves(
        fuse(textRuns, runs, (t, v) => rrf(t, v, 10, 1, 1)),
        data.queries,
      ),
    ]);
  }
  printTable(rows);
}

await main();
