// Reads for the language server: a pool of reader connections in worker threads (piscina), so the
// main thread stays free; a worker that dies is replaced and its query retried once. A CLI process
// reads on its own connection through the same search functions (queries/query-source.ts): one
// short query does not pay for starting a thread.
import { join } from 'node:path';
import { loadPiscina } from '../common/piscina.js';
import type { ReadOpName, ReadOps } from './read-ops.js';
import { IndexError, toIndexError } from '../common/errors.js';
import type { ReadTask, ThreadError } from './reader-worker.js';

export interface ReadExecutor {
  run<K extends ReadOpName>(op: K, args: ReadOps[K]['args']): Promise<ReadOps[K]['result']>;
  close(): Promise<void>;
}

export interface ReaderPoolOptions {
  dbPath: string;
  size: number;
  busyTimeoutMs: number;
  /** Lets tests crash a worker on purpose (op `__crash`). */
  testHooks?: boolean;
}

export function readerPool(options: ReaderPoolOptions): ReadExecutor & { crashOne(): Promise<void>; readonly threads: number } {
  const pool = new (loadPiscina())({
    filename: join(__dirname, 'reader-worker.js'),
    minThreads: options.size,
    maxThreads: options.size,
    idleTimeout: Infinity,
    workerData: { dbPath: options.dbPath, busyTimeoutMs: options.busyTimeoutMs, testHooks: options.testHooks ?? false },
  });
  const submit = (task: ReadTask) => pool.run(task);
  return {
    get threads() {
      return pool.threads.length;
    },
    async run(op, args) {
      const task: ReadTask = { op, args };
      try {
        return await submit(task);
      } catch (err) {
        if (!isWorkerDeath(err)) throw mapError(err, options.dbPath);
        // Reads are idempotent: run it once more on the replacement worker.
        try {
          return await submit(task);
        } catch (again) {
          if (isWorkerDeath(again))
            throw new IndexError('WORKER_DIED', 'A search worker stopped twice in a row; the query was not answered. Try again.', again);
          throw mapError(again, options.dbPath);
        }
      }
    },
    async crashOne() {
      await submit({ op: '__crash', args: null }).catch(() => undefined);
    },
    async close() {
      await pool.destroy();
    },
  };
}

function isWorkerDeath(err: unknown): boolean {
  return err instanceof Error && /worker exited|terminated/i.test(err.message);
}

/** A read's failure arrives as the worker's plain ThreadError (reader-worker.ts); anything else is the pool's own. */
function mapError(err: unknown, dbPath: string): IndexError {
  if (err && typeof err === 'object' && (err as { name?: string }).name === 'IndexError') {
    const e = err as ThreadError;
    return new IndexError(e.code, e.message, err);
  }
  return toIndexError(err, dbPath);
}
