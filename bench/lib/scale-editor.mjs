// The long-running fronts of bench/scale.mjs: `code-index serve` (its idle memory, the queries it
// answers for CLI processes) and the real language server over LSP (Ctrl+T one keystroke at a
// time, a save to searchable, a branch switch of 5,000 files, and the event-loop lag of its main
// thread while it indexes, seen as the round trip of a trivial request).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { startServer, FileChangeType } from '../../test/server/lsp-client.mjs';
import { CLI_PATH, loadBetterSqlite } from './env.mjs';
import { indexCounts, processMemory } from './scale-measure.mjs';
import { summarize, round } from './stats.mjs';

/** The engine ends an idle index thread after 10 s (WORKER_IDLE_MS in server/engine/folder-index.ts). */
const SETTLE_MS = 15_000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** `code-index serve ROOT`, resolved once it says it is ready (indexed and embedded). */
export async function startServe(root, timeoutMs) {
  const child = spawn(process.execPath, [CLI_PATH, 'serve', root, '--provider', 'builtin'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const started = performance.now();
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve was not ready after ${timeoutMs / 1000} s: ${stderr.slice(-500)}`)), timeoutMs);
    child.stderr.setEncoding('utf8').on('data', (d) => {
      stderr += d;
      if (/code-index: ready: /.test(stderr)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before it was ready: ${stderr.slice(-500)}`)));
  });
  const readySeconds = round((performance.now() - started) / 1000);
  return {
    child,
    readySeconds,
    /** Resident memory once the index thread has had time to end, as an idle editor-less server sits. */
    async idleMemory() {
      await sleep(SETTLE_MS);
      return processMemory(child.pid);
    },
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    },
  };
}

/** The language server for ROOT, once idle (an index already on disk makes that an incremental pass). */
export async function startLanguageServer(root, timeoutMs) {
  const started = performance.now();
  const server = await startServer([root]);
  const status = await server.waitIdle(timeoutMs);
  return { server, status: status.folders[0], readySeconds: round((performance.now() - started) / 1000) };
}

/** Every prefix (up to 12 characters) of each name, typed one keystroke at a time into Ctrl+T. */
export async function ctrlT(server, names) {
  const typed = names.flatMap((name) => Array.from({ length: Math.min(12, name.length) }, (_, i) => name.slice(0, i + 1)));
  for (const q of typed.slice(0, 20)) await server.request('workspace/symbol', { query: q }); // both readers load the names
  const samples = [];
  for (const query of typed) {
    const t = performance.now();
    await server.request('workspace/symbol', { query });
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** A file written and announced as the editor's watcher does, timed until Ctrl+T finds its new name. */
export async function saveToSearchable(server, root, rounds) {
  const path = join(root, 'scale-probe', 'probe.ts');
  mkdirSync(dirname(path), { recursive: true });
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const name = `scaleSaveProbe${i}x${Date.now()}`;
    const t = performance.now();
    writeFileSync(path, `export function ${name}(a: number): number {\n  return a + ${i};\n}\n`);
    server.notifyFiles([[path, i === 0 ? FileChangeType.Created : FileChangeType.Changed]]);
    for (;;) {
      const hits = await server.request('workspace/symbol', { query: name });
      if (hits.some((h) => h.name === name)) break;
      if (performance.now() - t > 60_000) throw new Error(`${name} was not searchable 60 s after the save`);
      await sleep(5);
    }
    samples.push(performance.now() - t);
  }
  rmSync(path, { force: true });
  server.notifyFiles([[path, FileChangeType.Deleted]]);
  return summarize(samples);
}

/** Round trips of a trivial request every 20 ms until `until` settles: what any request waits for. */
async function probeLag(server, until) {
  const samples = [];
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    const t = performance.now();
    await server.request('codeIndex/status');
    samples.push(performance.now() - t);
    await sleep(20);
  }
  return summarize(samples);
}

/**
 * A branch switch: `count` files picked by rule (every Nth of the indexed source files in path
 * order) rewritten on disk and announced, timed until the index holds every new content (its
 * hash column), with the server's request lag meanwhile.
 */
export async function branchSwitch(server, root, dbPath, sourcePaths, count) {
  const step = Math.max(1, Math.floor(sourcePaths.length / count));
  const picked = sourcePaths.filter((_, i) => i % step === 0).slice(0, count);
  const stamp = `branch switch ${Date.now()}`;
  const expected = new Map();
  const t = performance.now();
  for (const rel of picked) {
    const abs = join(root, rel);
    const comment = ['.py', '.pyi', '.rb'].includes(extname(rel)) ? '#' : '//';
    const text = Buffer.concat([readFileSync(abs), Buffer.from(`\n${comment} ${stamp}\n`)]);
    // The run's tree is hard-linked to the shared corpus: a new file, never a write through the link.
    rmSync(abs);
    writeFileSync(abs, text);
    expected.set(rel, createHash('sha1').update(text).digest('hex'));
  }
  server.notifyFiles(picked.map((rel) => [join(root, rel), FileChangeType.Changed]));
  const writtenSeconds = (performance.now() - t) / 1000;
  const held = waitForHashes(dbPath, expected, 30 * 60_000);
  const lag = await probeLag(server, held);
  await held;
  return { files: picked.length, writeSeconds: round(writtenSeconds), seconds: round((performance.now() - t) / 1000), lagMs: lag };
}

async function waitForHashes(dbPath, expected, timeoutMs) {
  const Database = loadBetterSqlite();
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  const get = db.prepare('SELECT hash FROM files WHERE path = ?').pluck();
  const started = performance.now();
  try {
    let left = [...expected.keys()];
    while (left.length > 0) {
      if (performance.now() - started > timeoutMs) throw new Error(`${left.length} rewritten files still not indexed`);
      await sleep(200);
      db.exec('BEGIN');
      left = left.filter((rel) => get.get(rel) !== expected.get(rel));
      db.exec('COMMIT');
    }
  } finally {
    db.close();
  }
}

/** A cold index by a fresh language server, with its request lag until the indexing ends (embedding is not waited for). */
export async function coldIndexLag(root, dbPath, timeoutMs) {
  rmSync(join(root, '.codeindex'), { recursive: true, force: true });
  const started = performance.now();
  const server = await startServer([root]);
  const indexed = server.waitForStatus(
    (s) => s.folders.length === 1 && s.folders[0].files > 0 && ['embedding', 'idle'].includes(s.folders[0].state),
    timeoutMs,
  );
  const lag = await probeLag(server, indexed);
  await indexed;
  const seconds = round((performance.now() - started) / 1000);
  await server.kill();
  // Counted from the index itself: the status the server last sent may predate its last batch.
  const { files, symbols } = indexCounts(dbPath);
  return { files, symbols, seconds, lagMs: lag };
}
