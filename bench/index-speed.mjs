// The indexer against its references, in one run over the same >= 10,000 real source files:
// universal-ctags (a fast single-core C scanner) and the bare tree-sitter parse on every core (the
// limit of this design); then the latency from a file write to its new symbols answering through
// the incremental API, and the indexer's peak memory. Beside each wall time it prints the CPU time
// spent (all threads): on two cores a run can be no faster than its CPU time over two, so the CPU
// ratio says how much of a wall-time ratio is work and how much is waiting.
//
//   node bench/index-speed.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
const files = core
  .walkWorkspace(corpus.root, rules, core.silentReporter)
  .map((f) => ({ ...f, language: core.languageForPath(f.path) }))
  .filter((f) => GRAMMAR_LANGUAGES.has(f.language) && f.size <= core.DEFAULT_CONFIG.maxFileBytes);
const bytes = files.reduce((a, f) => a + f.size, 0);
log(`${files.length} source files, ${(bytes / 2 ** 20).toFixed(1)} MB`);

// 1. universal-ctags over the same file list.
const listFile = join(tmpdir(), 'code-index-bench-files.txt');
writeFileSync(listFile, files.map((f) => join(corpus.root, f.path)).join('\n'));
const ctagsRun = timed('ctags', ['-L', listFile, '-f', join(tmpdir(), 'code-index-bench.tags'), '--fields=+n']);
const ctags = ctagsRun.wall;
log(`ctags: ${ctags.toFixed(2)} s, CPU ${ctagsRun.cpu.toFixed(2)} s`);

// 2. The bare parse on every core: of all the files, and of the files the indexer parses (it gives
// minified and oversized files line windows without a parse; see server/parser/limits.ts).
const threads = availableParallelism();
const bareRun = await cpuTimed(() => bareParse(files, threads));
const bare = bareRun.wall;
log(`bare parse (${threads} threads): ${bare.toFixed(2)} s, CPU ${bareRun.cpu.toFixed(2)} s`);
const parsed = files.filter((f) => core.worthParsing(readFileSync(join(corpus.root, f.path), 'utf8')));
const bareParsedRun = await cpuTimed(() => bareParse(parsed, threads));
log(
  `bare parse of the ${parsed.length} files the indexer parses: ${bareParsedRun.wall.toFixed(2)} s, CPU ${bareParsedRun.cpu.toFixed(2)} s`,
);

// 3. Our cold index of the same files, in its own process, with its peak memory.
const configDir = join(corpus.root, '.codeindex');
rmSync(configDir, { recursive: true, force: true });
mkdirSync(configDir, { recursive: true });
const keep = [...new Set(files.map((f) => f.path.slice(f.path.lastIndexOf('.'))))];
// `!*/` lets every folder in again, so the default excludes (dist/, build/, ...) follow it: without
// them the index saw about 1,000 files (minified bundles among them) that the references did not.
writeFileSync(
  join(configDir, 'config.json'),
  JSON.stringify({ exclude: ['*', '!*/', ...keep.map((e) => `!*${e}`), ...core.DEFAULT_EXCLUDES] }),
);
const run = await indexRun(corpus.root);
const summary = JSON.parse(run.stdout);
const [wall, maxKb, user, sys] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
const indexCpu = user + sys;
log(
  `code-index index: ${wall} s, CPU ${indexCpu.toFixed(2)} s (main thread ${run.mainCpu?.toFixed(2) ?? '?'} s), ` +
    `${summary.files} files, ${summary.chunks} chunks, peak ${(maxKb / 1024).toFixed(0)} MB`,
);
if (summary.files !== files.length) log(`note: the index holds ${summary.files} files, the references read ${files.length}`);

// 4. Write -> symbols answering, through the incremental API.
const latencies = await incrementalLatency(corpus.root, 30);

const result = {
  corpus: { files: files.length, mb: round(bytes / 2 ** 20), packages: corpus.packages },
  ctagsSeconds: round(ctags),
  bareParseSeconds: round(bare),
  bareParseThreads: threads,
  indexSeconds: wall,
  indexedFiles: summary.files,
  chunks: summary.chunks,
  peakMb: Math.round(maxKb / 1024),
  ratioToCtags: ratio(wall, ctags),
  ratioToBareParse: ratio(wall, bare),
  parsedFiles: parsed.length,
  bareParseParsedSeconds: round(bareParsedRun.wall),
  ratioToBareParseOfParsedFiles: ratio(wall, bareParsedRun.wall),
  cpuSeconds: {
    ctags: round(ctagsRun.cpu),
    bareParse: round(bareRun.cpu),
    bareParseOfParsedFiles: round(bareParsedRun.cpu),
    index: round(indexCpu),
    indexMainThread: round(run.mainCpu),
    indexOtherThreads: round(run.mainCpu == null ? null : indexCpu - run.mainCpu),
  },
  cpuRatioToBareParse: ratio(indexCpu, bareRun.cpu),
  cpuRatioToBareParseOfParsedFiles: ratio(indexCpu, bareParsedRun.cpu),
  filesPerSecond: Math.round(summary.files / wall),
  mbPerSecond: round(bytes / 2 ** 20 / wall),
  incrementalMs: summarize(latencies),
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `\nindex ${wall} s = ${result.ratioToCtags}x ctags (${result.ctagsSeconds} s), ${result.ratioToBareParse}x bare parse (${result.bareParseSeconds} s); ` +
    `write -> symbols median ${result.incrementalMs.p50} ms; peak ${result.peakMb} MB`,
);
console.log(
  `CPU: index ${result.cpuSeconds.index} s = ${result.cpuRatioToBareParse}x the bare parse's ${result.cpuSeconds.bareParse} s ` +
    `(${result.cpuRatioToBareParseOfParsedFiles}x its ${result.cpuSeconds.bareParseOfParsedFiles} s over the files the index parses); ` +
    `main thread (the writer) ${result.cpuSeconds.indexMainThread} s; ctags ${result.cpuSeconds.ctags} s`,
);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, `index-speed-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);

/** Wall and CPU seconds (user + system, all threads) of a child process, through /usr/bin/time. */
function timed(command, args) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S', command, ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status !== 0) throw new Error(`${command} failed: ${run.stderr}`);
  const [wall, user, sys] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys };
}

/** Wall and CPU seconds of work done in this process's threads (nothing else runs meanwhile). */
async function cpuTimed(fn) {
  const t = performance.now();
  const before = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(before);
  return { wall: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6 };
}

/**
 * The cold `code-index index` under /usr/bin/time (wall, peak memory, CPU), sampling the CPU time
 * of its main thread (the writer; the parse threads and V8's own threads are the rest) from
 * /proc while it runs. mainCpu is null where /proc cannot be read.
 */
function indexRun(root) {
  const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', process.execPath, CLI_PATH, 'index', root, '--json'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  let mainCpu = null;
  const sample = setInterval(() => {
    try {
      const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(' ')[0]);
      if (!pid || !readdirSync(`/proc/${pid}/task`).includes(String(pid))) return;
      // Fields 14 and 15 of stat (utime, stime) in clock ticks of 1/100 s; comm may hold spaces.
      const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      mainCpu = (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      // The process is starting or gone; the last sample stands.
    }
  }, 100);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      clearInterval(sample);
      if (status !== 0) reject(new Error(`code-index index failed: ${stderr}`));
      else resolve({ stdout, stderr, mainCpu });
    });
  });
}

function bareParse(list, n) {
  // Deal files round-robin by size so the threads finish together.
  const shares = Array.from({ length: n }, () => []);
  [...list]
    .sort((a, b) => b.size - a.size)
    .forEach((f, i) =>
      shares[i % n].push({
        path: join(corpus.root, f.path),
        grammar: core.grammarFileFor(f.language),
      }),
    );
  return Promise.all(
    shares.map(
      (share) =>
        new Promise((resolve, reject) => {
          const w = new Worker(new URL('./lib/bare-parse-worker.mjs', import.meta.url), { workerData: { repo: REPO_ROOT, files: share } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
}

async function incrementalLatency(root, rounds) {
  const ws = core.openWorkspace(root, { role: 'writer' });
  const reader = core.openWorkspace(root, { role: 'reader' });
  const { indexer, extractPools } = core.createIndexer(ws, core.silentReporter);
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
    await extractPools.close();
    reader.close();
    ws.close();
  }
  return samples;
}
