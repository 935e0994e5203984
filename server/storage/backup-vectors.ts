// After `check --repair` rebuilt an index, carries over the vectors its backup still holds, so a
// rebuild does not cost a re-embedding. The backup is usually the damaged file itself: it is opened
// read-only and read in small groups of hashes, a group that fails is split down to single hashes,
// and what cannot be read is skipped, never fatal.
import { existsSync, rmSync, statSync } from 'node:fs';
import type { SqlConnection, SqlDriver } from './driver.js';
import { defaultDriver } from './drivers.js';
import { statement } from './statements.js';
import { writeTransaction } from './transaction.js';
import { adoptModel, readModel, storeVector, type ModelInfo } from './vector-store.js';

export interface CarriedVectors {
  /** 'unreadable': the backup would not open, or its model row could not be read; 'no-model': it held no vectors. */
  backup: 'read' | 'unreadable' | 'no-model';
  model: ModelInfo | null;
  /** Content hashes of the rebuilt index the backup held a readable vector row for. */
  held: number;
  /** Vectors stored in the rebuilt index. */
  kept: number;
  /** Content hashes whose lookup in the backup failed (a damaged page): their vectors, if any, are lost. */
  unreadable: number;
  /** Chunks of the rebuilt index left without a vector. */
  pending: number;
}

/** Hashes looked up in one query; a failing group is halved until single hashes remain. */
const GROUP = 128;

/** Copies into `conn` (the rebuilt index, no model yet) the vectors of `backupPath` for the content hashes `conn` holds. */
export function carryVectors(conn: SqlConnection, backupPath: string, driver: SqlDriver = defaultDriver()): CarriedVectors {
  const hashes = statement(conn, 'SELECT DISTINCT hash FROM chunks')
    .all<{ hash: string }>()
    .map((r) => r.hash);
  const read = readBackup(backupPath, hashes, driver);
  const current = readModel(conn);
  let kept = 0;
  if (read.model && read.vectors.size > 0 && (!current || sameModel(current, read.model))) {
    const model = read.model;
    kept = writeTransaction(conn, () => {
      adoptModel(conn, model);
      const insert = statement(conn, 'INSERT INTO embeddings (hash) VALUES (?) ON CONFLICT(hash) DO NOTHING RETURNING id');
      let stored = 0;
      for (const [hash, vector] of read.vectors) {
        const row = insert.get<{ id: number }>(hash);
        if (!row) continue; // already there
        storeVector(conn, row.id, vector);
        stored++;
      }
      return stored;
    });
  }
  const pending = statement(
    conn,
    'SELECT count(*) AS n FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.hash = c.hash AND e.vector IS NOT NULL)',
  ).get<{ n: number }>()!.n;
  return { backup: read.backup, model: read.model, held: read.held, kept, unreadable: read.unreadable, pending };
}

function sameModel(a: ModelInfo, b: ModelInfo): boolean {
  return a.model === b.model && a.dimensions === b.dimensions;
}

interface BackupRead {
  backup: CarriedVectors['backup'];
  model: ModelInfo | null;
  vectors: Map<string, Float32Array>;
  /** Hashes the backup had a readable row for (with or without a usable vector). */
  held: number;
  unreadable: number;
}

function readBackup(backupPath: string, hashes: string[], driver: SqlDriver): BackupRead {
  const none = (backup: BackupRead['backup']): BackupRead => ({ backup, model: null, vectors: new Map(), held: 0, unreadable: 0 });
  if (!existsSync(backupPath)) return none('unreadable');
  // A backup moved aside with its WAL is read with it. Reading a WAL-mode file read-only still makes
  // an empty -wal and a -shm beside it; those are removed after, so the backup stays as it was left.
  const made = ['-wal', '-shm'].map((suffix) => backupPath + suffix).filter((path) => !existsSync(path));
  let backup: SqlConnection | undefined;
  try {
    backup = driver.open(backupPath, { readonly: true, mustExist: true });
    const model = readModel(backup);
    if (!model || !(model.dimensions > 0)) return none('no-model');
    const read: BackupRead = { backup: 'read', model, vectors: new Map(), held: 0, unreadable: 0 };
    const lookup = statement(backup, 'SELECT hash, vector FROM embeddings WHERE hash IN (SELECT value FROM json_each(?))');
    const readGroup = (group: string[]): void => {
      let rows: Array<{ hash: unknown; vector: unknown }>;
      try {
        rows = lookup.all(JSON.stringify(group));
      } catch {
        if (group.length === 1) {
          read.unreadable++;
          return;
        }
        const half = group.length >> 1;
        readGroup(group.slice(0, half));
        readGroup(group.slice(half));
        return;
      }
      for (const row of rows) {
        read.held++;
        const vector = typeof row.hash === 'string' ? asVector(row.vector, model.dimensions) : null;
        if (vector) read.vectors.set(row.hash as string, vector);
      }
    };
    for (let i = 0; i < hashes.length; i += GROUP) readGroup(hashes.slice(i, i + GROUP));
    return read;
  } catch {
    return none('unreadable'); // not openable, or its meta table is unreadable
  } finally {
    backup?.close();
    for (const path of made) if (existsSync(path) && (path.endsWith('-shm') || statSync(path).size === 0)) rmSync(path, { force: true });
  }
}

/** The vector in `blob`, or null when it is not `dimensions` finite float32 values (a damaged row). */
function asVector(blob: unknown, dimensions: number): Float32Array | null {
  if (!(blob instanceof Uint8Array) || blob.byteLength !== dimensions * 4) return null;
  const vector = new Float32Array(dimensions);
  new Uint8Array(vector.buffer).set(blob);
  return vector.every(Number.isFinite) ? vector : null;
}
