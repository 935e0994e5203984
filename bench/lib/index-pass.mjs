// One forced index pass of the corpus, started where a server could run it: in another process
// (the CLI), in the language server's index worker thread inside this process, or on this
// process's main thread on a connection the caller may also read from. Each returns { done, stop }:
// stop() ends the pass early and `done` settles once it is over. The process is killed and the
// thread terminated (SQLite rolls back the open transaction, as after a crash); the main-thread pass
// stops at its next batch (AbortSignal).
import { Worker } from 'node:worker_threads';
import { startCli } from './cli-process.mjs';
import { INDEX_WORKER_PATH } from './env.mjs';

export function startPass(core, where, { root, ws }) {
  if (where === 'process') return passInProcess(root);
  if (where === 'thread') return passInThread(core, root);
  if (where === 'main') return passOnMainThread(core, ws);
  throw new Error(`unknown writer placement "${where}"`);
}

function passInProcess(root) {
  const run = startCli(['index', '--force', root]);
  let stopping = false;
  const done = run.done.then((r) => {
    if (r.code !== 0 && !stopping) throw new Error(`code-index index failed (exit ${r.code}): ${r.stderr.trim()}`);
  });
  return {
    done,
    stop() {
      stopping = true;
      run.child.kill('SIGTERM');
    },
  };
}

/** The language server's own index worker (dist/index-worker.js), given one forced index job. */
function passInThread(core, root) {
  const workerData = { root, config: { ...core.DEFAULT_CONFIG }, embedding: { provider: 'builtin' } };
  const worker = new Worker(INDEX_WORKER_PATH, { workerData });
  let stopping = false;
  const done = new Promise((resolve, reject) => {
    worker.on('message', (m) => {
      if (m.type === 'ready') worker.postMessage({ type: 'index', id: 1, force: true });
      else if (m.type === 'finished' && m.id === 1) resolve();
      else if (m.type === 'failed') reject(new Error(`the index worker failed: ${m.message}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (stopping ? resolve() : reject(new Error(`the index worker exited with ${code} before it finished`))));
  }).finally(() => worker.terminate());
  // Terminating is how the server itself stops the worker (FolderIndex.dispose).
  return {
    done,
    stop() {
      stopping = true;
      void worker.terminate();
    },
  };
}

function passOnMainThread(core, ws) {
  const controller = new AbortController();
  const { indexer, extractPools } = core.createIndexer(ws, core.silentReporter);
  const done = indexer.indexAll({ force: true, signal: controller.signal }).finally(() => extractPools.close());
  return {
    done,
    stop() {
      controller.abort();
    },
  };
}
