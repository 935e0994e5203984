// Definition names at a million symbols, builds side by side on the same tree: `symbols QUERY` as a
// process with no server, Ctrl+T (workspace/symbol) through the real language server, and the resident
// memory of the language server and of `code-index serve` once idle, with and without Ctrl+T use.
//
//   node bench/names-scale.mjs LABEL=DIST_DIR=FOLDER ... [--names 10] [--every 3]
//
// Each FOLDER must hold an index its build wrote (schemas differ between versions). The names typed
// are taken by rule from the first folder's index: --names names at evenly spaced symbol ids, 6 to 24
// characters long, each typed one key at a time; the CLI runs every --every-th of those prefixes,
// the builds taking turns query by query. The servers run one at a time.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summarize } from './lib/stats.mjs';
import { runCliAt } from './lib/names-cli.mjs';
import { startServer } from '../test/server/lsp-client.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { names: { type: 'string', default: '10' }, every: { type: 'string', default: '3' } },
});
if (positionals.length === 0) {
  console.error('usage: node bench/names-scale.mjs LABEL=DIST_DIR=FOLDER ... [--names 10] [--every 3]');
  process.exit(2);
}
const log = (line) => process.stderr.write(`${line}\n`);
const builds = positionals.map((spec) => {
  const [label, dist, folder] = spec.split('=');
  return { label, dist: resolve(dist), folder: resolve(folder) };
});
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');

/** --names names spread evenly over the symbol ids of the first folder's index. */
function sampleNames(folder, count) {
  const db = new Database(join(folder, '.codeindex', 'index.db'), { readonly: true });
  const pick = db.prepare('SELECT name FROM symbols WHERE length(name) BETWEEN 6 AND 24 ORDER BY id LIMIT 1 OFFSET ?');
  const { n } = db.prepare('SELECT count(*) AS n FROM symbols WHERE length(name) BETWEEN 6 AND 24').get();
  const names = Array.from({ length: count }, (_, i) => pick.get(Math.floor(((i + 0.5) * n) / count)).name);
  const symbols = db.prepare('SELECT count(*) AS n FROM symbols').get().n;
  db.close();
  return { names, symbols };
}

const statusKb = (pid, field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
const rssMb = (pid) => Math.round(statusKb(pid, 'VmRSS') / 1024);
/** Resident memory split: anonymous (heaps, SQLite's caches) and file-backed (code, mapped files). */
const rssSplit = (pid) => ({ anonMb: Math.round(statusKb(pid, 'RssAnon') / 1024), fileMb: Math.round(statusKb(pid, 'RssFile') / 1024) });
/** The index thread ends after 10 s without a job (WORKER_IDLE_MS in server/engine/folder-index.ts). */
const settle = () => new Promise((r) => setTimeout(r, 15_000));

async function cliLatency(prefixes) {
  const samples = new Map(builds.map((b) => [b.label, []]));
  for (const q of prefixes) {
    for (const b of builds) {
      const run = await runCliAt(join(b.dist, 'cli.js'), ['symbols', '--dir', b.folder, '-k', '100', '--', q], {
        CODE_INDEX_NO_SERVER: '1',
      });
      if (run.code !== 0) throw new Error(`${b.label}: symbols ${q} failed: ${run.stderr}`);
      samples.get(b.label).push(run.ms);
    }
  }
  return Object.fromEntries([...samples].map(([label, s]) => [label, summarize(s)]));
}

async function serverFigures(build, keystrokes) {
  const server = await startServer([build.folder], { serverJs: join(build.dist, 'server.js') });
  await server.waitIdle(30 * 60_000);
  await settle();
  const idleBeforeCtrlT = rssMb(server.child.pid);
  const time = async () => {
    const samples = [];
    for (const query of keystrokes) {
      const started = performance.now();
      await server.request('workspace/symbol', { query });
      samples.push(performance.now() - started);
    }
    return summarize(samples);
  };
  const first = await time(); // the readers' first queries: each loads what it keeps
  const ctrlT = await time();
  const afterCtrlT = rssMb(server.child.pid);
  await settle();
  const idleAfterCtrlT = rssMb(server.child.pid);
  const split = rssSplit(server.child.pid);
  await server.stop();
  return { ctrlTFirstRound: first, ctrlT, rssMb: { idleBeforeCtrlT, afterCtrlT, idleAfterCtrlT, ...split } };
}

/** `code-index serve FOLDER` as a user starts it: idle memory, then after served `symbols` queries. */
async function serveFigures(build, prefixes) {
  const child = spawn(process.execPath, [join(build.dist, 'cli.js'), 'serve', build.folder], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
  while (!/ready: /.test(stderr)) await new Promise((r) => setTimeout(r, 200));
  await settle();
  const idle = rssMb(child.pid);
  for (const q of prefixes) await runCliAt(join(build.dist, 'cli.js'), ['symbols', '--dir', build.folder, '-k', '100', '--', q]);
  await settle();
  const idleAfterQueries = rssMb(child.pid);
  child.kill('SIGINT');
  await new Promise((r) => child.on('exit', r));
  return { idle, idleAfterQueries };
}

const { names, symbols } = sampleNames(builds[0].folder, Number(values.names));
const keystrokes = names.flatMap((name) => Array.from({ length: name.length }, (_, i) => name.slice(0, i + 1)));
const cliPrefixes = keystrokes.filter((_, i) => i % Number(values.every) === 0);
log(`${symbols} symbols; names typed: ${names.join(', ')} (${keystrokes.length} keystrokes, ${cliPrefixes.length} CLI runs per build)`);
const result = { symbols, names, cli: await cliLatency(cliPrefixes), server: {}, serve: {} };
for (const b of builds) {
  log(`${b.label}: language server`);
  result.server[b.label] = await serverFigures(b, keystrokes);
  log(`${b.label}: serve`);
  result.serve[b.label] = await serveFigures(b, cliPrefixes.slice(0, 10));
}
for (const b of builds) {
  const c = result.cli[b.label];
  const s = result.server[b.label];
  console.log(
    `${b.label}: symbols process p50 ${c.p50} ms p95 ${c.p95} ms; Ctrl+T p50 ${s.ctrlT.p50} ms p95 ${s.ctrlT.p95} ms ` +
      `(first round p95 ${s.ctrlTFirstRound.p95} ms); server RSS idle ${s.rssMb.idleBeforeCtrlT} MB, after Ctrl+T ${s.rssMb.afterCtrlT} MB, ` +
      `idle after ${s.rssMb.idleAfterCtrlT} MB; serve idle ${result.serve[b.label].idle} MB, after queries ${result.serve[b.label].idleAfterQueries} MB`,
  );
}
console.log(JSON.stringify(result, null, 2));
