// Messages between a folder's index worker thread and the main thread of the language server.
import type { IndexConfig } from '../config/config.js';
import type { EmbeddingSettings } from '../../shared/settings.js';

export interface IndexWorkerData {
  root: string;
  config: IndexConfig;
  embedding: EmbeddingSettings;
  apiKey?: string;
  /** Who runs this folder's passes, as a CLI run waiting for one is told. */
  who: string;
}

export type IndexJob =
  { type: 'index'; id: number; force: boolean } | { type: 'apply'; id: number; paths: string[] } | { type: 'embed'; id: number };

export type ToWorker =
  | IndexJob
  /** Stops the running job between batches and drops the queued ones. */
  | { type: 'abort' }
  | { type: 'embedding'; settings: EmbeddingSettings; apiKey?: string }
  /** Nothing to do: finish what runs, close the index and end the thread (its memory goes with it). */
  | { type: 'retire' };

export type FromWorker =
  | { type: 'ready'; driver: string }
  | { type: 'progress'; phase: 'index' | 'embed'; done: number; total: number }
  | { type: 'warn'; message: string }
  /** Not a warning: what the worker waits for (another indexer's pass). */
  | { type: 'note'; message: string }
  | { type: 'started'; id: number; job: IndexJob['type'] }
  | { type: 'finished'; id: number; job: IndexJob['type']; detail: string }
  | { type: 'failed'; id: number | null; message: string };
