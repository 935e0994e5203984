// Entry of a reader worker thread: one read connection, opened on first use, kept for the thread's
// life; runs named read operations so a long query never blocks the server's main thread.
import { workerData } from 'node:worker_threads';
import { runReadOp, type ReadOpName } from './read-ops.js';
import { openIndex, type IndexConnection } from '../storage/open-database.js';
import { withBusyRetrySync } from '../storage/retry.js';

interface ReaderWorkerData {
  dbPath: string;
  busyTimeoutMs: number;
  testHooks: boolean;
}

export interface ReadTask {
  op: ReadOpName | '__crash';
  args: unknown;
}

const data = workerData as ReaderWorkerData;
let index: IndexConnection | null = null;

export default function run(task: ReadTask): unknown {
  if (task.op === '__crash' && data.testHooks) process.exit(1); // ends this thread only: tests the pool's recovery
  index ??= openIndex(data.dbPath, { role: 'reader', busyTimeoutMs: data.busyTimeoutMs });
  const conn = index.conn;
  return withBusyRetrySync(() => runReadOp(conn, task.op as ReadOpName, task.args as never));
}
