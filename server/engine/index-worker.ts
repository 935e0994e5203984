// Entry of a folder's index worker thread: owns the folder's writer connection, the indexer and the
// embedder, and runs their jobs one at a time, so no write or lock wait ever blocks the thread that
// answers the editor.
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { Embedder } from '../embed/embedder.js';
import { providerWithFallback } from '../embed/providers.js';
import { forEmbedding } from '../embed/builtin-pool.js';
import type { Reporter } from '../common/reporter.js';
import { chooseDriver } from '../storage/drivers.js';
import { createIndexer, openWorkspace } from '../indexer/workspace.js';
import type { FromWorker, IndexJob, IndexWorkerData, ToWorker } from './index-jobs.js';

const data = workerData as IndexWorkerData;

// Background work yields the cores to the thread that answers the editor: on Linux a thread's nice
// value is its own (the parse threads it starts inherit it); elsewhere it would be the whole process'.
if (process.platform === 'linux') {
  try {
    setPriority(10);
  } catch {
    // not allowed here: run at the normal priority
  }
}
const post = (message: FromWorker) => parentPort!.postMessage(message);

const reporter: Reporter = {
  progress: (phase, done, total) => post({ type: 'progress', phase: phase === 'embed' ? 'embed' : 'index', done, total }),
  warn: (message) => post({ type: 'warn', message }),
  note: (message) => post({ type: 'note', message }),
};

const ws = openOrReport();
const { indexer, writer, extractPools } = createIndexer(ws, reporter);
let embedding = { settings: data.embedding, apiKey: data.apiKey };
let embedder: Embedder | null = null;
const queue: IndexJob[] = [];
let abort = new AbortController();
let running = false;
let retiring = false;

function openOrReport() {
  try {
    return openWorkspace(data.root, { role: 'writer', config: data.config });
  } catch (err) {
    // The main thread shows this message (it names the file and what to do) and keeps serving.
    post({ type: 'failed', id: null, message: (err as Error).message });
    process.exit(1);
  }
}

post({ type: 'ready', driver: `${chooseDriver().driver.name} (${chooseDriver().reason})` });

parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'abort') {
    queue.length = 0;
    abort.abort();
    embedder?.stop();
    return;
  }
  if (message.type === 'embedding') {
    embedding = { settings: message.settings, apiKey: message.apiKey };
    return;
  }
  if (message.type === 'retire') {
    retiring = true;
    if (!running) void retire();
    return;
  }
  queue.push(message);
  void drain();
});

async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (queue.length > 0) {
      const job = queue.shift()!;
      if (abort.signal.aborted) abort = new AbortController();
      post({ type: 'started', id: job.id, job: job.type });
      try {
        post({ type: 'finished', id: job.id, job: job.type, detail: await runJob(job, abort.signal) });
      } catch (err) {
        post({ type: 'failed', id: job.id, message: (err as Error).message });
      }
    }
  } finally {
    running = false;
    if (retiring) void retire();
  }
}

async function retire(): Promise<void> {
  await extractPools.close();
  ws.close();
  process.exit(0);
}

async function runJob(job: IndexJob, signal: AbortSignal): Promise<string> {
  if (job.type === 'index') {
    const s = await indexer.indexAll({ force: job.force, signal, who: data.who });
    return `${s.indexed} written, ${s.removed} removed, ${s.unchanged} unchanged`;
  }
  if (job.type === 'apply') {
    const s = await indexer.applyChanges(job.paths, signal);
    return `${s.indexed} written, ${s.removed} removed`;
  }
  const chosen = await providerWithFallback(embedding.settings, reporter.warn, { apiKey: embedding.apiKey });
  const provider = forEmbedding(chosen.provider);
  const fallback = chosen.fallback;
  embedder = new Embedder(ws.index.conn, writer, provider, reporter, { keepOtherModel: fallback });
  try {
    if (signal.aborted) return 'skipped';
    const run = await embedder.run();
    return `${run.embedded} embedded, ${run.pending} pending`;
  } finally {
    embedder = null;
    await provider.close?.();
  }
}

process.on('exit', () => {
  void extractPools.close();
  ws.close();
});
