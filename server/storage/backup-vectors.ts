// After `check --repair` rebuilt an index, carries over the vectors its backup still holds, so a
// rebuild does not cost a re-embedding. The backup is usually the damaged file itself: it is opened
// read-only and read in small groups of hashes, a group that fails is split down to single hashes,
// and what cannot be read is skipped, never fatal.
import { existsSync, rmSync, statSync } from 'node:fs';
import type { SqlConnection, SqlDriver } from './driver.js';
import { defaultDriver } from './drivers.js';
import { statement } from './statements.js';
import { pendingChunks } from './status.js';
import { writeTransaction } from './transaction.js';
import { adoptModel, insertVector, readModel, type ModelInfo } from './vector-store.js';
import { storedVector } from './vector-codec.js';

export interface CarriedVectors {
  /**
   * 'unreadable': the backup would not open, or its model row could not be read; 'no-model': it held
   * no vectors; 'not-stored': writing them into the rebuilt index failed part way.
   */
  backup: 'read' | 'unreadable' | 'no-model' | 'not-stored';
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

/** Hashes looked up, and their vectors stored, at a time: memory and write-lock time stay small. */
const GROUP = 128;

/**
 * Copies into `conn` (the rebuilt index, no vectors yet) the vectors of `backupPath` for the content
 * hashes `conn` holds, under the backup's model. It yields between groups, so a second Ctrl+C
 * (which exits at once) is seen; the first one, which stopped the rebuild, does not stop this.
 */
export async function carryVectors(conn: SqlConnection, backupPath: string, driver: SqlDriver = defaultDriver()): Promise<CarriedVectors> {
  const result: CarriedVectors = { backup: 'unreadable', model: null, held: 0, kept: 0, unreadable: 0, pending: 0 };
  const hashes = statement(conn, 'SELECT DISTINCT hash FROM chunks')
    .all<{ hash: string }>()
    .map((r) => r.hash);
  const backup = openBackup(backupPath, driver);
  try {
    const model = backup ? readModelOf(backup.conn) : 'unreadable';
    if (model === 'unreadable' || model === null) {
      result.backup = model === null ? 'no-model' : 'unreadable';
    } else {
      result.backup = 'read';
      result.model = model;
      const current = readModel(conn);
      if (!current || sameModel(current, model)) {
        try {
          writeTransaction(conn, () => adoptModel(conn, model));
          for (let i = 0; i < hashes.length; i += GROUP) {
            const vectors = readGroup(backup!.conn, hashes.slice(i, i + GROUP), model.dimensions, result);
            if (vectors.size > 0) result.kept += storeGroup(conn, vectors);
            await new Promise((resolve) => setImmediate(resolve)); // lets a second Ctrl+C be seen
          }
        } catch {
          // A write into the rebuilt index failed (a full disk, a lock held too long): the groups
          // committed stay, the rest is embedded again; a re-embedding, not a failed repair.
          result.backup = 'not-stored';
        }
      }
    }
  } finally {
    backup?.close();
  }
  result.pending = pendingChunks(conn);
  return result;
}

function sameModel(a: ModelInfo, b: ModelInfo): boolean {
  return a.model === b.model && a.dimensions === b.dimensions;
}

/**
 * The backup opened read-only, or null when it will not open. A backup moved aside with its WAL is
 * read with it; reading a WAL-mode file read-only still makes an empty -wal and a -shm beside it,
 * which `close` removes, so the backup stays as it was left.
 */
function openBackup(backupPath: string, driver: SqlDriver): { conn: SqlConnection; close(): void } | null {
  if (!existsSync(backupPath)) return null;
  const made = ['-wal', '-shm'].map((suffix) => backupPath + suffix).filter((path) => !existsSync(path));
  const tidy = () => {
    for (const path of made) if (existsSync(path) && (path.endsWith('-shm') || statSync(path).size === 0)) rmSync(path, { force: true });
  };
  try {
    const conn = driver.open(backupPath, { readonly: true, mustExist: true });
    return {
      conn,
      close() {
        conn.close();
        tidy();
      },
    };
  } catch {
    tidy();
    return null;
  }
}

function readModelOf(backup: SqlConnection): ModelInfo | null | 'unreadable' {
  try {
    const model = readModel(backup);
    return model && model.dimensions > 0 ? model : null;
  } catch {
    return 'unreadable'; // not a database, or its meta table is on a damaged page
  }
}

/** The vectors the backup gives for `group`; a failing lookup is halved until single hashes, which are skipped. */
function readGroup(backup: SqlConnection, group: string[], dimensions: number, counts: CarriedVectors): Map<string, Float32Array> {
  const vectors = new Map<string, Float32Array>();
  const read = (hashes: string[]): void => {
    let rows: Array<{ hash: unknown; vector: unknown }>;
    try {
      const lookup = statement(backup, 'SELECT hash, vector FROM embeddings WHERE hash IN (SELECT value FROM json_each(?))');
      rows = lookup.all(JSON.stringify(hashes));
    } catch {
      if (hashes.length === 1) {
        counts.unreadable++;
        return;
      }
      const half = hashes.length >> 1;
      read(hashes.slice(0, half));
      read(hashes.slice(half));
      return;
    }
    for (const row of rows) {
      counts.held++;
      const vector = typeof row.hash === 'string' ? asVector(row.vector, dimensions) : null;
      if (vector) vectors.set(row.hash as string, vector);
    }
  };
  read(group);
  return vectors;
}

/** Stores `vectors` (hash → vector) with their sketches in one write transaction; returns how many were new. */
function storeGroup(conn: SqlConnection, vectors: Map<string, Float32Array>): number {
  return writeTransaction(conn, () => {
    let stored = 0;
    for (const [hash, vector] of vectors) if (insertVector(conn, hash, vector)) stored++; // else already there
    return stored;
  });
}

/**
 * The vector in `blob`, or null when it is not `dimensions` int8 values or finite float32 values (a
 * damaged row, or one of another model). An int8 vector comes back as the same bytes once stored
 * (its largest entry is already 127), a float32 one from an older backup is converted.
 */
function asVector(blob: unknown, dimensions: number): Float32Array | null {
  const stored = storedVector(blob, dimensions);
  if (!stored) return null;
  const vector = Float32Array.from(stored);
  return vector.every(Number.isFinite) ? vector : null;
}
