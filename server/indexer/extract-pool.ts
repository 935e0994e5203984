// Runs extractFile over many files: on a pool of worker threads (every core), or inline when the
// files are few and a pool would cost more to start than it saves.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { loadPiscina } from '../common/piscina.js';
import { extractFile, type ExtractTask, type ExtractedFile } from './extract-file.js';

export interface ExtractPool {
  extract(tasks: ExtractTask[]): Promise<ExtractedFile[]>;
  close(): Promise<void>;
}

const TASKS_PER_MESSAGE = 16;
const TASKS_QUEUED_PER_THREAD = 8;

export function inlineExtractPool(): ExtractPool {
  return {
    async extract(tasks) {
      const out: ExtractedFile[] = [];
      for (const task of tasks) out.push(await extractFile(task));
      return out;
    },
    async close() {},
  };
}

export function threadExtractPool(threads = availableParallelism()): ExtractPool {
  // Several requests are handed to each thread at once: the writer holds the main thread for a
  // batch's transaction, and a thread with nothing queued would sit idle until it returns.
  const pool = new (loadPiscina())({
    filename: join(__dirname, 'parse-worker.js'),
    minThreads: 1,
    maxThreads: Math.max(1, threads),
    idleTimeout: 5000,
    concurrentTasksPerWorker: TASKS_QUEUED_PER_THREAD,
  });
  return {
    async extract(tasks) {
      const groups: ExtractTask[][] = [];
      for (let i = 0; i < tasks.length; i += TASKS_PER_MESSAGE) groups.push(tasks.slice(i, i + TASKS_PER_MESSAGE));
      const results = await Promise.all(groups.map((group) => pool.run(group) as Promise<ExtractedFile[]>));
      return results.flat();
    },
    async close() {
      await pool.destroy();
    },
  };
}

/** Files below which a pool of parse threads costs more to start than it saves. */
const POOL_THRESHOLD = 32;

/** Hands out the inline pool for a few files and one shared pool, made on first need, for many. */
export class ExtractPools {
  private readonly inline = inlineExtractPool();
  private pool: ExtractPool | null = null;

  constructor(private readonly threads = availableParallelism()) {}

  for(fileCount: number): ExtractPool {
    if (fileCount < POOL_THRESHOLD) return this.inline;
    return (this.pool ??= threadExtractPool(this.threads));
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = null;
  }
}
