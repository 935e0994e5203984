// Entry of a reader worker thread: one read connection, opened on first use, kept for the thread's
// life; runs named read operations so a long query never blocks the server's main thread.
import { workerData } from 'node:worker_threads';
import { runReadOp, type ReadOpName } from './read-ops.js';
import { openIndex, type IndexConnection } from '../storage/open-database.js';
import { withBusyRetrySync } from '../storage/retry.js';
import { holdNameList } from '../search/name-list.js';
import { toIndexError, type IndexErrorCode } from '../common/errors.js';

interface ReaderWorkerData {
  dbPath: string;
  busyTimeoutMs: number;
  testHooks: boolean;
}

export interface ReadTask {
  op: ReadOpName | '__crash';
  args: unknown;
}

/** How a read's failure reaches the main thread. */
export interface ThreadError {
  name: 'IndexError';
  code: IndexErrorCode;
  message: string;
}

const data = workerData as ReaderWorkerData;
let index: IndexConnection | null = null;

export default function run(task: ReadTask): unknown {
  if (task.op === '__crash' && data.testHooks) process.exit(1); // ends this thread only: tests the pool's recovery
  try {
    if (!index) {
      index = openIndex(data.dbPath, { role: 'reader', busyTimeoutMs: data.busyTimeoutMs });
      // A reader answers every keystroke of Ctrl+T: it keeps the compact name list (name-list.ts).
      holdNameList(index.conn);
    }
    const conn = index.conn;
    return withBusyRetrySync(() => runReadOp(conn, task.op as ReadOpName, task.args as never));
  } catch (err) {
    // An Error crosses to the main thread as a copy with its message only (its class and `code`
    // are lost), so the failure goes as plain data that the pool turns back into an IndexError.
    const e = toIndexError(err, data.dbPath);
    throw { name: 'IndexError', code: e.code, message: e.message } satisfies ThreadError;
  }
}
