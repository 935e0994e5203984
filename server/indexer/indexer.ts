// Brings the index in line with the files on disk: a full pass (walk, compare, extract, write in
// batches) or the changes of a few named paths, as the language server's file events report them.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { IndexConfig } from '../config/config.js';
import type { FileRecord, FileStamp, IndexWriter, SkippedPath, WriteBatch } from '../storage/index-writer.js';
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
import { WALK_SKIP } from '../storage/schema.js';
import type { ExtractPool, ExtractPools } from './extract-pool.js';
import { IgnoreRules } from './ignore-rules.js';
import type { ExtractTask, ExtractedFile } from './extract-file.js';
import { ExtractAhead } from './extract-ahead.js';
import type { Reporter } from '../common/reporter.js';
import { walkWorkspace } from './walk.js';
import { takePassTurn } from './pass-turn.js';

export interface IndexSummary {
  files: number;
  indexed: number;
  unchanged: number;
  removed: number;
  skipped: number;
  chunks: number;
  seconds: number;
  /** True when the pass was aborted before it read every file it had to. */
  stopped: boolean;
  /** Files the pass had to read and did not reach; the next pass reads them. */
  remaining: number;
  /** The pass another indexer was running that this one waited for (pass-turn.ts), if any. */
  waited: { who: string; seconds: number } | null;
  /** False when the pass was stopped while it still waited for its turn: it read nothing. */
  started: boolean;
}

export interface IndexAllOptions {
  force?: boolean;
  signal?: AbortSignal;
  /** Who runs this pass, as another indexer waiting for it is told (`code-index index`). */
  who?: string;
  /** False: do not wait for another pass; run beside it (safe, but both do the work). */
  wait?: boolean;
}

interface KnownFile {
  size: number;
  mtimeMs: number;
  hash: string;
}

/** Files per request to the parse threads: small, so the threads finish together at the end. */
const EXTRACT_SLICE = 16;
/** How many batches' worth of files the parse threads may be given ahead of the writer. */
const BATCHES_AHEAD = 2;
/** How often a file that keeps changing while we read it is read again before we give up for now. */
const STALE_RETRIES = 3;

/** What a pass writes once, with its first batch: files and skip rows of paths gone, a full walk's skips. */
type Housekeeping = Pick<WriteBatch, 'vanished' | 'forget' | 'walkSkips'>;

export class Indexer {
  readonly rules: IgnoreRules;

  constructor(
    private readonly root: string,
    private readonly config: IndexConfig,
    private readonly conn: SqlConnection,
    private readonly writer: IndexWriter,
    private readonly extractPools: ExtractPools,
    private readonly reporter: Reporter,
  ) {
    this.rules = new IgnoreRules(root, config.exclude);
  }

  /** Waits for another full pass on this index to end (pass-turn.ts), then brings every file up to date. */
  async indexAll(options: IndexAllOptions = {}): Promise<IndexSummary> {
    const started = performance.now();
    const turn = await takePassTurn(this.conn, this.reporter, {
      who: options.who ?? 'another indexer',
      force: options.force ?? false,
      signal: options.signal,
      wait: options.wait ?? true,
    });
    if (turn === null) {
      const seconds = (performance.now() - started) / 1000;
      return { ...emptyCounts(), ...this.totals(), seconds, stopped: true, waited: null, started: false };
    }
    let complete = false;
    try {
      const summary = await this.fullPass(turn.force, options.signal);
      complete = !summary.stopped;
      return { ...summary, waited: turn.waited, seconds: (performance.now() - started) / 1000 };
    } finally {
      await turn.end(complete);
    }
  }

  private async fullPass(force: boolean, signal: AbortSignal | undefined): Promise<IndexSummary> {
    const started = performance.now();
    const known = this.loadKnown();
    const walkSkips: SkippedPath[] = [];
    const walked = walkWorkspace(this.root, this.rules, this.reporter, (path, message) =>
      walkSkips.push({ path, reason: WALK_SKIP, message }),
    );
    const onDisk = new Set(walked.map((f) => f.path));
    const removed = [...known.keys()].filter((p) => !onDisk.has(p));
    const stored = statement(this.conn, 'SELECT path, reason, message FROM skipped_files ORDER BY path').all<SkippedPath>();
    // Skipped files are read again by every pass (they have no `files` row); those gone or ignored lose their message.
    const forget = stored.filter((r) => r.reason !== WALK_SKIP && !onDisk.has(r.path)).map((r) => r.path);
    const todo = walked.filter((f) => {
      const k = known.get(f.path);
      return force || !k || k.size !== f.size || k.mtimeMs !== Math.trunc(f.mtimeMs);
    });
    const counts = await this.process(
      todo.map((f) => f.path),
      known,
      { vanished: removed, forget, walkSkips: sameSkips(stored, walkSkips) ? undefined : walkSkips },
      force,
      signal,
    );
    this.writer.checkpoint();
    return {
      ...counts,
      unchanged: counts.unchanged + walked.length - todo.length,
      ...this.totals(),
      seconds: (performance.now() - started) / 1000,
      waited: null,
      started: true,
    };
  }

  /** Applies what happened to `paths` (created, changed or deleted), without walking the workspace. */
  async applyChanges(paths: string[], signal?: AbortSignal): Promise<IndexSummary> {
    const started = performance.now();
    const known = this.loadKnown(paths);
    const present: string[] = [];
    const gone: string[] = [];
    const forget: string[] = [];
    for (const path of new Set(paths)) {
      if (this.isIndexable(path)) present.push(path);
      else if (known.has(path)) gone.push(path);
      else forget.push(path);
    }
    const counts = await this.process(present, known, { vanished: gone, forget }, false, signal);
    return { ...counts, ...this.totals(), seconds: (performance.now() - started) / 1000, waited: null, started: true };
  }

  private isIndexable(path: string): boolean {
    try {
      return statSync(join(this.root, path)).isFile() && !this.rules.isIgnored(path, false);
    } catch {
      return false;
    }
  }

  /**
   * Stops between batches once `signal` aborts: what was committed stays, the rest waits for the next run.
   * The parse threads work through a window of small slices ahead of the writer, so that neither waits
   * for the other at the end of a batch: the writer commits about `batchSize` files as soon as they are
   * ready, in the order they were finished.
   */
  private async process(paths: string[], known: Map<string, KnownFile>, housekeeping: Housekeeping, force: boolean, signal?: AbortSignal) {
    const counts = emptyCounts();
    const pool = this.extractPools.for(paths.length);
    const batchSize = this.config.batchSize;
    this.reporter.progress('index', 0, paths.length);
    if (paths.length === 0 && hasHousekeeping(housekeeping)) {
      counts.removed += (await this.writer.commitBatch(housekeeping, undefined, (path) => this.isIndexable(path))).removed;
    }
    const stream = new ExtractAhead(
      paths,
      (slice) => this.extractBatch(pool, slice, known, force),
      EXTRACT_SLICE,
      batchSize * BATCHES_AHEAD,
    );
    let done = 0;
    let first = true;
    // An abort also ends a wait for the parse threads: the pass stops after the batch being written, if any.
    const stop = () => stream.stop();
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    try {
      for (let ready = await stream.take(batchSize); ready !== null; ready = await stream.take(batchSize)) {
        // When the parse threads are ahead, take() resolves at once and the batches follow one another
        // on promise callbacks alone, which run before any timer, message or signal: a Ctrl+C (or a stop
        // sent to the index thread) would then wait for every batch already parsed. One turn of the event
        // loop per batch lets it land first.
        await yieldToEvents();
        if (signal?.aborted) break;
        const outcome = await this.writeBatch(pool, ready, first ? housekeeping : {}, known, force);
        first = false;
        counts.indexed += outcome.indexed;
        counts.unchanged += outcome.unchanged;
        counts.skipped += outcome.skipped;
        counts.removed += outcome.removed;
        done += ready.length;
        this.reporter.progress('index', done, paths.length);
      }
    } finally {
      // An aborted or failed pass hands out no more files: the threads finish what they hold, no more.
      signal?.removeEventListener('abort', stop);
      stream.stop();
    }
    counts.remaining = paths.length - done;
    counts.stopped = counts.remaining > 0;
    return counts;
  }

  private extractBatch(pool: ExtractPool, paths: string[], known: Map<string, KnownFile>, force: boolean): Promise<ExtractedFile[]> {
    const tasks: ExtractTask[] = paths.map((path) => ({
      root: this.root,
      path,
      maxBytes: this.config.maxFileBytes,
      knownHash: known.get(path)?.hash ?? null,
      force,
    }));
    return pool.extract(tasks);
  }

  private async writeBatch(
    pool: ExtractPool,
    extracted: ExtractedFile[],
    housekeeping: Housekeeping,
    known: Map<string, KnownFile>,
    force: boolean,
    attempt = 0,
  ) {
    const write: FileRecord[] = [];
    const touch: FileStamp[] = [];
    const remove: string[] = [];
    const skip: SkippedPath[] = [];
    const forget = [...(housekeeping.forget ?? [])];
    let skipped = 0;
    for (const file of extracted) {
      if (file.status === 'extracted') {
        for (const warning of file.warnings ?? []) this.reporter.warn(`${file.path}: ${warning}`);
        write.push(file);
      } else if (file.status === 'unchanged') {
        touch.push(file);
      } else {
        skipped++;
        if (file.reason === 'vanished') {
          forget.push(file.path);
        } else {
          this.reporter.warn(`${file.path}: ${file.message}`);
          skip.push({ path: file.path, reason: file.reason, message: file.message });
        }
        // A file that is now binary, too large or gone must not keep its old rows.
        if (known.has(file.path)) remove.push(file.path);
      }
    }
    // A file seen gone may be back by now (a branch switch, an undo) and indexed by another process.
    const outcome = await this.writer.commitBatch(
      { write, remove, vanished: housekeeping.vanished, touch, skip, forget, walkSkips: housekeeping.walkSkips },
      (r) => this.unchangedSinceRead(r),
      (path) => this.isIndexable(path),
    );
    const result = { indexed: outcome.written, unchanged: touch.length, skipped, removed: outcome.removed };
    if (outcome.stale.length > 0 && attempt < STALE_RETRIES) {
      // Changed while we read it: read it again rather than write what is no longer there.
      const again = await this.extractBatch(
        pool,
        outcome.stale.map((r) => r.path),
        known,
        force,
      );
      const more = await this.writeBatch(pool, again, {}, known, force, attempt + 1);
      for (const key of Object.keys(result) as (keyof typeof result)[]) result[key] += more[key];
    }
    return result;
  }

  /** The lost-update guard: what we extracted is still what is on disk, checked inside the write lock. */
  private unchangedSinceRead(record: FileRecord): boolean {
    try {
      const st = statSync(join(this.root, record.path));
      return st.size === record.size && Math.trunc(st.mtimeMs) === Math.trunc(record.mtimeMs);
    } catch {
      return false;
    }
  }

  private loadKnown(paths?: string[]): Map<string, KnownFile> {
    const known = new Map<string, KnownFile>();
    const rows = paths
      ? paths
          .map((p) => statement(this.conn, 'SELECT path, size, mtime_ms, hash FROM files WHERE path = ?').get<KnownRow>(p))
          .filter((r): r is KnownRow => !!r)
      : statement(this.conn, 'SELECT path, size, mtime_ms, hash FROM files').all<KnownRow>();
    for (const r of rows) known.set(r.path, { size: r.size, mtimeMs: r.mtime_ms, hash: r.hash });
    return known;
  }

  private totals() {
    const files = statement(this.conn, 'SELECT count(*) AS n FROM files').get<{ n: number }>()!.n;
    const chunks = statement(this.conn, 'SELECT count(*) AS n FROM chunks').get<{ n: number }>()!.n;
    return { files, chunks };
  }
}

function emptyCounts() {
  return { indexed: 0, unchanged: 0, removed: 0, skipped: 0, stopped: false, remaining: 0 };
}

/** Whether this walk's skips are those the index holds: then nothing needs writing. */
function sameSkips(stored: SkippedPath[], walked: SkippedPath[]): boolean {
  const key = (s: SkippedPath) => `${s.path}\0${s.message}`;
  const before = stored.filter((s) => s.reason === WALK_SKIP).map(key);
  const now = new Set(walked.map(key));
  return before.length === now.size && before.every((k) => now.has(k));
}

function hasHousekeeping(h: Housekeeping): boolean {
  return (h.vanished?.length ?? 0) > 0 || (h.forget?.length ?? 0) > 0 || h.walkSkips !== undefined;
}

interface KnownRow {
  path: string;
  size: number;
  mtime_ms: number;
  hash: string;
}
