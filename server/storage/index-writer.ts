// The one writer of a process: every write is a BEGIN IMMEDIATE transaction over a batch, and a
// file's old rows are replaced by its new rows inside it, so readers never see a half-written file.
import type { SqlConnection, SqlStatement } from './driver.js';
import { statement } from './statements.js';
import { toIndexError } from '../common/errors.js';
import { withBusyRetry } from './retry.js';
import { writeTransaction } from './transaction.js';
import { deleteVector } from './vector-store.js';
import type { FileExtract, FtsWords } from '../common/extract-types.js';
import type { IndexConnection } from './open-database.js';
import { FTS_COLUMNS, FTS_TABLE, WALK_SKIP } from './schema.js';
import { addRowSizes, emptySizes, repairTotals, subtractFromTotals, type FtsSizes } from './fts-totals.js';
import { splitCaller } from '../common/caller-name.js';

export interface FileRecord {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  extract: FileExtract;
  /** The FTS words of the chunks (text/fts-words.ts), computed in the parse workers. */
  words: FtsWords;
  /** What reading or parsing it had to say (without the path); replaced with the file's rows. */
  warnings?: string[];
}

/** A path left out of the index, and why, kept so its message can be listed later. */
export interface SkippedPath {
  path: string;
  /** 'binary', 'too-large', 'unreadable', or WALK_SKIP. */
  reason: string;
  message: string;
}

export interface FileStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

/** One transaction's worth of changes. */
export interface WriteBatch {
  /** Files to (re)write with their new rows. */
  write?: FileRecord[];
  /** Files whose rows go. */
  remove?: string[];
  /** Files found gone from disk: their rows go unless the file is back by the time the lock is held. */
  vanished?: string[];
  /** Files whose content is unchanged but whose size or mtime moved (a touch, a checkout). */
  touch?: FileStamp[];
  /** Paths left out (binary, too large, unreadable): their skip rows are written or replaced. */
  skip?: SkippedPath[];
  /** Paths whose skip rows go: gone from disk, or ignored now. */
  forget?: string[];
  /** A full walk's skips: every WALK_SKIP row is replaced by these. */
  walkSkips?: SkippedPath[];
}

export interface BatchOutcome {
  written: number;
  removed: number;
  /** Records the guard rejected (the file changed again since it was read): read them anew. */
  stale: FileRecord[];
}

/** Called inside the transaction, just before a record is written: false means "changed since read". */
export type FreshnessGuard = (record: FileRecord) => boolean;

/** Called inside the transaction for each vanished file: true means "it is on disk again, keep its rows". */
export type ReturnGuard = (path: string) => boolean;

export class IndexWriter {
  private readonly conn: SqlConnection;
  private readonly stmts: ReturnType<typeof prepareStatements>;
  /** What the current batch's deleted FTS rows held (storage/fts-totals.ts). */
  private removedFts: FtsSizes = emptySizes(FTS_COLUMNS.length);
  private totalsChecked = false;

  constructor(private readonly index: IndexConnection) {
    this.conn = index.conn;
    this.stmts = prepareStatements(this.conn);
  }

  /** Applies `batch` in one transaction, retried if the lock stays busy. */
  async commitBatch(batch: WriteBatch, guard?: FreshnessGuard, isBack?: ReturnGuard): Promise<BatchOutcome> {
    try {
      const outcome = await withBusyRetry(() => this.transaction(() => this.applyBatch(batch, guard, isBack)));
      this.totalsChecked = true;
      return outcome;
    } catch (err) {
      throw toIndexError(err, this.index.path);
    }
  }

  /** Runs `body` in a BEGIN IMMEDIATE transaction: the write lock is taken up front, never upgraded. */
  transaction<T>(body: () => T): T {
    return writeTransaction(this.conn, body);
  }

  /** Moves WAL content into the database; PASSIVE never waits on readers. */
  checkpoint(mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): void {
    try {
      statement(this.conn, `PRAGMA wal_checkpoint(${mode})`).get();
    } catch {
      // A checkpoint that cannot run now runs at the next commit; nothing is lost.
    }
  }

  private applyBatch(batch: WriteBatch, guard?: FreshnessGuard, isBack?: ReturnGuard): BatchOutcome {
    const goneHashes = new Set<string>();
    // Until a batch of this writer has committed, before the transaction's first FTS write (FTS5
    // reads the totals then): an index written before the totals were kept true is put right.
    if (!this.totalsChecked) repairTotals(this.conn, FTS_TABLE, FTS_COLUMNS.length);
    this.removedFts = emptySizes(FTS_COLUMNS.length);
    const stale: FileRecord[] = [];
    let written = 0;
    let removed = 0;
    for (const stamp of batch.touch ?? []) this.stmts.touchFile.run(stamp.size, Math.trunc(stamp.mtimeMs), stamp.path);
    this.writeSkips(batch);
    const gone = (batch.vanished ?? []).filter((path) => !isBack?.(path));
    for (const path of [...(batch.remove ?? []), ...gone]) {
      const row = this.stmts.fileIdByPath.get<{ id: number }>(path);
      if (!row) continue;
      this.deleteFileRows(row.id, goneHashes);
      this.stmts.deleteFile.run(row.id);
      removed++;
    }
    for (const record of batch.write ?? []) {
      if (guard && !guard(record)) {
        stale.push(record);
        continue;
      }
      this.writeFile(record, goneHashes);
      written++;
    }
    this.collectOrphanVectors(goneHashes);
    subtractFromTotals(this.conn, FTS_TABLE, this.removedFts);
    return { written, removed, stale };
  }

  /** Skip rows: a full walk's replace the old walk's, gone paths lose theirs, new skips replace old ones. */
  private writeSkips(batch: WriteBatch): void {
    if (batch.walkSkips) {
      this.stmts.deleteWalkSkips.run(WALK_SKIP);
      for (const s of batch.walkSkips) this.stmts.upsertSkip.run(s.path, WALK_SKIP, s.message, Date.now());
    }
    for (const path of [...(batch.forget ?? []), ...(batch.remove ?? []), ...(batch.vanished ?? [])]) this.stmts.deleteSkip.run(path);
    for (const s of batch.skip ?? []) this.stmts.upsertSkip.run(s.path, s.reason, s.message, Date.now());
  }

  private writeFile(record: FileRecord, goneHashes: Set<string>): void {
    const { extract } = record;
    const existing = this.stmts.fileIdByPath.get<{ id: number }>(record.path);
    const stamp = [
      record.size,
      Math.trunc(record.mtimeMs),
      record.hash,
      extract.language,
      Date.now(),
      extract.parseErrors ?? 0,
      extract.firstErrorLine ?? null,
      extract.parseSkip ?? null,
    ] as const;
    // Plain INSERT or UPDATE, never an upsert with RETURNING: that statement opens a savepoint, and
    // FTS5 flushes its pending terms to a new segment at every savepoint, once per file (4 of 22 s).
    let fileId: number;
    if (existing) {
      this.deleteFileRows(existing.id, goneHashes);
      this.stmts.updateFile.run(...stamp, existing.id);
      fileId = existing.id;
    } else {
      fileId = Number(this.stmts.insertFile.run(record.path, ...stamp).lastInsertRowid);
    }
    this.stmts.deleteSkip.run(record.path);
    for (const message of record.warnings ?? []) this.stmts.insertWarning.run(fileId, message);
    const { words } = record;
    extract.chunks.forEach((chunk, i) => {
      const chunkId = this.stmts.insertChunk.run(
        fileId,
        chunk.startLine,
        chunk.endLine,
        chunk.hash,
        chunk.text,
        chunk.symbol,
        chunk.kind,
      ).lastInsertRowid;
      this.stmts.insertFts.run(chunkId, words.chunks[i].name, words.path, words.chunks[i].body);
    });
    for (const s of extract.symbols) {
      this.stmts.insertSymbol.run(
        fileId,
        s.name,
        s.kind,
        s.container,
        s.range.startLine,
        s.range.startCol,
        s.range.endLine,
        s.range.endCol,
        s.nameRange.startLine,
        s.nameRange.startCol,
        s.nameRange.endLine,
        s.nameRange.endCol,
        s.signature,
        s.doc,
      );
    }
    for (const c of extract.calls) {
      const t = c.target ?? null;
      this.stmts.insertCall.run(
        fileId,
        c.callee,
        c.caller,
        c.line,
        c.col,
        c.caller === null ? null : splitCaller(c.caller).name,
        c.qualifier ?? null,
        t?.module ?? null,
        t?.container ?? null,
        t?.name ?? null,
      );
    }
    for (const i of extract.imports) {
      const bindings = i.bindings === undefined ? null : JSON.stringify(i.bindings.map((b) => [b.local, b.imported]));
      this.stmts.insertImport.run(fileId, i.module, JSON.stringify(i.names), i.line, i.col, bindings, i.reexport ? 1 : 0);
    }
    for (const e of extract.exports) this.stmts.insertExport.run(fileId, e.name, e.line, e.col);
  }

  private deleteFileRows(fileId: number, goneHashes: Set<string>): void {
    for (const row of this.stmts.chunksOfFile.all<{ id: number; hash: string }>(fileId)) {
      addRowSizes(this.conn, FTS_TABLE, row.id, this.removedFts);
      this.stmts.deleteFts.run(row.id);
      goneHashes.add(row.hash);
    }
    this.stmts.deleteChunks.run(fileId);
    this.stmts.deleteSymbols.run(fileId);
    this.stmts.deleteCalls.run(fileId);
    this.stmts.deleteImports.run(fileId);
    this.stmts.deleteExports.run(fileId);
    this.stmts.deleteWarnings.run(fileId);
  }

  /** Vectors are keyed by content hash; one whose hash no chunk carries any more is dropped. */
  private collectOrphanVectors(hashes: Set<string>): void {
    if (hashes.size === 0) return;
    for (const hash of hashes) {
      if (this.stmts.chunkWithHash.get(hash)) continue;
      const row = this.stmts.embeddingByHash.get<{ id: number }>(hash);
      if (row) deleteVector(this.conn, row.id);
    }
  }
}

function prepareStatements(conn: SqlConnection) {
  const p = (sql: string): SqlStatement => statement(conn, sql);
  return {
    fileIdByPath: p('SELECT id FROM files WHERE path = ?'),
    insertFile: p(`INSERT INTO files (path, size, mtime_ms, hash, language, indexed_at, parse_errors, parse_error_line, parse_skip)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    updateFile: p(`UPDATE files SET size = ?, mtime_ms = ?, hash = ?, language = ?, indexed_at = ?, parse_errors = ?,
                     parse_error_line = ?, parse_skip = ?
                   WHERE id = ?`),
    deleteFile: p('DELETE FROM files WHERE id = ?'),
    touchFile: p('UPDATE files SET size = ?, mtime_ms = ? WHERE path = ?'),
    chunksOfFile: p('SELECT id, hash FROM chunks WHERE file_id = ?'),
    insertChunk: p('INSERT INTO chunks (file_id, start_line, end_line, hash, text, symbol, kind) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertFts: p('INSERT INTO chunks_fts (rowid, name, path, body) VALUES (?, ?, ?, ?)'),
    deleteFts: p('DELETE FROM chunks_fts WHERE rowid = ?'),
    deleteChunks: p('DELETE FROM chunks WHERE file_id = ?'),
    insertSymbol: p(`INSERT INTO symbols (file_id, name, kind, container, start_line, start_col, end_line, end_col,
                       name_line, name_col, name_end_line, name_end_col, signature, doc)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    deleteSymbols: p('DELETE FROM symbols WHERE file_id = ?'),
    insertCall:
      p(`INSERT INTO calls (file_id, callee, caller, line, col, caller_name, qualifier, target_module, target_container, target_name)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    deleteCalls: p('DELETE FROM calls WHERE file_id = ?'),
    insertImport: p('INSERT INTO imports (file_id, module, names, line, col, bindings, reexport) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    deleteImports: p('DELETE FROM imports WHERE file_id = ?'),
    insertExport: p('INSERT INTO exports (file_id, name, line, col) VALUES (?, ?, ?, ?)'),
    deleteExports: p('DELETE FROM exports WHERE file_id = ?'),
    insertWarning: p('INSERT INTO file_warnings (file_id, message) VALUES (?, ?)'),
    deleteWarnings: p('DELETE FROM file_warnings WHERE file_id = ?'),
    upsertSkip: p('INSERT OR REPLACE INTO skipped_files (path, reason, message, skipped_at) VALUES (?, ?, ?, ?)'),
    deleteSkip: p('DELETE FROM skipped_files WHERE path = ?'),
    deleteWalkSkips: p('DELETE FROM skipped_files WHERE reason = ?'),
    chunkWithHash: p('SELECT 1 FROM chunks WHERE hash = ? LIMIT 1'),
    embeddingByHash: p('SELECT id FROM embeddings WHERE hash = ?'),
  };
}
