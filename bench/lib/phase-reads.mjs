// Phase 2: reads per second through the reader pool (1 and 2 worker threads) with no writer; while
// `code-index index --force` runs over and over in another process (parsing and committing, as a
// real index run does); and while another process does nothing but commit (the worst case for
// locks and the WAL).
import { startIndexLoop } from './cli-process.mjs';
import { startCommitLoop } from './commit-loop.mjs';
import { watchIndex } from './db-watch.mjs';
import { QUERIES, K } from './queries.mjs';
import { closedLoop } from './read-load.mjs';
import { round } from './stats.mjs';

/** Requests kept in flight per worker thread: enough that a worker never waits on the main thread. */
const IN_FLIGHT_PER_WORKER = 2;

export const WRITERS = {
  none: 'none',
  index: 'index loop (CLI process)',
  commits: 'commit loop (process)',
};

export async function measureReads(core, { root, dbPath, sizes, seconds, log }) {
  const rows = [];
  for (const writerKind of Object.keys(WRITERS)) {
    const watch = watchIndex(dbPath);
    const writer = await startWriter(writerKind, root, core.DEFAULT_CONFIG.batchSize);
    try {
      if (writer) await watch.firstCommit();
      for (const size of sizes) {
        log(`  reads: ${size} worker(s), writer: ${WRITERS[writerKind]} (${seconds} s)`);
        rows.push({ workers: size, writer: writerKind, ...(await oneWindow(core, { dbPath, size, seconds, watch })) });
      }
    } finally {
      await writer?.stop();
      watch.close();
    }
  }
  return rows;
}

function startWriter(kind, root, batchFiles) {
  if (kind === 'index') return startIndexLoop(root);
  if (kind === 'commits') return startCommitLoop(root, batchFiles);
  return null;
}

async function oneWindow(core, { dbPath, size, seconds, watch }) {
  const pool = core.readerPool({ dbPath, size, busyTimeoutMs: core.DEFAULT_CONFIG.busyTimeoutMs });
  try {
    // Warm each worker's connection and page cache on the same questions first.
    await Promise.all(QUERIES.map((query) => pool.run('search', { query, k: K })));
    const commitsBefore = watch.commits;
    const result = await closedLoop(pool, { concurrency: size * IN_FLIGHT_PER_WORKER, seconds, dbPath });
    return { ...result, writerCommits: watch.commits - commitsBefore, maxWalMb: round(watch.maxWalBytes / 2 ** 20, 1) };
  } finally {
    await pool.close();
  }
}
