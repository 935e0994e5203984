// The language server as the editor uses it: Ctrl+T latency on 200,000 symbols (every prefix of
// names as they are typed), the server's resident memory once idle, and how long a trivial request
// waits while the server indexes (its main thread's event-loop lag, seen from the client).
//
//   node bench/editor.mjs [--corpus]   (--corpus: also the >= 10,000-file corpus for memory and lag)
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLargeCorpus } from './corpus.mjs';
import { REPO_ROOT, RESULTS_DIR } from './lib/env.mjs';
import { summarize } from './lib/stats.mjs';
import { CTRL_T_NAMES } from './lib/queries.mjs';
import { startServer } from '../test/server/lsp-client.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
const WORDS =
  'parse config load save user account request response handler service client server cache index token stream buffer file path node tree symbol query search result error retry fetch update delete create build render view model store state event emit listen queue task worker pool thread lock read write open close start stop init reset merge split join format encode decode compress hash sign verify'.split(
    ' ',
  );

/** 2,000 files of 100 functions: 200,000 definitions with realistic camelCase names, the same every run. */
function symbolWorkspace() {
  const root = join(REPO_ROOT, 'bench', '.scratch', 'symbols-200k');
  if (existsSync(join(root, 'done'))) return root;
  rmSync(root, { recursive: true, force: true });
  let seed = 1;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = () => WORDS[Math.floor(rnd() * WORDS.length)];
  const cap = (s) => s[0].toUpperCase() + s.slice(1);
  for (let d = 0; d < 20; d++) {
    mkdirSync(join(root, `src/m${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) {
      let out = '';
      for (let i = 0; i < 100; i++)
        out += `export function ${pick()}${cap(pick())}${rnd() < 0.5 ? cap(pick()) : ''}${i % 7}(a: number): number {\n  return a + ${i};\n}\n`;
      writeFileSync(join(root, `src/m${d}/f${f}.ts`), out);
    }
  }
  writeFileSync(join(root, 'done'), '');
  return root;
}

/** The server ends an idle index thread after 10 s (WORKER_IDLE_MS in server/engine/folder-index.ts). */
const SETTLE_MS = 15_000;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

/** Indexes `root` in a fresh server, sampling a trivial request's round trip meanwhile. */
async function indexAndProbe(root, timeoutMs) {
  rmSync(join(root, '.codeindex'), { recursive: true, force: true });
  const server = await startServer([root]);
  const lag = [];
  let idle = false;
  const probing = (async () => {
    while (!idle) {
      const t = performance.now();
      await server.request('codeIndex/status');
      lag.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  const started = performance.now();
  const status = await server.waitIdle(timeoutMs);
  idle = true;
  await probing;
  log(
    `${root}: ${status.folders[0].files} files, ${status.folders[0].symbols} symbols in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  return { server, status: status.folders[0], lag: summarize(lag), seconds: (performance.now() - started) / 1000 };
}

async function symbolLatency(server) {
  const samples = [];
  for (const name of CTRL_T_NAMES) {
    for (let n = 1; n <= name.length; n++) {
      const t = performance.now();
      await server.request('workspace/symbol', { query: name.slice(0, n) });
      samples.push(performance.now() - t);
    }
  }
  return summarize(samples);
}

const result = {};
const symbols = await indexAndProbe(symbolWorkspace(), 30 * 60_000);
// The first keystroke right after the first pass: the server has the readers load the names as the
// pass ends, so this waits at most for the rest of that.
const firstStarted = performance.now();
await symbols.server.request('workspace/symbol', { query: 'p' });
const firstKeystrokeMs = Math.round(performance.now() - firstStarted);
await symbolLatency(symbols.server); // makes sure both readers hold the names before timing
result.symbols200k = {
  symbols: symbols.status.symbols,
  firstKeystrokeMs,
  workspaceSymbolMs: await symbolLatency(symbols.server),
  indexSeconds: Math.round(symbols.seconds),
  requestLagWhileIndexingMs: symbols.lag,
};
result.symbols200k.rssAfterQueriesMb = Math.round(rssMb(symbols.server.child.pid));
await settle();
result.symbols200k.idleRssMb = Math.round(rssMb(symbols.server.child.pid));
await symbols.server.stop();
log(
  `workspace/symbol on ${result.symbols200k.symbols} symbols: p50 ${result.symbols200k.workspaceSymbolMs.p50} ms, p95 ${result.symbols200k.workspaceSymbolMs.p95} ms, p99 ${result.symbols200k.workspaceSymbolMs.p99} ms`,
);

if (process.argv.includes('--corpus')) {
  const corpus = await indexAndProbe(ensureLargeCorpus(log).root, 30 * 60_000);
  const justIdle = Math.round(rssMb(corpus.server.child.pid));
  // Ctrl+T and a search first, so the readers hold what they keep while the editor is in use.
  await corpus.server.request('workspace/symbol', { query: 'parse' });
  await corpus.server.request('codeIndex/search', { query: 'parse a config file' });
  await settle();
  result.corpus = {
    files: corpus.status.files,
    chunks: corpus.status.chunks,
    indexSeconds: Math.round(corpus.seconds),
    requestLagWhileIndexingMs: corpus.lag,
    rssJustIdleMb: justIdle,
    idleRssMb: Math.round(rssMb(corpus.server.child.pid)),
  };
  await corpus.server.stop();
}
console.log(JSON.stringify(result, null, 2));
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, `editor-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
