#!/usr/bin/env node
// The embedder's throughput and what its vectors cost on disk, for this tree and (with --before) an
// older build, in the same run: the builtin provider alone (the ceiling) against a whole `code-index
// embed`, bytes per vector, index size over source bytes, and the recall of the exact top 10 for each
// way of storing the full vectors.
//
//   node bench/embed-speed.mjs [--corpus DIR] [--before TREE] [--threads N] [--rounds 2] [--skip-recall] [--skip-embed]
//
// DIR defaults to bench/.corpus-large/src (12,409 files; bench/corpus.mjs builds it). TREE is another
// checkout with its own dist/ (`git worktree add --detach ../base main && (cd ../base && npm run build)`).
// Each tree indexes its own hard-linked copy of the corpus once; then, per round and tree in turn,
// the vectors are dropped (the model row is renamed, so `embed` starts over) and `embed` is timed.
// --threads N adds this tree's embed on N threads (CODE_INDEX_EMBED_THREADS) on the same index.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { QUERIES } from './lib/queries.mjs';
import { FORMATS, recallTable } from './lib/vector-formats.mjs';
import { loadCosqa } from './lib/cosqa.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const argv = process.argv.slice(2);
const arg = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const corpus = resolve(arg('--corpus', join(repo, 'bench/.corpus-large/src')));
const before = argv.includes('--before') ? resolve(arg('--before')) : null;
const rounds = Number(arg('--rounds', 2));
const threads = Number(arg('--threads', 1));
const trees = [...(before ? [{ name: 'before', root: before }] : []), { name: 'after', root: repo }];
// This tree again on CODE_INDEX_EMBED_THREADS threads, embedding the same index as `after`.
if (threads > 1)
  trees.push({ name: `after, ${threads} threads`, root: repo, env: { CODE_INDEX_EMBED_THREADS: String(threads) }, shares: 'after' });
const work = mkdtempSync(join(tmpdir(), 'ci-embed-speed-'));
const mb = (b) => (b / 1048576).toFixed(1);
const log = (...a) => console.log(...a);

log(`corpus ${corpus}; trees ${trees.map((t) => `${t.name}=${t.root}`).join(', ')}; load ${loadavg().map((x) => x.toFixed(2))}`);

/** Distinct chunk texts of an index, in hash order, and a rule-based sample of symbol-name queries. */
function readTexts(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  const rows = db.prepare('SELECT hash, min(text) AS text FROM chunks GROUP BY hash ORDER BY hash').all();
  // Every 250th chunk's symbol name: a rule, not a choice, so no query is picked for the result.
  const names = db.prepare('SELECT DISTINCT symbol FROM chunks WHERE symbol IS NOT NULL AND id % 250 = 0 ORDER BY symbol').all();
  db.close();
  return { hashes: rows.map((r) => r.hash), texts: rows.map((r) => r.text), names: names.map((r) => r.symbol) };
}

async function loadCore(root) {
  return import(pathToFileURL(join(root, 'dist/core.js')).href);
}

/** The provider alone in a tight loop (fresh provider, batches of 256), then the sketches. */
function providerSpeed(core, texts) {
  const provider = new core.BuiltinEmbeddingProvider();
  let start = performance.now();
  const vectors = [];
  for (let i = 0; i < texts.length; i += 256) vectors.push(...provider.embedSync(texts.slice(i, i + 256), 'document'));
  const embedMs = performance.now() - start;
  start = performance.now();
  const sketches = vectors.map((v) => core.sketchOf(v));
  const sketchMs = performance.now() - start;
  return { vectors, sketches, perSecond: texts.length / (embedMs / 1000), sketchPerSecond: texts.length / (sketchMs / 1000) };
}

function cli(tree, args) {
  return execFileSync(process.execPath, [join(tree.root, 'dist/cli.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, CODE_INDEX_NO_SERVER: '1', ...tree.env },
    maxBuffer: 1 << 26,
  });
}

const sizeOf = (db) => ['', '-wal'].reduce((s, x) => s + (existsSync(db + x) ? statSync(db + x).size : 0), 0);

function dbFacts(dbPath) {
  const db = new Database(dbPath, { readonly: true });
  const source = db.prepare('SELECT sum(size) AS n FROM files').get().n;
  let embeddingsBytes = null;
  try {
    embeddingsBytes = db
      .prepare("SELECT sum(pgsize) AS n FROM dbstat WHERE name IN ('embeddings', 'sqlite_autoindex_embeddings_1')")
      .get().n;
  } catch {
    // dbstat is not compiled in: the file size alone is reported
  }
  const vectors = db.prepare('SELECT count(*) AS n FROM embeddings').get().n;
  db.close();
  return { source, embeddingsBytes, vectors };
}

function resetVectors(dbPath) {
  const db = new Database(dbPath);
  db.prepare("UPDATE meta SET value = 'reset-by-bench' WHERE key = 'embedding.model'").run();
  db.close();
}

function embedRuns() {
  for (const tree of trees) {
    tree.runs = [];
    const shared = trees.find((t) => t.name === tree.shares);
    if (shared) {
      Object.assign(tree, { corpus: shared.corpus, db: shared.db, sizeNoVectors: shared.sizeNoVectors });
      continue;
    }
    tree.corpus = join(work, tree.name);
    for (const entry of readdirSync(corpus)) {
      if (entry !== '.codeindex') cpSync(join(corpus, entry), join(tree.corpus, entry), { recursive: true });
    }
    tree.db = join(tree.corpus, '.codeindex/index.db');
    cli(tree, ['index', tree.corpus, '--json']);
    tree.sizeNoVectors = sizeOf(tree.db);
  }
  for (let round = 0; round < rounds; round++) {
    for (const tree of trees) {
      if (round > 0 || tree.shares) resetVectors(tree.db);
      const start = performance.now();
      const out = JSON.parse(cli(tree, ['embed', tree.corpus, '--json']));
      const seconds = (performance.now() - start) / 1000;
      const facts = dbFacts(tree.db);
      const size = sizeOf(tree.db);
      tree.runs.push({ embedded: out.embedded, seconds, size, ...facts });
      log(
        `round ${round + 1} ${tree.name}: ${out.embedded} vectors in ${seconds.toFixed(1)} s = ${(out.embedded / seconds).toFixed(0)}/s (process, start to exit); ` +
          `index ${mb(size)} MB = ${(size / facts.source).toFixed(2)}x the ${mb(facts.source)} MB of source; ` +
          `embeddings table ${facts.embeddingsBytes === null ? '?' : (facts.embeddingsBytes / facts.vectors).toFixed(0)} B a vector; load ${loadavg()[0].toFixed(2)}`,
      );
    }
  }
  for (const tree of trees.filter((t) => !t.shares)) {
    const first = tree.runs[0];
    log(
      `${tree.name}: index without vectors ${mb(tree.sizeNoVectors)} MB (${(tree.sizeNoVectors / first.source).toFixed(2)}x), with ${mb(first.size)} MB (${(first.size / first.source).toFixed(2)}x): ` +
        `${((first.size - tree.sizeNoVectors) / first.vectors).toFixed(0)} B on disk a vector`,
    );
  }
}

/**
 * The vector signal alone (nearestVectors, k 100 as hybrid search asks) on each tree's own index, the
 * trees taking turns query by query: schema 4 rescored float32 in SQL, schema 5 int8 in JS.
 */
async function vectorLatency() {
  const opened = [];
  for (const tree of trees.filter((t) => !t.shares)) {
    const core = await loadCore(tree.root);
    const index = core.openIndex(tree.db, { role: 'reader', busyTimeoutMs: 5000 });
    const queries = new core.BuiltinEmbeddingProvider().embedSync(QUERIES, 'query');
    opened.push({ tree, core, index, queries, ms: [] });
  }
  for (let round = 0; round < 9; round++) {
    for (let q = 0; q < QUERIES.length; q++) {
      for (const o of opened) {
        const start = performance.now();
        o.core.nearestVectors(o.index.conn, o.queries[q], 100);
        if (round > 0) o.ms.push(performance.now() - start); // round 0 warms the page cache
      }
    }
  }
  for (const o of opened) {
    o.ms.sort((a, b) => a - b);
    const at = (p) => o.ms[Math.min(o.ms.length - 1, Math.floor(p * o.ms.length))].toFixed(2);
    log(`${o.tree.name}: vector search (k 100), ${o.ms.length} queries: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms`);
    o.index.conn.close();
  }
}

/** What each format of the full vector would take in an embeddings table like the index's, per page size. */
function formatBytes(hashes, vectors) {
  const out = [];
  for (const pageSize of [4096, 8192]) {
    for (const [name, format] of Object.entries(FORMATS)) {
      const file = join(work, `format-${pageSize}.db`);
      rmSync(file, { force: true });
      const db = new Database(file);
      db.pragma(`page_size = ${pageSize}`);
      db.exec('CREATE TABLE embeddings (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, vector BLOB)');
      const insert = db.prepare('INSERT INTO embeddings (hash, vector) VALUES (?, ?)');
      const bytes = Buffer.alloc(format.bytes(vectors[0].length), 1);
      db.transaction(() => hashes.forEach((h) => insert.run(h, bytes)))();
      db.close();
      out.push({ pageSize, format: name, perVector: statSync(file).size / hashes.length });
    }
  }
  return out;
}

function recallPart(core, name, texts, queryTexts, gold = null) {
  const provider = new core.BuiltinEmbeddingProvider();
  const docs = provider.embedSync(texts, 'document');
  const queries = provider.embedSync(queryTexts, 'query');
  const rows = recallTable({
    docs,
    sketches: docs.map((v) => core.sketchOf(v)),
    queries,
    querySketches: queries.map((v) => core.sketchOf(v)),
    candidateCounts: [50, 100, 200],
    gold,
  });
  log(`\nrecall of the exact top 10, ${name}: ${docs.length} vectors, ${queries.length} queries`);
  log(`| full vector kept | candidates | recall |${gold ? ' NDCG@10 |' : ''}\n| --- | --- | --- |${gold ? ' --- |' : ''}`);
  for (const r of rows) log(`| ${r.format} | ${r.candidates} | ${r.recall.toFixed(1)}% |${gold ? ` ${r.ndcg.toFixed(1)} |` : ''}`);
}

const afterCore = await loadCore(repo);
const { hashes, texts, names } = readTexts(existsSync(join(corpus, '.codeindex/index.db')) ? join(corpus, '.codeindex/index.db') : null);
log(`${texts.length} distinct chunks, ${(texts.reduce((s, t) => s + t.length, 0) / texts.length).toFixed(0)} chars on average`);
// The provider alone, three turns per tree, taking turns: the busy machine moves more than any change.
const alone = trees.filter((t) => !t.shares);
for (const tree of alone) tree.core = tree.root === repo ? afterCore : await loadCore(tree.root);
let lastVectors = null;
for (let turn = 0; turn < 3; turn++) {
  for (const tree of alone) {
    const speed = providerSpeed(tree.core, texts);
    (tree.alone ??= []).push(speed.perSecond);
    (tree.sketching ??= []).push(speed.sketchPerSecond);
    if (tree.root === repo) lastVectors = speed.vectors;
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const tree of alone) {
  log(
    `${tree.name}: builtin provider alone ${median(tree.alone).toFixed(0)} vectors/s (median of ${tree.alone.map((x) => x.toFixed(0)).join(', ')}), ` +
      `sketch ${median(tree.sketching).toFixed(0)}/s (one thread)`,
  );
}
if (!argv.includes('--skip-recall')) {
  log('\nbytes a vector in an embeddings table (id, 40-char hash UNIQUE, vector), by format and page size:');
  for (const r of formatBytes(hashes, lastVectors)) log(`  page ${r.pageSize}, ${r.format}: ${r.perVector.toFixed(0)} B`);
}
lastVectors = null;
if (threads > 1) {
  const pool = new afterCore.BuiltinPool(threads);
  const start = performance.now();
  for (let i = 0; i < texts.length; i += 512) await pool.embedAndSketch(texts.slice(i, i + 512), 'document');
  log(
    `after: builtin on ${threads} embed threads alone, with sketches: ${(texts.length / ((performance.now() - start) / 1000)).toFixed(0)} vectors/s`,
  );
  await pool.close();
}
if (!argv.includes('--skip-recall')) {
  recallPart(afterCore, "this corpus (25 bench queries + every 250th chunk's symbol name)", texts, [...QUERIES, ...names]);
  const cosqa = loadCosqa();
  recallPart(
    afterCore,
    'CoSQA (Python functions, its 500 queries)',
    cosqa.corpus,
    cosqa.queries.map((q) => q.query),
    cosqa.queries.map((q) => q.gold),
  );
}
if (!argv.includes('--skip-embed')) {
  embedRuns();
  await vectorLatency();
}
rmSync(work, { recursive: true, force: true });
