// Phase 1: a cold index of the corpus by the real CLI process (`index --force --json` on a fresh
// database), then a forced re-index over the full database, against a reference measured here:
// reading, hashing and decoding every indexable file once on one thread, the floor any index pays.
import { rmSync, statSync } from 'node:fs';
import { indexOnce } from './cli-process.mjs';
import { coresUsedSince } from './cpu.mjs';
import { loadBetterSqlite } from './env.mjs';
import { round } from './stats.mjs';

const MB = 2 ** 20;

export async function measureIndexing(core, corpus, { coldRuns }) {
  const dbPath = core.indexDbPath(corpus.root);
  const reference = readAllOnce(core, corpus.root);
  const cold = [];
  for (let i = 0; i < coldRuns; i++) {
    removeIndex(dbPath);
    cold.push(describeRun(await indexOnce(corpus.root), dbPath));
  }
  const reindex = describeRun(await indexOnce(corpus.root), dbPath);
  const best = cold.reduce((a, b) => (b.filesPerSec > a.filesPerSec ? b : a));
  return { dbPath, reference, cold, coldBest: best, reindex };
}

/** What `code-index index` costs at least: walk, read, hash and decode each file, one thread. */
function readAllOnce(core, root) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const rules = new core.IgnoreRules(root, core.DEFAULT_CONFIG.exclude);
  const walked = core.walkWorkspace(root, rules, core.silentReporter);
  let files = 0;
  let bytes = 0;
  for (const f of walked) {
    const read = core.readSource(`${root}/${f.path}`, f.path, core.DEFAULT_CONFIG.maxFileBytes);
    if (!read.ok) continue;
    files++;
    bytes += read.size;
  }
  const seconds = (performance.now() - started) / 1000;
  const cores = coresUsedSince(cpu, seconds);
  return {
    files,
    mb: round(bytes / MB),
    seconds: round(seconds, 3),
    coresUsed: cores,
    filesPerCpuSec: round(files / seconds / cores, 0),
    filesPerSec: round(files / seconds, 0),
    mbPerSec: round(bytes / MB / seconds, 1),
  };
}

function describeRun({ summary, wallSeconds, cpuSeconds }, dbPath) {
  const Database = loadBetterSqlite();
  const db = new Database(dbPath, { readonly: true });
  const bytes = db.prepare('SELECT coalesce(sum(size), 0) AS b FROM files').get().b;
  db.close();
  return {
    files: summary.files,
    chunks: summary.chunks,
    skipped: summary.skipped,
    mb: round(bytes / MB),
    wallSeconds: round(wallSeconds, 3),
    coreSeconds: summary.seconds,
    cpuSeconds: round(cpuSeconds),
    coresUsed: round(cpuSeconds / wallSeconds),
    filesPerCpuSec: round(summary.files / cpuSeconds, 0),
    filesPerSec: round(summary.files / wallSeconds, 0),
    mbPerSec: round(bytes / MB / wallSeconds, 2),
    dbMb: round(fileSize(dbPath) / MB, 1),
  };
}

function removeIndex(dbPath) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
}

function fileSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
