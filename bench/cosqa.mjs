// CoSQA through the product itself: each function written to <id>.py, indexed by `code-index index`,
// embedded by `code-index embed` (builtin), and every query run through the real search (FTS5 BM25,
// sqlite-vec neighbours, symbol names, fused) in text, semantic and hybrid modes.
//
//   node bench/cosqa.mjs [--keep]
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { CLI_PATH, loadCore, RESULTS_DIR } from './lib/env.mjs';
import { loadCosqa, summarizeRuns } from './lib/cosqa.mjs';

const core = loadCore();
const { corpus, queries } = loadCosqa();
const dir = mkdtempSync(join(tmpdir(), 'cosqa-'));
for (const [id, code] of corpus.entries()) writeFileSync(join(dir, `${id}.py`), `${code}\n`);

const cli = (...args) =>
  JSON.parse(execFileSync(process.execPath, [CLI_PATH, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 }));
const indexed = cli('index', dir);
const embedded = cli('embed', dir);
console.log(
  `indexed ${indexed.files} files, ${indexed.chunks} chunks in ${indexed.seconds} s; embedded ${embedded.embedded} in ${embedded.seconds} s (${embedded.model})`,
);

const ws = core.openWorkspace(dir, { role: 'reader' });
const provider = new core.BuiltinEmbeddingProvider();
const idOfPath = (path) => Number(path.replace(/\.py$/, ''));
const rows = [];
for (const mode of ['text', 'semantic', 'hybrid']) {
  const started = performance.now();
  const runs = [];
  for (const q of queries) {
    const [queryVector] = mode === 'text' ? [null] : await provider.embed([q.query], 'query');
    const hits = core.search(ws.index.conn, q.query, { mode, k: 30, queryVector });
    const ids = [];
    for (const h of hits) {
      const id = idOfPath(h.path);
      if (!ids.includes(id)) ids.push(id);
    }
    runs.push(ids);
  }
  const ms = (performance.now() - started) / queries.length;
  rows.push({ mode, ...summarizeRuns(runs, queries), msPerQuery: Number(ms.toFixed(2)) });
}
ws.close();
console.log('\nCoSQA dev, 500 queries over 6,267 functions (reference BM25: NDCG@10 38.7, MRR@10 32.9)');
console.log('mode      NDCG@10  MRR@10  ms/query');
for (const r of rows)
  console.log(`${r.mode.padEnd(9)} ${String(r.ndcg10).padStart(7)} ${String(r.mrr10).padStart(7)} ${String(r.msPerQuery).padStart(9)}`);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(
  join(RESULTS_DIR, `cosqa-${new Date().toISOString().slice(0, 10)}.json`),
  `${JSON.stringify({ indexed, embedded, rows }, null, 2)}\n`,
);
if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
else console.log(`kept ${dir}`);
