// What the index holds: the counts `code-index status` and the editor's status view show.
import { statSync } from 'node:fs';
import type { SqlConnection } from './driver.js';
import type { IndexCounts } from '../../shared/protocol.js';
import { SCHEMA_VERSION } from './schema.js';
import { statement } from './statements.js';
import { countWarnings } from './warnings.js';
import { countParseIssues } from './parse-issues.js';

export interface IndexStatus extends IndexCounts {
  schemaVersion: number;
  /** Milliseconds since the epoch of the newest file write, or null for an empty index. */
  lastIndexedAt: number | null;
  embeddingModel: string | null;
  /** How many warnings the index keeps (storage/warnings.ts): files' and skipped paths'. */
  warnings: number;
}

export function readStatus(conn: SqlConnection, dbPath: string): IndexStatus {
  const count = (sql: string) => statement(conn, sql).get<{ n: number }>()!.n;
  const chunks = count('SELECT count(*) AS n FROM chunks');
  const pending = pendingChunks(conn);
  const embedded = chunks - pending;
  return {
    files: count('SELECT count(*) AS n FROM files'),
    chunks,
    symbols: count('SELECT count(*) AS n FROM symbols'),
    embedded,
    pending,
    dbBytes: fileBytes(dbPath) + fileBytes(`${dbPath}-wal`),
    schemaVersion: SCHEMA_VERSION,
    lastIndexedAt: statement(conn, 'SELECT max(indexed_at) AS n FROM files').get<{ n: number | null }>()!.n,
    embeddingModel: statement(conn, "SELECT value FROM meta WHERE key = 'embedding.model'").get<{ value: string }>()?.value ?? null,
    warnings: countWarnings(conn),
    ...countParseIssues(conn),
  };
}

/** Chunks whose content hash has no vector yet: what `code-index embed` would embed. */
export function pendingChunks(conn: SqlConnection): number {
  return statement(conn, 'SELECT count(*) AS n FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.hash = c.hash)').get<{
    n: number;
  }>()!.n;
}

function fileBytes(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
