// Keeps the FTS5 "averages" record (rows and words per column, the N and the average lengths of BM25)
// true. In a contentless_delete table FTS5 cannot know how many words a deleted row had, and leaves
// both the row count and the word totals as they were: measured, four `index --force` runs made
// them five times the truth, which moved every BM25 score and reordered results. The writer reads
// each row's sizes from the docsize table before deleting it and takes them off the record, so an
// index ranks the same whatever its history. Record format: SQLite varints, the row count then one
// total per column (fts5_storage.c, fts5StorageSaveTotals).
import type { SqlConnection } from './driver.js';
import { statement } from './statements.js';

const AVERAGES_ID = 1;

/** Rows and per-column word counts. */
export interface FtsSizes {
  rows: number;
  columns: number[];
}

export function emptySizes(columns: number): FtsSizes {
  return { rows: 0, columns: new Array<number>(columns).fill(0) };
}

/** Adds the sizes of FTS row `rowid` (read before it is deleted) to `into`. */
export function addRowSizes(conn: SqlConnection, table: string, rowid: number | bigint, into: FtsSizes): void {
  const row = statement(conn, `SELECT sz FROM ${table}_docsize WHERE id = ?`).get<{ sz: Uint8Array }>(rowid);
  if (!row) return;
  const sizes = decodeVarints(row.sz);
  into.rows++;
  for (let i = 0; i < into.columns.length; i++) into.columns[i] += sizes[i] ?? 0;
}

/**
 * Takes `removed` off the averages record. Call inside the write transaction, after its last FTS
 * write: the SAVEPOINT makes FTS5 write the totals it holds in memory first (it writes them at
 * every savepoint and at commit, and only when changed since), so they do not overwrite these.
 */
export function subtractFromTotals(conn: SqlConnection, table: string, removed: FtsSizes): void {
  if (removed.rows === 0) return;
  conn.exec('SAVEPOINT fts_totals');
  const totals = readTotals(conn, table);
  if (totals) {
    totals.rows = Math.max(0, totals.rows - removed.rows);
    totals.columns = totals.columns.map((n, i) => Math.max(0, n - (removed.columns[i] ?? 0)));
    writeTotals(conn, table, totals);
  }
  conn.exec('RELEASE fts_totals');
}

export function readTotals(conn: SqlConnection, table: string): FtsSizes | null {
  const row = statement(conn, `SELECT block FROM ${table}_data WHERE id = ?`).get<{ block: Uint8Array }>(AVERAGES_ID);
  if (!row) return null;
  const [rows, ...columns] = decodeVarints(row.block);
  return { rows: rows ?? 0, columns };
}

function writeTotals(conn: SqlConnection, table: string, totals: FtsSizes): void {
  const block = encodeVarints([totals.rows, ...totals.columns]);
  conn.withShadowWrites(() => statement(conn, `UPDATE ${table}_data SET block = ? WHERE id = ?`).run(block, AVERAGES_ID));
}

/** The true totals, summed over the docsize table: what `check` compares the record with. */
export function exactTotals(conn: SqlConnection, table: string, columns: number): FtsSizes {
  const sizes = emptySizes(columns);
  for (const { sz } of statement(conn, `SELECT sz FROM ${table}_docsize`).all<{ sz: Uint8Array }>()) {
    const row = decodeVarints(sz);
    sizes.rows++;
    for (let i = 0; i < columns; i++) sizes.columns[i] += row[i] ?? 0;
  }
  return sizes;
}

/**
 * Rewrites the record from the docsize table when its row count is not the table's: an index written
 * before this fix. Call in a write transaction before its first FTS write. True when it rewrote.
 */
export function repairTotals(conn: SqlConnection, table: string, columns: number): boolean {
  const recorded = readTotals(conn, table);
  if (!recorded) return false;
  const rows = statement(conn, `SELECT count(*) AS n FROM ${table}_docsize`).get<{ n: number }>()!.n;
  if (rows === recorded.rows) return false;
  writeTotals(conn, table, exactTotals(conn, table, columns));
  return true;
}

/** SQLite's varint: big-endian groups of 7 bits, the high bit set on all but the last; a 9th byte holds 8. */
export function decodeVarints(bytes: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let value = 0;
    for (let k = 0; k < 9 && i < bytes.length; k++) {
      const byte = bytes[i++];
      if (k === 8) {
        value = value * 256 + byte;
        break;
      }
      value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    out.push(value);
  }
  return out;
}

export function encodeVarints(values: number[]): Uint8Array {
  const out: number[] = [];
  for (const value of values) {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`not a count: ${value}`);
    if (value < 0x80) {
      out.push(value);
      continue;
    }
    // Counts here stay far below 2^56, so the 9-byte form is never needed.
    const groups: number[] = [];
    for (let v = value; v > 0; v = Math.floor(v / 128)) groups.unshift(v % 128);
    groups.forEach((g, i) => out.push(i < groups.length - 1 ? g | 0x80 : g));
  }
  return Uint8Array.from(out);
}
