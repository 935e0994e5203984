// Vectors in sqlite-vec: the vec0 table, the model it was built for, and the blob encoding. The
// table is rebuilt when the model or its dimensions change, since old vectors mean nothing then.
import type { SqlConnection } from '../storage/driver.js';
import { VECTOR_TABLE, hasVectorTable, vectorTableSql } from '../storage/schema.js';
import { statement } from '../storage/statements.js';

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
  if (current && current.model === info.model && current.dimensions === info.dimensions && hasVectorTable(conn)) return false;
  if (hasVectorTable(conn)) conn.exec(`DROP TABLE ${VECTOR_TABLE}`);
  conn.exec('DELETE FROM embeddings');
  conn.exec('DELETE FROM embed_claims');
  const put = statement(conn, 'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  put.run('embedding.model', info.model);
  put.run('embedding.dimensions', String(info.dimensions));
  conn.exec(vectorTableSql(info.dimensions));
  return current !== null;
}

export function vectorBlob(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength);
}

export interface VectorNeighbour {
  hash: string;
  distance: number;
}

/** The `k` nearest stored vectors to `query`, by cosine distance. sqlite-vec caps k at 4096. */
export function nearestVectors(conn: SqlConnection, query: Float32Array, k: number): VectorNeighbour[] {
  if (!hasVectorTable(conn)) return [];
  return statement(conn, `SELECT e.hash AS hash, v.distance AS distance
      FROM (SELECT rowid, distance FROM ${VECTOR_TABLE} WHERE embedding MATCH ? AND k = ?) v
      JOIN embeddings e ON e.id = v.rowid ORDER BY v.distance`)
    .all<VectorNeighbour>(vectorBlob(query), Math.min(4096, Math.max(1, k)));
}
