// Tool-call latency of `code-index mcp` as an agent sees it: a real SDK Client over
// StdioClientTransport spawning the built CLI on the 12k-file benchmark corpus (a copy of its packages,
// indexed and embedded with the builtin model), each tool called on a sample chosen by rule, with no
// server for the folder and answered by a running `code-index serve`, the two interleaved call by
// call in one run. Beside each answer's size it prints what `rg -n` plus reading the matched files
// whole would have put in the agent's context for the same question.
//
//   node bench/mcp-latency.mjs [--rounds N]      (default 3 rounds, after one warm-up round)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ensureLargeCorpus, folderName } from './corpus.mjs';
import { CLI_PATH, loadCore, REPO_ROOT, RESULTS_DIR } from './lib/env.mjs';
import { startCli } from './lib/cli-process.mjs';
import { QUERIES, K } from './lib/queries.mjs';
import { summarize, round } from './lib/stats.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
const roundsArg = process.argv.indexOf('--rounds');
const ROUNDS = roundsArg > 0 ? Number(process.argv[roundsArg + 1]) : 3;
/** Items per tool drawn from the index (search uses bench/lib/queries.mjs instead). */
const SAMPLE = 20;
/** Names shorter than this are mostly noise words for grep (get, run, map) and for the index alike. */
const MIN_NAME = 6;
// LSP SymbolKind: the definitions an agent asks about by name.
const CLASS = 5;
const METHOD = 6;
const FUNCTION = 12;

const core = loadCore();
const root = prepareCorpus();
const sample = drawSample(root);
log(
  `sample: ${Object.entries(sample)
    .map(([tool, items]) => `${tool} ${items.length}`)
    .join(', ')}`,
);

const direct = await connect(root, { CODE_INDEX_NO_SERVER: '1' });
const serve = startCli(['serve', root]);
const served = await connect(root, {});
await waitServed(served, serve);

// The floor under a served search: the same query run in this process on one warm reader connection
// (hybrid, the query embedded by the builtin model), timed beside the two clients.
const floor = { ws: core.openWorkspace(root, { role: 'reader' }), provider: new core.BuiltinEmbeddingProvider(), ms: [] };
const results = {};
for (const [tool, items] of Object.entries(sample)) results[tool] = await measureTool(tool, items);
floor.ws.close();
await Promise.all([direct.close(), served.close()]);
serve.child.kill('SIGINT');
await serve.done;

report(results);

/**
 * A copy of the corpus' package folders under bench/.scratch, indexed and embedded there. A real copy,
 * not hard links, and no dot-folder: the cached corpus is shared with other benches, and a linked
 * `.codeindex/index.db` would be the same file as theirs.
 */
function prepareCorpus() {
  const corpus = ensureLargeCorpus(log);
  const copy = join(REPO_ROOT, 'bench', '.scratch', 'mcp-corpus');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  // Only the packages the corpus names: whatever else another bench left in the cache stays out.
  for (const spec of corpus.packages) execFileSync('cp', ['-r', join(corpus.root, folderName(spec)), copy]);
  if (existsSync(join(copy, '.codeindex'))) throw new Error(`${copy} has an index before this bench made one`);
  for (const step of ['index', 'embed']) {
    const t = performance.now();
    const run = spawnSync(process.execPath, [CLI_PATH, step, copy, '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`code-index ${step} failed:\n${run.stderr}`);
    log(`${step}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return copy;
}

/** Every n-th of a sorted list, so that the sample spreads over the whole list and names no favourite. */
function spread(list, n) {
  const step = Math.max(1, Math.floor(list.length / n));
  return list.filter((_, i) => i % step === 0).slice(0, n);
}

function drawSample(dir) {
  const ws = core.openWorkspace(dir, { role: 'reader' });
  const all = (sql) => ws.index.conn.prepare(sql).all();
  try {
    const names = all(
      `SELECT DISTINCT name FROM symbols WHERE kind IN (${CLASS}, ${METHOD}, ${FUNCTION}) AND length(name) >= ${MIN_NAME} ORDER BY name`,
    ).map((r) => r.name);
    const called = all(`SELECT DISTINCT callee FROM calls WHERE length(callee) >= ${MIN_NAME} ORDER BY callee`).map((r) => r.callee);
    const callers = all(`SELECT DISTINCT caller FROM calls WHERE caller IS NOT NULL AND length(caller) >= ${MIN_NAME} ORDER BY caller`).map(
      (r) => r.caller,
    );
    const files = all('SELECT path FROM files f WHERE EXISTS (SELECT 1 FROM symbols s WHERE s.file_id = f.id) ORDER BY path').map(
      (r) => r.path,
    );
    const picked = spread(names, SAMPLE);
    const paths = spread(files, SAMPLE);
    return {
      search: QUERIES.map((query) => ({ query, k: K })),
      symbols: picked.map((query) => ({ query })),
      definition: picked.map((name) => ({ name })),
      callers: spread(called, SAMPLE).map((name) => ({ name })),
      impact: spread(called, SAMPLE).map((name) => ({ name })),
      callees: spread(callers, SAMPLE).map((name) => ({ name })),
      outline: paths.map((path) => ({ path })),
      read: paths.map((path) => ({ path })),
      status: Array.from({ length: SAMPLE }, () => ({})),
    };
  } finally {
    ws.close();
  }
}

async function connect(dir, env) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, 'mcp', dir],
    env: { ...process.env, ...env },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'code-index-bench', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** Until the served client's status says the serve process answers and has nothing pending. */
async function waitServed(client, serveRun) {
  for (let i = 0; i < 1200; i++) {
    const status = (await client.callTool({ name: 'status', arguments: {} })).structuredContent;
    if (status?.answeredBy === 'server' && status.pending === 0) return;
    if (serveRun.child.exitCode !== null) throw new Error('code-index serve exited before it answered');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('code-index serve never answered the status tool');
}

async function timedCall(client, name, args) {
  const t = performance.now();
  const result = await client.callTool({ name, arguments: args });
  const ms = performance.now() - t;
  const text = result.content.map((c) => c.text ?? '').join('\n');
  return { ms, bytes: Buffer.byteLength(text), isError: result.isError === true, answeredBy: result.structuredContent?.answeredBy };
}

/** Both clients on every item, in alternating order (one warm-up round not counted). */
async function measureTool(tool, items) {
  const direct_ = [];
  const served_ = [];
  const answerBytes = [];
  let errors = 0;
  let servedByServer = 0;
  for (let round = 0; round <= ROUNDS; round++) {
    for (const [i, args] of items.entries()) {
      const pair = (round + i) % 2 === 0 ? [direct, served] : [served, direct];
      const [first, second] = [await timedCall(pair[0], tool, args), await timedCall(pair[1], tool, args)];
      const [a, b] = pair[0] === direct ? [first, second] : [second, first];
      const inProcess = tool === 'search' ? await searchInProcess(args) : null;
      if (round === 0) continue;
      if (inProcess !== null) floor.ms.push(inProcess);
      direct_.push(a.ms);
      served_.push(b.ms);
      if (round === 1) {
        answerBytes.push(b.bytes);
        if (a.isError || b.isError) errors++;
        if (b.answeredBy === 'server') servedByServer++;
      }
    }
  }
  const reference = items.map((args) => referenceBytes(tool, args));
  log(`${tool}: direct p50 ${summarize(direct_).p50} ms, served p50 ${summarize(served_).p50} ms`);
  return { direct: summarize(direct_), served: summarize(served_), answerBytes, reference, errors, servedByServer, items: items.length };
}

async function searchInProcess(args) {
  const t = performance.now();
  const [queryVector] = await floor.provider.embed([args.query], 'query');
  core.search(floor.ws.index.conn, args.query, { mode: 'hybrid', k: args.k, queryVector });
  return performance.now() - t;
}

/**
 * What grep-and-read would have cost: `rg -n` output, and the same plus every matched file read
 * whole; for outline and read, the file read whole. A search's words are matched as one identifier or
 * phrase in any case and with any separator (`source map` finds sourceMap, source_map, source-map), a
 * name as a whole word.
 */
function referenceBytes(tool, args) {
  if (tool === 'status') return null;
  if (tool === 'outline' || tool === 'read') {
    const size = statSync(join(root, args.path)).size;
    return { rg: null, withFiles: size };
  }
  const escape = (w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const flags =
    tool === 'search'
      ? ['-i', '-e', args.query.split(/\s+/).map(escape).join('[\\s_-]?')]
      : [
          '-w',
          '-F',
          '-e',
          String(args.query ?? args.name)
            .split('.')
            .at(-1),
        ];
  const lines = spawnSync('rg', ['-n', ...flags, '.'], { cwd: root, maxBuffer: 1 << 30 });
  const files = spawnSync('rg', ['-l', ...flags, '.'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  const paths = files.stdout.split('\n').filter(Boolean);
  return { rg: lines.stdout.length, withFiles: lines.stdout.length + paths.reduce((sum, p) => sum + statSync(join(root, p)).size, 0) };
}

function report(all) {
  const rows = [];
  const table = [
    '| tool | items | no server p50 / p99 (ms) | with `serve` p50 / p99 (ms) | answered by serve | answer bytes p50 (total) | `rg -n` bytes p50 (total) | `rg -n` + matched files read, p50 (total) | answer / rg+files (totals) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const cell = (xs) => (xs.length ? `${summarize(xs).p50} (${sum(xs)})` : 'n/a');
  for (const [tool, r] of Object.entries(all)) {
    const refs = r.reference.filter((x) => x !== null);
    const rg = refs.map((x) => x.rg).filter((x) => x !== null);
    const withFiles = refs.map((x) => x.withFiles);
    const answerTotal = sum(r.answerBytes);
    const share = withFiles.length ? `${round((100 * answerTotal) / sum(withFiles), 3)}%` : 'n/a';
    rows.push({
      tool,
      ...r,
      answerBytesP50: summarize(r.answerBytes).p50,
      answerBytesTotal: answerTotal,
      rgTotal: sum(rg),
      rgWithFilesTotal: sum(withFiles),
    });
    table.push(
      `| ${tool} | ${r.items} | ${r.direct.p50} / ${r.direct.p99} | ${r.served.p50} / ${r.served.p99} | ${r.servedByServer}/${r.items} | ` +
        `${cell(r.answerBytes)} | ${cell(rg)} | ${cell(withFiles)} | ${share} |`,
    );
  }
  const searchP50 = all.search.served.p50;
  const inProcess = summarize(floor.ms);
  const result = {
    searchInProcess: inProcess,
    when: new Date().toISOString(),
    rounds: ROUNDS,
    sample: SAMPLE,
    bar: { searchServedP50Ms: searchP50, met: searchP50 <= 50 },
    tools: rows.map(({ answerBytes: _a, reference: _r, ...row }) => row),
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'mcp-latency.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(table.join('\n'));
  console.log(`search in process on one warm reader (the floor under a served search): p50 ${inProcess.p50} ms, p99 ${inProcess.p99} ms`);
  console.log(
    `\nbar: search p50 with serve ${searchP50} ms (<= 50 ms: ${searchP50 <= 50 ? 'met' : 'NOT met'}); tool errors: ${rows.map((r) => `${r.tool} ${r.errors}`).join(', ')}`,
  );
  console.log(
    `rounds ${ROUNDS} (after one warm-up round), ${rows.reduce((a, r) => a + r.direct.n + r.served.n, 0)} timed calls; load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
}
