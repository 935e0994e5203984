// Phase 3: how long this process's event loop stalls while it answers queries at a steady rate and
// a forced index pass runs, for our design (queries on the reader pool; the writer in another
// process, in the language server's index worker thread, or, as a warning, on the main thread) and
// for the reference design (one better-sqlite3 connection on the main thread doing both the queries
// and the writes).
import { loadBetterSqlite } from './env.mjs';
import { startPass } from './index-pass.mjs';
import { startLagProbe } from './lag-probe.mjs';
import { QUERIES, K } from './queries.mjs';
import { openLoop } from './read-load.mjs';
import { round } from './stats.mjs';

/** Queries per second, about what a quick pick asks while someone types. */
export const QUERY_RATE = 20;

export const LAG_SETUPS = [
  { name: 'pool, no writer', design: 'pool', writer: 'none' },
  { name: 'pool + writer process', design: 'pool', writer: 'process' },
  { name: 'pool + index worker thread', design: 'pool', writer: 'thread' },
  { name: 'pool + writer on main thread', design: 'pool', writer: 'main' },
  { name: 'one connection, no writes', design: 'single', writer: 'none' },
  { name: 'one connection + writes', design: 'single', writer: 'main' },
];

export async function measureLag(core, { root, dbPath, seconds, log }) {
  const rows = [];
  for (const setup of LAG_SETUPS) {
    log(`  lag: ${setup.name} (${seconds} s)`);
    rows.push({ ...setup, ...(await runSetup(core, setup, { root, dbPath, seconds })) });
  }
  return rows;
}

/** Asks searches at QUERY_RATE for `seconds` while the setup's writer (if any) runs a forced pass. */
async function runSetup(core, setup, { root, dbPath, seconds }) {
  const pool =
    setup.design === 'pool'
      ? core.readerPool({ dbPath, size: core.DEFAULT_CONFIG.readerPoolSize, busyTimeoutMs: core.DEFAULT_CONFIG.busyTimeoutMs })
      : null;
  const ws = setup.design === 'single' || setup.writer === 'main' ? core.openWorkspace(root, { role: 'writer' }) : null;
  const query = (i) => QUERIES[i % QUERIES.length];
  const ask = pool ? (i) => pool.run('search', { query: query(i), k: K }) : (i) => core.textSearch(ws.index.conn, query(i), K);
  try {
    for (let i = 0; i < QUERIES.length; i++) await ask(i); // warm connections and page cache
    const windowStart = Date.now();
    const probe = startLagProbe();
    const pass = setup.writer === 'none' ? null : startPass(core, setup.writer, { root, ws });
    const reads = await openLoop(ask, { ratePerSec: QUERY_RATE, seconds, until: pass?.done });
    const lagMs = probe.stop();
    const windowEnd = Date.now();
    pass?.stop();
    await pass?.done;
    const filesWritten = pass ? filesWrittenBetween(dbPath, windowStart, windowEnd) : 0;
    return {
      lagMs,
      queryLatencyMs: reads.latencyMs,
      asked: reads.asked,
      answered: reads.answered,
      errors: reads.errors,
      firstError: reads.firstError,
      seconds: reads.seconds,
      coresUsed: reads.coresUsed,
      filesWritten,
      filesPerSec: round(filesWritten / reads.seconds, 1),
    };
  } finally {
    await pool?.close();
    ws?.close();
  }
}

/** How far the writer got in the window: files whose rows it rewrote then (indexed_at is set per write). */
function filesWrittenBetween(dbPath, from, to) {
  const Database = loadBetterSqlite();
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare('SELECT count(*) AS n FROM files WHERE indexed_at BETWEEN ? AND ?').get(from, to).n;
  } finally {
    db.close();
  }
}
