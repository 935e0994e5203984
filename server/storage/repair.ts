// Rebuilds a damaged index. The old database is kept as a backup first: through VACUUM INTO when it
// can still be read (never a file copy, which would miss the WAL), else by moving its files aside.
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { IndexConnection } from './open-database.js';
import { checkIndex } from './check.js';
import { SKETCH_TABLE, hasSketchTable } from './schema.js';
import { writeTransaction } from './transaction.js';
import { statement } from './statements.js';

export interface RepairPlan {
  dbPath: string;
  open: () => IndexConnection;
}

export interface RepairResult {
  backupPath: string;
  /** 'in-place': cleared inside the live file; 'replaced': files moved aside and a new index made. */
  method: 'in-place' | 'replaced';
}

export function backupPathFor(dbPath: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${dbPath}.backup-${stamp}`;
}

/** Empties the index (keeping a backup) so the caller can index everything again. */
export function resetForRebuild(plan: RepairPlan): RepairResult {
  const backupPath = backupPathFor(plan.dbPath);
  let index: IndexConnection | undefined;
  let copied = false;
  try {
    index = plan.open();
    statement(index.conn, 'VACUUM INTO ?').run(backupPath);
    copied = true;
    clearInPlace(index);
    if (checkIndex(index.conn).ok) return { backupPath, method: 'in-place' };
  } catch {
    // Unreadable or still damaged after clearing: fall through to replacing the files.
  } finally {
    index?.conn.close();
  }
  if (copied) {
    // The copy holds the index as it was; what is left here was already cleared, so it goes.
    for (const suffix of ['', '-wal', '-shm']) rmSync(plan.dbPath + suffix, { force: true });
  } else {
    rmSync(backupPath, { force: true });
    moveAside(plan.dbPath, backupPath);
  }
  plan.open().conn.close();
  return { backupPath, method: 'replaced' };
}

function clearInPlace(index: IndexConnection): void {
  const { conn } = index;
  writeTransaction(conn, () => {
    for (const table of ['calls', 'imports', 'exports', 'symbols', 'chunks', 'files', 'embeddings']) conn.exec(`DELETE FROM ${table}`);
    conn.exec("INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all')");
    if (hasSketchTable(conn)) conn.exec(`DROP TABLE ${SKETCH_TABLE}`);
    conn.exec("DELETE FROM meta WHERE key LIKE 'embedding.%'");
  });
}

function moveAside(dbPath: string, backupPath: string): void {
  for (const suffix of ['', '-wal']) {
    if (existsSync(dbPath + suffix)) renameSync(dbPath + suffix, backupPath + suffix);
  }
  rmSync(`${dbPath}-shm`, { force: true });
}
