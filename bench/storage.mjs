#!/usr/bin/env node
// The Foundation benchmark: how fast the CLI indexes a real corpus, how many reads per second the
// reader pool answers with and without a writer committing, and how long this process's event loop
// stalls while it answers queries during an index pass, for our design and for one connection
// doing everything on the main thread. Every figure is printed beside a reference from the same run.
//
//   npm run build && node bench/storage.mjs            about 5 minutes on 2 quiet cores, 7 on busy ones
//   node bench/storage.mjs --quick                     shorter windows (figures are rougher)
//   options: --read-seconds N (each reads window), --lag-seconds N (each lag window), --cold-runs N
//
// The corpus (bench/corpus.mjs) is fetched once with npm pack into bench/.corpus/. Results are
// printed and written to bench/results/storage-<date>.json.
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './corpus.mjs';
import { loadCore, machineFacts } from './lib/env.mjs';
import { measureIndexing } from './lib/phase-index.mjs';
import { measureLag, QUERY_RATE } from './lib/phase-lag.mjs';
import { measureReads } from './lib/phase-reads.mjs';
import { QUERIES } from './lib/queries.mjs';
import { writeResults } from './lib/report.mjs';
import { printIndexing, printLag, printReads, printSummary, summaryRows } from './lib/storage-summary.mjs';

const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'read-seconds': { type: 'string' },
    'lag-seconds': { type: 'string' },
    'cold-runs': { type: 'string' },
  },
});

function seconds(name, fallback) {
  const raw = opts[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number of seconds (got "${raw}").`);
  return n;
}

const settings = {
  readSeconds: seconds('read-seconds', opts.quick ? 4 : 10),
  lagSeconds: seconds('lag-seconds', opts.quick ? 6 : 20),
  coldRuns: Math.round(seconds('cold-runs', 1)),
  readerSizes: [1, 2],
  queryRate: QUERY_RATE,
  queries: QUERIES,
};

const log = (line) => process.stderr.write(`${line}\n`);
/** The 1-minute load average: other work on the machine shows in every figure, so it is recorded. */
const loadNow = () => Number(loadavg()[0].toFixed(2));

async function main() {
  const started = performance.now();
  const loadAverageAtStart = loadNow();
  const core = loadCore();
  if (loadAverageAtStart > cpus().length) {
    log(`Warning: load average ${loadAverageAtStart} on ${cpus().length} cores: other work is running, and every figure will show it.`);
  }
  const corpus = ensureCorpus(log);
  log(`Corpus: ${corpus.files} files, ${(corpus.bytes / 2 ** 20).toFixed(1)} MB in ${corpus.root}`);

  const loadAfter = {};
  log('Phase 1: indexing');
  const indexing = await measureIndexing(core, corpus, { coldRuns: settings.coldRuns });
  printIndexing(indexing, corpus);
  loadAfter.indexing = loadNow();
  const { dbPath } = indexing;

  log('Phase 2: reads per second');
  const reads = await measureReads(core, { root: corpus.root, dbPath, sizes: settings.readerSizes, seconds: settings.readSeconds, log });
  printReads(reads);
  loadAfter.reads = loadNow();

  log('Phase 3: event-loop lag');
  const lag = await measureLag(core, { root: corpus.root, dbPath, seconds: settings.lagSeconds, log });
  printLag(lag, settings.queryRate);
  loadAfter.lag = loadNow();
  process.stdout.write(
    `\nLoad average (1 min) after each phase: indexing ${loadAfter.indexing}, reads ${loadAfter.reads}, lag ${loadAfter.lag} (${cpus().length} cores).\n`,
  );

  const summary = summaryRows({ indexing, reads, lag });
  printSummary(summary);
  const totalSeconds = Math.round((performance.now() - started) / 1000);
  const file = writeResults('storage', {
    date: new Date().toISOString(),
    command: `node bench/storage.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    totalSeconds,
    machine: { ...machineFacts(), loadAverageAtStart, loadAverageAfter: loadAfter },
    settings,
    corpus,
    indexing,
    reads,
    lag,
    summary,
  });
  process.stdout.write(`\nTotal ${totalSeconds} s. Results: ${file}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench/storage.mjs: ${err.stack ?? err}\n`);
  process.exitCode = 1;
});
