// The embedder job: finds chunks whose content hash has no vector yet, claims them, embeds them in
// batches and stores the vectors. Safe beside other embedders and indexers; resumable after a kill.
import { randomUUID } from 'node:crypto';
import type { IndexWriter } from '../storage/index-writer.js';
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
import { withBusyRetry } from '../storage/retry.js';
import type { Reporter } from '../common/reporter.js';
import type { EmbeddingProvider } from './provider.js';
import { sketchOf } from '../storage/sketch.js';
import { adoptModel, insertVector, readModel } from '../storage/vector-store.js';
import { BatchSize } from './batch-size.js';
import { isSketching } from './builtin-pool.js';

export interface EmbedRun {
  embedded: number;
  pending: number;
  seconds: number;
  /** True when a model change dropped the old vectors. */
  reset: boolean;
  /** True when stop() ended the run before nothing was pending. */
  stopped: boolean;
}

const CLAIM_MS = 60_000;

interface Claimed {
  hash: string;
  text: string;
}

interface EmbeddedBatch {
  claimed: Claimed[];
  vectors: Float32Array[];
  sketches: Uint8Array[];
  /** How many of them were stored. */
  stored?: number;
}

export class Embedder {
  private readonly owner = `${process.pid}-${randomUUID()}`;
  /** Aborted by stop(); reaches into the provider, which may give up inside a long batch. */
  private readonly abort = new AbortController();
  /** Set when another process switched models: our vectors are of no use. */
  private modelGone = false;
  /** The last hash claimed: the next claim starts after it. */
  private cursor = '';

  constructor(
    private readonly conn: SqlConnection,
    private readonly writer: IndexWriter,
    private readonly provider: EmbeddingProvider,
    private readonly reporter: Reporter,
    /** batchSize: a fixed number of chunks per batch instead of one sized to the provider's speed. */
    private readonly options: { batchSize?: number; keepOtherModel?: boolean } = {},
  ) {}

  /**
   * Asks a running `run` to return: after the batch being stored, or sooner when the provider gives
   * up on the batch it embeds. What was stored stays; the batch's claims are released.
   */
  stop(): void {
    this.abort.abort();
  }

  /** Embeds until nothing is pending (or stop() is called). */
  async run(): Promise<EmbedRun> {
    const started = performance.now();
    const info = { model: this.provider.id, dimensions: this.provider.dimensions };
    const current = readModel(this.conn);
    if (this.options.keepOtherModel && current && (current.model !== info.model || current.dimensions !== info.dimensions)) {
      // A fallback provider must not throw away the vectors of the model the user configured.
      this.reporter.warn(
        `The index holds vectors of ${current.model}; they are kept and nothing is embedded until that provider is reachable again.`,
      );
      return { embedded: 0, pending: this.pendingCount(), seconds: 0, reset: false, stopped: false };
    }
    const reset = await withBusyRetry(() => this.writer.transaction(() => adoptModel(this.conn, info)));
    let embedded = 0;
    const total = this.pendingCount();
    const signal = this.abort.signal;
    this.reporter.progress('embed', 0, total);
    const batch = new BatchSize(this.options.batchSize);
    // A provider off this thread is handed the next batch while this one is stored, so neither waits.
    const depth = isSketching(this.provider) ? 2 : 1;
    const queue: Array<Promise<EmbeddedBatch | null>> = [];
    let next = await this.storeAndClaim(null, batch.size);
    while (next.length > 0 || queue.length > 0) {
      if (next.length > 0) queue.push(this.embedBatch(next, batch));
      if (next.length > 0 && queue.length < depth && !signal.aborted) {
        next = await this.storeAndClaim(null, batch.size);
        continue;
      }
      const done = await queue.shift()!;
      if (!done) break; // stopped inside the batch: nothing of it is stored
      // A stop during the batch still stores it, but claims nothing more.
      next = await this.storeAndClaim(done, signal.aborted ? 0 : batch.size);
      embedded += done.stored ?? 0;
      this.reporter.progress('embed', Math.min(embedded, total), Math.max(total, embedded));
      if (this.modelGone || signal.aborted) break;
      // A fast provider and synchronous SQLite never leave the event loop otherwise: a signal, or the
      // message that pauses the index thread, would wait until every chunk was embedded.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.release();
    const pending = this.pendingCount();
    return { embedded, pending, seconds: (performance.now() - started) / 1000, reset, stopped: signal.aborted && pending > 0 };
  }

  pendingCount(): number {
    return statement(
      this.conn,
      `SELECT count(DISTINCT c.hash) AS n FROM chunks c
      WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.hash = c.hash)`,
    ).get<{ n: number }>()!.n;
  }

  /** Embeds and sketches `claimed`; null when stop() ended it. Never rejects unhandled while queued. */
  private embedBatch(claimed: Claimed[], batch: BatchSize): Promise<EmbeddedBatch | null> {
    const began = performance.now();
    const signal = this.abort.signal;
    const texts = claimed.map((c) => c.text);
    const provider = this.provider;
    const made = isSketching(provider)
      ? provider.embedAndSketch(texts, 'document')
      : // Sketched before the write lock is taken, so the lock is held only for the inserts.
        provider.embed(texts, 'document', signal).then((vectors) => ({ vectors, sketches: vectors.map(sketchOf) }));
    const result = made.then(
      ({ vectors, sketches }) => {
        batch.took(claimed.length, performance.now() - began);
        return { claimed, vectors, sketches };
      },
      (err: unknown) => {
        if (signal.aborted) return null;
        throw err;
      },
    );
    result.catch(() => {}); // awaited by the run; a queued batch failing after the run ended is no crash
    return result;
  }

  /**
   * Stores the vectors of the batch just embedded, if any, and claims the next `size` pending hashes,
   * in one write transaction: one commit per batch.
   */
  private storeAndClaim(done: EmbeddedBatch | null, size: number): Promise<Claimed[]> {
    return withBusyRetry(() =>
      this.writer.transaction(() => {
        if (done) done.stored = this.store(done);
        if (this.modelGone || size === 0) return [];
        return this.claim(size);
      }),
    );
  }

  /**
   * Takes up to `size` pending hashes no live embedder holds, in hash order from where the last claim
   * ended: each claim reads only the index entries after the cursor, instead of walking past every
   * hash embedded so far (which made a whole run quadratic in the number of chunks). Hashes left
   * behind the cursor (a lapsed claim, a chunk written meanwhile) are found when it wraps around.
   */
  private claim(size: number): Claimed[] {
    const now = Date.now();
    // Only lapsed claims go: our own may cover a batch still being embedded (two are in flight).
    statement(this.conn, 'DELETE FROM embed_claims WHERE expires_at < ?').run(now);
    const pending = statement(
      this.conn,
      `SELECT c.hash AS hash, min(c.text) AS text FROM chunks c
      WHERE c.hash > ?
        AND NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.hash = c.hash)
        AND NOT EXISTS (SELECT 1 FROM embed_claims k WHERE k.hash = c.hash)
      GROUP BY c.hash ORDER BY c.hash LIMIT ?`,
    );
    let rows = pending.all<Claimed>(this.cursor, size);
    if (rows.length === 0 && this.cursor !== '') rows = pending.all<Claimed>((this.cursor = ''), size);
    if (rows.length > 0) this.cursor = rows[rows.length - 1].hash;
    const put = statement(this.conn, 'INSERT INTO embed_claims (hash, owner, expires_at) VALUES (?, ?, ?)');
    for (const r of rows) put.run(r.hash, this.owner, now + CLAIM_MS);
    return rows;
  }

  /** Stores vectors for hashes that still need them, under the model the index still uses. Inside a write transaction. */
  private store({ claimed, vectors, sketches }: EmbeddedBatch): number {
    const model = readModel(this.conn);
    if (!model || model.model !== this.provider.id || model.dimensions !== this.provider.dimensions) {
      this.modelGone = true; // another process switched models: our vectors are of no use
      return 0;
    }
    let stored = 0;
    const stillUsed = statement(this.conn, 'SELECT 1 AS n FROM chunks WHERE hash = ? LIMIT 1');
    const unclaim = statement(this.conn, 'DELETE FROM embed_claims WHERE hash = ? AND owner = ?');
    claimed.forEach(({ hash }, i) => {
      unclaim.run(hash, this.owner);
      if (!stillUsed.get(hash)) return; // the chunk went away while we embedded it
      if (insertVector(this.conn, hash, vectors[i], sketches[i])) stored++;
    });
    return stored;
  }

  private release(): Promise<void> {
    return withBusyRetry(() =>
      this.writer.transaction(() => {
        statement(this.conn, 'DELETE FROM embed_claims WHERE owner = ?').run(this.owner);
      }),
    );
  }
}
