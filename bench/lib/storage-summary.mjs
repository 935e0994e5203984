// Turns the three phases' results of bench/storage.mjs into the tables it prints: one per phase,
// then the summary, where every figure stands beside a reference measured in the same run.
import { WRITERS } from './phase-reads.mjs';
import { printTable } from './report.mjs';
import { ratio, round } from './stats.mjs';

const percent = (share) => `${Math.round(share * 100)}%`;

const INDEX_COLUMNS = ['run', 'files', 'MB', 'wall s', 'cores used', 'files/s', 'MB/s', 'files/CPU-s', 'db MB'];
const READ_COLUMNS = [
  'workers',
  'writer',
  'reads/s',
  'cores used',
  'reads/CPU-s',
  'search p50',
  'search p99',
  'status p99',
  'commits',
  'max WAL MB',
  'errors',
];
const LAG_COLUMNS = [
  'setup',
  'cores used',
  'loop busy',
  'stalled',
  'lag p50',
  'lag p99',
  'lag max',
  'query p50',
  'query p99',
  'query max',
  'answered',
  'writer files/s',
];

export function printIndexing(ix, corpus) {
  printTable(`Indexing: ${corpus.files} corpus files, ${(corpus.bytes / 2 ** 20).toFixed(1)} MB on disk`, INDEX_COLUMNS, [
    [
      'read+hash+decode, 1 thread (reference)',
      ix.reference.files,
      ix.reference.mb,
      ix.reference.seconds,
      ix.reference.coresUsed,
      ix.reference.filesPerSec,
      ix.reference.mbPerSec,
      ix.reference.filesPerCpuSec,
      null,
    ],
    ...ix.cold.map((r, i) => indexRow(`cold index, fresh db (run ${i + 1})`, r)),
    indexRow('forced re-index over the full db', ix.reindex),
  ]);
}

function indexRow(label, r) {
  return [label, r.files, r.mb, r.wallSeconds, r.coresUsed, r.filesPerSec, r.mbPerSec, r.filesPerCpuSec, r.dbMb];
}

export function printReads(rows) {
  printTable(
    'Reads through the reader pool (90% search, 10% status; 2 requests in flight per worker)',
    READ_COLUMNS,
    rows.map((r) => [
      r.workers,
      WRITERS[r.writer],
      r.opsPerSec,
      r.coresUsed,
      r.opsPerCpuSec,
      r.latencyMs.search.p50,
      r.latencyMs.search.p99,
      r.latencyMs.status.p99,
      r.writerCommits,
      r.maxWalMb,
      r.errors,
    ]),
  );
}

export function printLag(rows, rate) {
  printTable(
    `Event-loop lag of the querying process (${rate} searches/s; latency from when each was due; ms)`,
    LAG_COLUMNS,
    rows.map((r) => [
      r.name,
      r.coresUsed,
      percent(r.lagMs.busy),
      percent(r.lagMs.stalled),
      r.lagMs.p50,
      r.lagMs.p99,
      r.lagMs.max,
      r.queryLatencyMs.p50,
      r.queryLatencyMs.p99,
      r.queryLatencyMs.max,
      `${r.answered}/${r.asked}`,
      r.writer === 'none' ? null : r.filesPerSec,
    ]),
  );
}

/** The headline rows: [measure, value, reference, value/reference]. */
export function summaryRows({ indexing: ix, reads, lag }) {
  const read = (workers, writer) => reads.find((r) => r.workers === workers && r.writer === writer);
  const setup = (name) => lag.find((r) => r.name === name);
  const single = setup('one connection + writes');
  const rows = [
    ['cold index files/s (vs read+hash, 1 thread)', ix.coldBest.filesPerSec, ix.reference.filesPerSec],
    ['cold index MB/s (vs read+hash, 1 thread)', ix.coldBest.mbPerSec, ix.reference.mbPerSec],
    ['cold index files per CPU-second (vs read+hash)', ix.coldBest.filesPerCpuSec, ix.reference.filesPerCpuSec],
    ['forced re-index files/s (vs cold)', ix.reindex.filesPerSec, ix.coldBest.filesPerSec],
  ];
  for (const workers of [...new Set(reads.map((r) => r.workers))]) {
    for (const writer of ['index', 'commits']) {
      rows.push([
        `reads/s, ${workers} worker(s), ${WRITERS[writer]} (vs no writer)`,
        read(workers, writer)?.opsPerSec,
        read(workers, 'none')?.opsPerSec,
      ]);
      rows.push([
        `reads per CPU-s, ${workers} worker(s), ${WRITERS[writer]} (vs no writer)`,
        read(workers, writer)?.opsPerCpuSec,
        read(workers, 'none')?.opsPerCpuSec,
      ]);
    }
  }
  const most = Math.max(...reads.map((r) => r.workers));
  if (most > 1) rows.push([`reads/s, ${most} workers vs 1, no writer`, read(most, 'none')?.opsPerSec, read(1, 'none')?.opsPerSec]);
  for (const name of ['pool + writer process', 'pool + index worker thread', 'pool + writer on main thread']) {
    const s = setup(name);
    rows.push([`lag p99 ms, ${name} (vs one connection + writes)`, s.lagMs.p99, single.lagMs.p99]);
    rows.push([`lag max ms, ${name} (vs one connection + writes)`, s.lagMs.max, single.lagMs.max]);
    rows.push([
      `% of time stalled >= 50 ms, ${name} (vs one connection + writes)`,
      round(s.lagMs.stalled * 100, 1),
      round(single.lagMs.stalled * 100, 1),
    ]);
    rows.push([`query p99 ms, ${name} (vs one connection + writes)`, s.queryLatencyMs.p99, single.queryLatencyMs.p99]);
  }
  return rows.map(([measure, value, reference]) => ({ measure, value, reference, ratio: ratio(value, reference) }));
}

export function printSummary(rows) {
  printTable(
    'Summary (ratio = value / reference, both from this run)',
    ['measure', 'value', 'reference', 'ratio'],
    rows.map((r) => [r.measure, r.value, r.reference, r.ratio]),
  );
}
