// Search latency on >= 10,000 files with every chunk embedded: hybrid (and each single mode) in
// process, quiet and while an indexer and an embedder write; ripgrep on the same queries and tree
// as the reference; and a whole `code-index search` process from start to exit, on its own and
// answered by the language server running for the folder.
//
//   node bench/search-latency.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureLargeCorpus } from './corpus.mjs';
import { CLI_PATH, loadCore, RESULTS_DIR } from './lib/env.mjs';
import { runCli, startCli, startIndexLoop } from './lib/cli-process.mjs';
import { startServer } from '../test/server/lsp-client.mjs';
import { QUERIES, K } from './lib/queries.mjs';
import { summarize } from './lib/stats.mjs';

const core = loadCore();
const log = (line) => process.stderr.write(`${line}\n`);
const ROUNDS = 4;

const corpus = ensureLargeCorpus(log);
const root = corpus.root;
rmSync(join(root, '.codeindex'), { recursive: true, force: true });
const cli = (...args) => {
  const out = execFileSync(process.execPath, [CLI_PATH, ...args, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(out);
};
const indexed = cli('index', root);
const embedded = cli('embed', root);
const status = cli('status', root);
log(`indexed ${status.files} files, ${status.chunks} chunks; embedded ${embedded.embedded} in ${embedded.seconds} s`);

const ws = core.openWorkspace(root, { role: 'reader' });
const provider = new core.BuiltinEmbeddingProvider();

async function timeQueries(mode) {
  const samples = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const q of QUERIES) {
      const t = performance.now();
      const [queryVector] = mode === 'text' || mode === 'symbol' ? [null] : await provider.embed([q], 'query');
      core.search(ws.index.conn, q, { mode, k: K, queryVector });
      samples.push(performance.now() - t);
    }
  }
  return summarize(samples);
}

// The server's readers keep the symbol-name list between queries; the first query on a fresh
// connection loads it, timed on its own here.
const firstStarted = performance.now();
core.search(ws.index.conn, QUERIES[0], { mode: 'hybrid', k: K, queryVector: (await provider.embed([QUERIES[0]], 'query'))[0] });
const firstQueryMs = Math.round(performance.now() - firstStarted);
const quiet = {};
for (const mode of ['hybrid', 'text', 'semantic', 'symbol']) quiet[mode] = await timeQueries(mode);
log(`quiet hybrid p50 ${quiet.hybrid.p50} ms, p99 ${quiet.hybrid.p99} ms`);

// A whole `code-index search` process, start to exit: on its own (it opens the index itself), and
// with the language server running for the folder (the editor open), which answers it over the
// query socket. The floor under any Node CLI on this machine: a process that starts Node and exits.
const cliAlone = await cliProcesses({ CODE_INDEX_NO_SERVER: '1' });
const server = await startServer([root]);
await server.waitIdle(600_000);
const traced = await runCli(['search', QUERIES[0], '--dir', root, '--json'], { CODE_INDEX_TRACE: '1' });
if (!traced.stderr.includes('answered by the server')) throw new Error(`the server did not answer: ${traced.stderr}`);
const cliServed = await cliProcesses({});
await server.stop();
const nodeSamples = [];
for (let i = 0; i < QUERIES.length; i++) {
  const t = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  nodeSamples.push(performance.now() - t);
}
const bareNode = summarize(nodeSamples);
log(
  `CLI search process median: alone ${cliAlone.p50} ms, answered by the language server ${cliServed.p50} ms; bare node ${bareNode.p50} ms`,
);

// The server must print what the CLI prints on its own: any query whose output differs is listed.
const differing = QUERIES.filter((q, i) => cliAlone.outputs[i] !== cliServed.outputs[i]);
if (differing.length) log(`served output differs from the CLI's own for: ${differing.join(', ')}`);

async function cliProcesses(env) {
  const samples = [];
  const outputs = [];
  for (const q of QUERIES) {
    const run = await runCli(['search', q, '--dir', root, '-k', String(K), '--json'], env);
    if (run.code !== 0) throw new Error(`code-index search failed: ${run.stderr}`);
    samples.push(run.ms);
    outputs.push(run.stdout);
  }
  return Object.defineProperty(summarize(samples), 'outputs', { value: outputs, enumerable: false });
}

// The same while an indexer rewrites everything and an embedder keeps up.
const writer = startIndexLoop(root);
const embedder = startCli(['embed', '--daemon', root]);
const busy = { hybrid: await timeQueries('hybrid'), semantic: await timeQueries('semantic') };
await writer.stop();
embedder.child.kill('SIGTERM');
const embedderExit = await embedder.done;
log(`busy hybrid p50 ${busy.hybrid.p50} ms, p99 ${busy.hybrid.p99} ms (embedder exit ${embedderExit.code})`);

// ripgrep: the same queries (each word, case-insensitive, any order is beyond rg: the first word).
const rgSamples = [];
for (let r = 0; r < ROUNDS; r++) {
  for (const q of QUERIES) {
    const t = performance.now();
    spawnSync('rg', ['-i', '-l', '--max-count', '1', q.split(' ')[0], root], { stdio: 'ignore' });
    rgSamples.push(performance.now() - t);
  }
}
const rg = summarize(rgSamples);

ws.close();

const result = {
  files: status.files,
  chunks: status.chunks,
  embedded: status.embedded,
  firstQueryMs,
  quiet,
  busy,
  rg,
  cliProcess: { alone: cliAlone, served: cliServed, servedOutputDiffers: differing.length },
  bareNode,
  indexSeconds: indexed.seconds,
};
console.log(JSON.stringify(result, null, 2));
console.log(
  `\nhybrid p50/p99: quiet ${quiet.hybrid.p50}/${quiet.hybrid.p99} ms, while writing ${busy.hybrid.p50}/${busy.hybrid.p99} ms; ` +
    `rg p50 ${rg.p50} ms; whole CLI search process median ${cliAlone.p50} ms alone, ${cliServed.p50} ms answered by the language server (bare \`node -e 0\` ${bareNode.p50} ms)`,
);
mkdirSync(RESULTS_DIR, { recursive: true });
writeFileSync(join(RESULTS_DIR, `search-latency-${new Date().toISOString().slice(0, 10)}.json`), `${JSON.stringify(result, null, 2)}\n`);
