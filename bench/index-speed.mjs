// The indexer against its references, in one run over the same >= 10,000 real source files:
// universal-ctags (a fast single-core C scanner) and the bare tree-sitter parse on every core (the
// limit of this design); then the latency from a file write to its new symbols answering through
// the incremental API, and the indexer's peak memory.
//
//   node bench/index-speed.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ensureLargeCorpus } from './corpus.mjs';
import { CLI_PATH, loadCore, REPO_ROOT, RESULTS_DIR } from './lib/env.mjs';
import { summarize, ratio, round } from './lib/stats.mjs';

const core = loadCore();
const GRAMMAR_LANGUAGES = new Set(['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'csharp', 'ruby', 'php']);
const log = (line) => process.stderr.write(`${line}\n`);

const corpus = ensureLargeCorpus(log);
// Index exactly the source files the references see: everything else is excluded by config.
const rules = new core.IgnoreRules(corpus.root);
const files = core.walkWorkspace(corpus.root, rules, core.silentReporter)
  .map((f) => ({ ...f, language: core.languageForPath(f.path) }))
  .filter((f) => GRAMMAR_LANGUAGES.has(f.language) && f.size <= core.DEFAULT_CONFIG.maxFileBytes);
const bytes = files.reduce((a, f) => a + f.size, 0);
log(`${files.length} source files, ${(bytes / 2 ** 20).toFixed(1)} MB`);

const seconds = (fn) => {
  const t = performance.now();
  const out = fn();
  return { s: (performance.now() - t) / 1000, out };
};

// 1. universal-ctags over the same file list.
const listFile = join(tmpdir(), 'code-index-bench-files.txt');
writeFileSync(listFile, files.map((f) => join(corpus.root, f.path)).join('\n'));
const ctags = seconds(() => execFileSync('ctags', ['-L', listFile, '-f', join(tmpdir(), 'code-index-bench.tags'), '--fields=+n'], { stdio: 'ignore' })).s;
log(`ctags: ${ctags.toFixed(2)} s`);

// 2. The bare parse on every core.
const threads = availableParallelism();
const bare = await timeAsync(() => bareParse(files, threads));
log(`bare parse (${threads} threads): ${bare.toFixed(2)} s`);

// 3. Our cold index of the same files, in its own process, with its peak memory.
const configDir = join(corpus.root, '.codeindex');
rmSync(configDir, { recursive: true, force: true });
mkdirSync(configDir, { recursive: true });
const keep = [...new Set(files.map((f) => f.path.slice(f.path.lastIndexOf('.'))))];
writeFileSync(join(configDir, 'config.json'), JSON.stringify({ exclude: ['*', '!*/', ...keep.map((e) => `!*${e}`)] }));
const run = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI_PATH, 'index', corpus.root, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
if (run.status !== 0) throw new Error(`code-index index failed: ${run.stderr}`);
const summary = JSON.parse(run.stdout);
const [wall, maxKb] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
log(`code-index index: ${wall} s, ${summary.files} files, ${summary.chunks} chunks, peak ${(maxKb / 1024).toFixed(0)} MB`);

// 4. Write -> symbols answering, through the incremental API.
const latencies = await incrementalLatency(corpus.root, 30);

const result = {
  corpus: { files: files.length, mb: round(bytes / 2 ** 20), packages: corpus.packages },
  ctagsSeconds: round(ctags), bareParseSeconds: round(bare), bareParseThreads: threads,
  indexSeconds: wall, indexedFiles: summary.files, chunks: summary.chunks, peakMb: Math.round(maxKb / 1024),
  ratioToCtags: ratio(wall, ctags), ratioToBareParse: ratio(wall, bare),
  filesPerSecond: Math.round(summary.files / wall), mbPerSecond: round(bytes / 2 ** 20 / wall),
  incrementalMs: summarize(latencies),
};
console.log(JSON.stringify(result, null, 2));
console.log(`\nindex ${wall} s = ${result.ratioToCtags}x ctags (${result.ctagsSeconds} s), ${result.ratioToBareParse}x bare parse (${result.bareParseSeconds} s); ` +
  `write -> symbols median ${result.incrementalMs.p50} ms; peak ${result.peakMb} MB`);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, `index-speed-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);

async function timeAsync(fn) {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

function bareParse(list, n) {
  // Deal files round-robin by size so the threads finish together.
  const shares = Array.from({ length: n }, () => []);
  [...list].sort((a, b) => b.size - a.size).forEach((f, i) => shares[i % n].push({
    path: join(corpus.root, f.path), grammar: f.language === 'csharp' ? 'c_sharp' : f.language,
  }));
  return Promise.all(shares.map((share) => new Promise((resolve, reject) => {
    const w = new Worker(new URL('./lib/bare-parse-worker.mjs', import.meta.url), { workerData: { repo: REPO_ROOT, files: share } });
    w.once('message', resolve);
    w.once('error', reject);
  })));
}

async function incrementalLatency(root, rounds) {
  const ws = core.openWorkspace(root, { role: 'writer' });
  const reader = core.openWorkspace(root, { role: 'reader' });
  const { indexer, preparers } = core.createIndexer(ws, core.silentReporter);
  const samples = [];
  const path = 'bench-incremental-probe.ts';
  try {
    for (let i = 0; i < rounds; i++) {
      const name = `incrementalProbe${i}x${Date.now()}`;
      const t = performance.now();
      writeFileSync(join(root, path), `export function ${name}(a: number): number {\n  return a * ${i};\n}\n`);
      await indexer.applyChanges([path]);
      const found = core.searchSymbols(reader.index.conn, name, 1);
      if (found[0]?.name !== name) throw new Error(`${name} was not found after applyChanges`);
      samples.push(performance.now() - t);
    }
  } finally {
    rmSync(join(root, path), { force: true });
    await indexer.applyChanges([path]);
    await preparers.close();
    reader.close();
    ws.close();
  }
  return samples;
}
