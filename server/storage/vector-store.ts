// Vectors: full vectors (int8, vector-codec.ts) in `embeddings`, their 512-bit sketches in a sqlite-vec table, the
// model they were made by, and the two-pass nearest-neighbour search. Everything is dropped when
// the model or its dimensions change, since old vectors mean nothing then.
import type { SqlConnection } from './driver.js';
import { SKETCH_TABLE, hasSketchTable, sketchTableSql } from './schema.js';
import { statement } from './statements.js';
import { sketchOf } from './sketch.js';
import { cosineDistance, encodeVector, storedVector } from './vector-codec.js';

export interface ModelInfo {
  model: string;
  dimensions: number;
}

export function readModel(conn: SqlConnection): ModelInfo | null {
  const get = (key: string) => statement(conn, 'SELECT value FROM meta WHERE key = ?').get<{ value: string }>(key)?.value;
  const model = get('embedding.model');
  const dims = get('embedding.dimensions');
  return model && dims ? { model, dimensions: Number(dims) } : null;
}

/** Makes the index hold vectors of `info`; returns true when it had to drop the old ones. Call inside a write transaction. */
export function adoptModel(conn: SqlConnection, info: ModelInfo): boolean {
  const current = readModel(conn);
  if (current && current.model === info.model && current.dimensions === info.dimensions && hasSketchTable(conn)) return false;
  if (hasSketchTable(conn)) conn.exec(`DROP TABLE ${SKETCH_TABLE}`);
  conn.exec('DELETE FROM embeddings');
  conn.exec('DELETE FROM embed_claims');
  const put = statement(conn, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  put.run('embedding.model', info.model);
  put.run('embedding.dimensions', String(info.dimensions));
  conn.exec(sketchTableSql());
  return current !== null;
}

/** The float32 bytes of `vector`, as sqlite-vec's functions take them (not how the index keeps vectors). */
export function vectorBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

export interface VectorNeighbour {
  hash: string;
  distance: number;
}

/**
 * Sketch candidates per query: the exact top 10 of the 25 benchmark queries on 48,858 vectors were
 * 99.2% among the 100 nearest sketches (docs/embeddings.md). An index with fewer vectors is searched
 * exactly, since every vector is then a candidate.
 */
const MIN_CANDIDATES = 100;
/** sqlite-vec's cap on k. */
const MAX_K = 4096;

/**
 * Stores `vector` for content `hash` with its sketch, unless that hash already has one; returns
 * whether it was stored. One row insert and one sketch insert. Call inside a write transaction.
 */
export function insertVector(conn: SqlConnection, hash: string, vector: Float32Array, sketch: Uint8Array = sketchOf(vector)): boolean {
  const row = statement(conn, 'INSERT INTO embeddings (hash, vector) VALUES (?, ?) ON CONFLICT(hash) DO NOTHING RETURNING id').get<{
    id: number;
  }>(hash, encodeVector(vector));
  if (!row) return false;
  statement(conn, `INSERT INTO ${SKETCH_TABLE} (rowid, sketch) VALUES (?, vec_bit(?))`).run(BigInt(row.id), sketch);
  return true;
}

/** Drops the vector of the embeddings row `id`. Call inside a write transaction. */
export function deleteVector(conn: SqlConnection, id: number): void {
  if (hasSketchTable(conn)) statement(conn, `DELETE FROM ${SKETCH_TABLE} WHERE rowid = ?`).run(id);
  statement(conn, 'DELETE FROM embeddings WHERE id = ?').run(id);
}

/**
 * The `k` nearest stored vectors to `query`, by cosine distance: the nearest sketches by Hamming
 * distance (sqlite-vec), then those candidates' stored vectors rescored exactly against the float
 * query here (a hundred 512-byte rows: microseconds).
 */
export function nearestVectors(conn: SqlConnection, query: Float32Array, k: number): VectorNeighbour[] {
  if (!hasSketchTable(conn)) return [];
  const candidates = Math.min(MAX_K, Math.max(MIN_CANDIDATES, k));
  const rows = statement(
    conn,
    `SELECT e.hash AS hash, e.vector AS vector FROM embeddings e
      WHERE e.id IN (SELECT rowid FROM ${SKETCH_TABLE} WHERE sketch MATCH vec_bit(?) AND k = ?)`,
  ).all<{ hash: string; vector: unknown }>(sketchOf(query), candidates);
  const scored: VectorNeighbour[] = [];
  for (const row of rows) {
    const stored = storedVector(row.vector, query.length);
    if (stored) scored.push({ hash: row.hash, distance: cosineDistance(query, stored) });
  }
  // Ties by hash, so equal vectors come back in the same order in every process.
  scored.sort((a, b) => a.distance - b.distance || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  return scored.slice(0, Math.max(1, k));
}
