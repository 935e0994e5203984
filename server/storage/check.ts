// Verifies an index: SQLite's own integrity check, the FTS index, one vector per embedded content
// hash and none without a chunk, no rows left behind by a file that is gone, and BM25 totals that
// match the rows.
import type { SqlConnection } from './driver.js';
import { statement } from './statements.js';
import { sqliteCode } from '../common/sqlite-codes.js';
import { FTS_COLUMNS, FTS_TABLE, SKETCH_TABLE, hasSketchTable } from './schema.js';
import { exactTotals, readTotals } from './fts-totals.js';

export interface CheckItem {
  name: string;
  ok: boolean;
  detail: string;
}

export interface CheckReport {
  ok: boolean;
  checks: CheckItem[];
}

type Probe = (conn: SqlConnection) => string | null;

const PROBES: Array<[string, Probe]> = [
  [
    'integrity',
    (conn) => {
      const rows = statement(conn, 'PRAGMA integrity_check').all<{ integrity_check: string }>();
      return rows.length === 1 && rows[0].integrity_check === 'ok'
        ? null
        : rows
            .slice(0, 5)
            .map((r) => r.integrity_check)
            .join('; ');
    },
  ],
  [
    'fts',
    (conn) => {
      statement(conn, "INSERT INTO chunks_fts (chunks_fts, rank) VALUES ('integrity-check', 0)").run();
      const missing = scalar(conn, 'SELECT count(*) AS n FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM chunks_fts f WHERE f.rowid = c.id)');
      const extra = scalar(conn, 'SELECT count(*) AS n FROM chunks_fts f WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.id = f.rowid)');
      if (missing || extra) return `${missing} chunks missing from the text index, ${extra} text-index rows without a chunk`;
      // The BM25 statistics (storage/fts-totals.ts): rows and words the ranking divides by.
      const recorded = readTotals(conn, FTS_TABLE);
      const exact = exactTotals(conn, FTS_TABLE, FTS_COLUMNS.length);
      if (recorded && (recorded.rows !== exact.rows || exact.columns.some((n, i) => n !== (recorded.columns[i] ?? 0)))) {
        return `the text index's word totals (${recorded.rows} rows) are not its content's (${exact.rows} rows); the next index run corrects them`;
      }
      return null;
    },
  ],
  [
    'orphans',
    (conn) => {
      const rows = statement(conn, 'PRAGMA foreign_key_check').all<{ table: string }>();
      if (rows.length === 0) return null;
      const byTable = new Map<string, number>();
      for (const r of rows) byTable.set(r.table, (byTable.get(r.table) ?? 0) + 1);
      return [...byTable].map(([t, n]) => `${n} ${t} rows whose file is gone`).join(', ');
    },
  ],
  [
    'vectors',
    (conn) => {
      const orphanHashes = scalar(
        conn,
        'SELECT count(*) AS n FROM embeddings e WHERE NOT EXISTS (SELECT 1 FROM chunks c WHERE c.hash = e.hash)',
      );
      const problems: string[] = [];
      if (orphanHashes) problems.push(`${orphanHashes} vectors whose chunk is gone`);
      const noVector = scalar(conn, 'SELECT count(*) AS n FROM embeddings WHERE vector IS NULL');
      if (noVector) problems.push(`${noVector} embedded hashes without a vector`);
      // One int8 byte a dimension (vector-codec.ts); anything else cannot be rescored. No model, no check.
      const misshapen = scalar(
        conn,
        `SELECT count(*) AS n FROM embeddings WHERE vector IS NOT NULL
          AND length(vector) != (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'embedding.dimensions')`,
      );
      if (misshapen) problems.push(`${misshapen} vectors of the wrong size`);
      if (hasSketchTable(conn)) {
        const noSketch = scalar(
          conn,
          `SELECT count(*) AS n FROM embeddings e WHERE NOT EXISTS (SELECT 1 FROM ${SKETCH_TABLE} v WHERE v.rowid = e.id)`,
        );
        const straySketches = scalar(
          conn,
          `SELECT count(*) AS n FROM ${SKETCH_TABLE} v WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.id = v.rowid)`,
        );
        if (noSketch) problems.push(`${noSketch} vectors without a sketch`);
        if (straySketches) problems.push(`${straySketches} sketches not owned by any chunk hash`);
      } else if (scalar(conn, 'SELECT count(*) AS n FROM embeddings')) {
        problems.push('embeddings recorded but no sketch table');
      }
      return problems.length ? problems.join(', ') : null;
    },
  ],
];

function scalar(conn: SqlConnection, sql: string): number {
  return statement(conn, sql).get<{ n: number }>()!.n;
}

export function checkIndex(conn: SqlConnection): CheckReport {
  const checks: CheckItem[] = [];
  for (const [name, probe] of PROBES) {
    try {
      const problem = probe(conn);
      checks.push({ name, ok: problem === null, detail: problem ?? 'ok' });
    } catch (err) {
      const code = sqliteCode(err);
      checks.push({
        name,
        ok: false,
        detail: code === 'SQLITE_CORRUPT' || code === 'SQLITE_CORRUPT_VTAB' ? 'damaged' : `failed: ${(err as Error).message}`,
      });
    }
  }
  return { ok: checks.every((c) => c.ok), checks };
}
