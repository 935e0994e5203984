// One workspace folder's index as the language server runs it: an index worker thread that writes,
// a reader pool that answers, file events batched into jobs, pause and resume, and the state the
// editor shows. Knows nothing of LSP: the service above turns this into messages.
import { Worker } from 'node:worker_threads';
import { join, relative, sep } from 'node:path';
import type { IndexConfig } from '../config/config.js';
import type { EmbeddingSettings } from '../../shared/settings.js';
import type { FolderStatus, IndexState } from '../../shared/protocol.js';
import { ensureIndexDir, indexDbPath, openIndex, type IndexConnection } from '../storage/open-database.js';
import { readerPool, type ReadExecutor } from './reader-pool.js';
import { dataVersion } from '../storage/statements.js';
import type { IndexStatus } from '../storage/status.js';
import type { SearchOptions, HybridHit } from '../search/hybrid-search.js';
import type { SymbolHit } from '../search/symbol-search.js';
import type { ReadOpName, ReadOps } from './read-ops.js';
import type { EmbeddingProvider } from '../embed/provider.js';
import { EventBatcher } from './event-batcher.js';
import { parseQuery } from '../search/query-syntax.js';
import type { FromWorker, IndexJob, IndexWorkerData, ToWorker } from './index-jobs.js';
import { readPaused, writePaused } from './pause-state.js';

export interface FolderListener {
  changed(folder: FolderIndex): void;
  progress(folder: FolderIndex, phase: 'index' | 'embed', done: number, total: number): void;
  jobEnded(folder: FolderIndex): void;
  warn(message: string): void;
}

export interface FolderSettings {
  config: IndexConfig;
  embedding: EmbeddingSettings;
  apiKey?: string;
  /** Who runs this folder's passes, as another indexer waiting for one is told. */
  who: string;
}

const WATCH_MS = 1000;
/**
 * The index thread (parsers, writer, embedder) ends after this long without a job; the next job starts
 * another. CODE_INDEX_WORKER_IDLE_MS overrides it (the tests use a short one).
 */
const WORKER_IDLE_MS = Number(process.env.CODE_INDEX_WORKER_IDLE_MS) || 10_000;
const MAX_WORKER_RESTARTS = 3;

export class FolderIndex {
  state: IndexState = 'starting';
  error: string | null = null;
  progress: { done: number; total: number } | null = null;
  driver = '';
  private worker: Worker | null = null;
  private pool: (ReadExecutor & { threads: number }) | null = null;
  private watchConn: IndexConnection | null = null;
  private dataVersion = -1;
  private watchTimer: NodeJS.Timeout | null = null;
  private retireTimer: NodeJS.Timeout | null = null;
  private counts: IndexStatus | null = null;
  private outstanding = new Set<number>();
  private nextId = 1;
  private restarts = 0;
  private disposed = false;
  private readonly batcher = new EventBatcher((paths) => this.send({ type: 'apply', id: this.nextId++, paths }));
  readonly dbPath: string;

  constructor(
    readonly root: string,
    private settings: FolderSettings,
    private readonly listener: FolderListener,
  ) {
    this.dbPath = indexDbPath(root);
  }

  get paused(): boolean {
    return this.state === 'paused';
  }

  async start(): Promise<void> {
    ensureIndexDir(this.root);
    await this.startWorker();
    if (this.disposed || this.state === 'error') return;
    this.pool = readerPool({
      dbPath: this.dbPath,
      size: this.settings.config.readerPoolSize,
      busyTimeoutMs: this.settings.config.busyTimeoutMs,
    });
    this.watchConn = openIndex(this.dbPath, { role: 'reader', busyTimeoutMs: this.settings.config.busyTimeoutMs });
    this.watchTimer = setInterval(() => void this.watchForWrites(), WATCH_MS);
    await this.refreshCounts();
    if (readPaused(this.root)) {
      this.setState('paused');
      this.scheduleRetire();
    } else {
      // Indexing from the start: the editor must not show "ready" before the first pass has run.
      this.send({ type: 'index', id: this.nextId++, force: false });
      this.setState('indexing');
    }
  }

  /** Paths are absolute; those outside this folder are ignored. */
  filesChanged(absPaths: string[]): void {
    const rel = absPaths
      .map((p) => relative(this.root, p))
      .filter((p) => p && !p.startsWith('..') && !p.startsWith(sep))
      .map((p) => p.split(sep).join('/'));
    if (rel.length === 0 || this.paused) return; // a paused folder catches up with a full pass on resume
    this.batcher.add(rel);
  }

  reindex(force: boolean): void {
    if (this.paused) return;
    this.send({ type: 'index', id: this.nextId++, force });
  }

  pause(): void {
    writePaused(this.root, true);
    this.batcher.dispose();
    this.post({ type: 'abort' });
    this.outstanding.clear();
    this.progress = null;
    this.setState('paused');
    this.scheduleRetire();
  }

  resume(): void {
    writePaused(this.root, false);
    this.setState('idle');
    // One incremental pass finds everything that changed while paused, events or not.
    this.send({ type: 'index', id: this.nextId++, force: false });
  }

  updateSettings(settings: FolderSettings): void {
    const embeddingChanged =
      JSON.stringify(settings.embedding) !== JSON.stringify(this.settings.embedding) || settings.apiKey !== this.settings.apiKey;
    this.settings = settings;
    if (embeddingChanged) {
      this.post({ type: 'embedding', settings: settings.embedding, apiKey: settings.apiKey });
      if (!this.paused) this.send({ type: 'embed', id: this.nextId++ });
    }
  }

  async search(query: string, options: SearchOptions, provider: EmbeddingProvider | null): Promise<HybridHit[]> {
    const pool = this.requirePool();
    let queryVector: Float32Array | null = null;
    if (provider && options.mode !== 'text' && options.mode !== 'symbol') {
      const model = await pool.run('model', null);
      if (model && model.model === provider.id && model.dimensions === provider.dimensions)
        [queryVector] = await provider.embed([parseQuery(query).text], 'query');
    }
    return pool.run('hybrid', { query, options: { ...options, queryVector } });
  }

  /** Runs a read on the folder's reader pool. */
  read<K extends ReadOpName>(op: K, args: ReadOps[K]['args']): Promise<ReadOps[K]['result']> {
    return this.requirePool().run(op, args);
  }

  symbols(query: string, k: number): Promise<SymbolHit[]> {
    return this.requirePool().run('symbols', { query, k });
  }

  status(): FolderStatus {
    const c = this.counts;
    return {
      folder: this.root,
      state: this.state,
      files: c?.files ?? 0,
      chunks: c?.chunks ?? 0,
      symbols: c?.symbols ?? 0,
      embedded: c?.embedded ?? 0,
      pending: c?.pending ?? 0,
      dbBytes: c?.dbBytes ?? 0,
      parseErrorFiles: c?.parseErrorFiles ?? 0,
      oversizeFiles: c?.oversizeFiles ?? 0,
      minifiedFiles: c?.minifiedFiles ?? 0,
      lastUpdate: c?.lastIndexedAt ? new Date(c.lastIndexedAt).toISOString() : null,
      progress: this.progress,
      driver: this.driver,
      model: c?.embeddingModel ?? null,
      error: this.error,
    };
  }

  /** Resolves once no job is queued or running. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.batcher.dispose();
    if (this.watchTimer) clearInterval(this.watchTimer);
    if (this.retireTimer) clearTimeout(this.retireTimer);
    this.watchConn?.conn.close();
    const worker = this.worker;
    this.worker = null;
    await Promise.all([worker?.terminate(), this.pool?.close()]);
  }

  private requirePool(): ReadExecutor {
    if (!this.pool) throw new Error(this.error ?? `The index of ${this.root} is still starting.`);
    return this.pool;
  }

  private startWorker(): Promise<void> {
    const data: IndexWorkerData = {
      root: this.root,
      config: this.settings.config,
      embedding: this.settings.embedding,
      apiKey: this.settings.apiKey,
      who: this.settings.who,
    };
    const worker = new Worker(join(__dirname, 'index-worker.js'), { workerData: data });
    this.worker = worker;
    return new Promise((resolve) => {
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        this.onWorkerMessage(m);
        if (m.type === 'failed' && m.id === null) resolve();
      });
      worker.on('error', (err) => this.onWorkerMessage({ type: 'failed', id: null, message: err.message }));
      worker.on('exit', () => {
        resolve();
        this.onWorkerExit(worker);
      });
    });
  }

  private onWorkerExit(worker: Worker): void {
    if (this.disposed || this.worker !== worker) return;
    this.worker = null;
    if (this.state === 'error' || this.restarts >= MAX_WORKER_RESTARTS) {
      this.setState('error');
      return;
    }
    // The indexer thread died (out of memory, a bug): start another and catch up. Committed work stays.
    this.restarts++;
    this.listener.warn(`The indexer of ${this.root} stopped; restarting it.`);
    this.outstanding.clear();
    void this.startWorker().then(() => this.paused || this.send({ type: 'index', id: this.nextId++, force: false }));
  }

  private onWorkerMessage(m: FromWorker): void {
    switch (m.type) {
      case 'ready':
        this.driver = m.driver;
        break;
      case 'progress':
        if (this.paused) return;
        this.progress = { done: m.done, total: m.total };
        this.listener.progress(this, m.phase, m.done, m.total);
        break;
      case 'warn':
      case 'note':
        this.listener.warn(m.message);
        break;
      case 'started':
        if (!this.paused) this.setState(m.job === 'embed' ? 'embedding' : 'indexing');
        break;
      case 'finished':
      case 'failed':
        if (m.type === 'failed') {
          this.error = m.message;
          this.listener.warn(m.message);
          if (m.id === null) this.setState('error');
        }
        if (m.id !== null) this.jobDone(m.id, m.type === 'finished' ? m.job : null);
        break;
    }
  }

  private jobDone(id: number, job: IndexJob['type'] | null): void {
    if (!this.outstanding.delete(id)) return;
    this.progress = null;
    if ((job === 'index' || job === 'apply') && !this.paused) {
      this.send({ type: 'embed', id: this.nextId++ });
      return;
    }
    if (this.outstanding.size === 0) {
      this.scheduleRetire();
      if (!this.paused) {
        if (job !== null) this.error = null;
        // The counts first: "ready" beside the counts from before the pass reads "ready · 0 files".
        void this.refreshCounts().then(() => {
          if (this.outstanding.size > 0 || this.paused || this.disposed) return;
          this.setState('idle');
          this.listener.jobEnded(this);
          this.warmReaders();
        });
        return;
      }
    }
    void this.refreshCounts();
  }

  private send(job: IndexJob): void {
    if (this.disposed || this.state === 'error') return;
    if (this.retireTimer) clearTimeout(this.retireTimer);
    this.retireTimer = null;
    if (!this.worker) void this.startWorker();
    this.outstanding.add(job.id);
    this.post(job);
  }

  /**
   * Has every reader load the symbol names now, off the main thread, rather than on the first Ctrl+T
   * keystroke (about 0.2 s for 85,000 names). One task per thread: idle threads take one each.
   */
  private warmReaders(): void {
    const pool = this.pool;
    if (!pool) return;
    for (let i = 0; i < pool.threads; i++) pool.run('warm', null).catch(() => undefined);
  }

  /**
   * An idle index thread holds tens of MB (its heap, the parse threads, the grammars' wasm memory):
   * it ends after WORKER_IDLE_MS without a job, and the next job starts a new one.
   */
  private scheduleRetire(): void {
    if (this.retireTimer) clearTimeout(this.retireTimer);
    this.retireTimer = setTimeout(() => {
      this.retireTimer = null;
      const worker = this.worker;
      if (!worker || this.outstanding.size > 0 || this.disposed) return;
      this.worker = null; // its exit is then no crash to recover from
      worker.postMessage({ type: 'retire' } satisfies ToWorker);
    }, WORKER_IDLE_MS);
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private setState(state: IndexState): void {
    if (this.state === state) return;
    this.state = state;
    this.listener.changed(this);
  }

  /** Notices commits by anyone (our worker, a CLI in a terminal) and refreshes the counts. */
  private async watchForWrites(): Promise<void> {
    if (!this.watchConn) return;
    let version: number;
    try {
      version = dataVersion(this.watchConn.conn);
    } catch {
      return;
    }
    if (version === this.dataVersion) return;
    this.dataVersion = version;
    await this.refreshCounts();
  }

  private async refreshCounts(): Promise<void> {
    if (!this.pool) return;
    try {
      this.counts = await this.pool.run('status', { dbPath: this.dbPath });
      this.listener.changed(this);
    } catch (err) {
      this.listener.warn((err as Error).message);
    }
  }
}
