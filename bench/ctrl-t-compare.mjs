// Ctrl+T's ranking cost, two or more builds side by side in one process: each build's
// searchSymbols (the call a reader worker makes for workspace/symbol, k = 100) on every prefix of
// ten names as they are typed, on the 200,000-symbol workspace bench/editor.mjs builds, the builds
// taking turns round by round so both see the same machine. A ratio, not an absolute: the absolute
// figure over LSP is bench/editor.mjs's.
//
//   node bench/ctrl-t-compare.mjs LABEL=path/to/dist/core.js=path/to/indexed/folder[=list] ... [--rounds 5]
//
// `=list` has the connection keep the compact name list a server's reader keeps (holdNameList, from
// schema 5 on); without it a build from then on answers as a one-shot CLI does, from SQL alone.
//
// Each folder must be indexed by its build (schemas differ between versions): for example
// `cp -r bench/.scratch/symbols-200k /tmp/old && node OLD/dist/cli.js index /tmp/old`.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { summarize } from './lib/stats.mjs';
import { CTRL_T_NAMES } from './lib/queries.mjs';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '5' } } });
const K = 100;
const require = createRequire(import.meta.url);
if (positionals.length === 0) {
  console.error('usage: node bench/ctrl-t-compare.mjs LABEL=CORE_JS=FOLDER[=list] ... [--rounds 5]');
  process.exit(2);
}
const builds = positionals.map((spec) => {
  const [label, core, folder, mode] = spec.split('=');
  const c = require(resolve(core));
  const ws = c.openWorkspace(resolve(folder), { role: 'reader' });
  if (mode === 'list') c.holdNameList(ws.index.conn);
  return { label, c, conn: ws.index.conn, samples: [] };
});
const prefixes = CTRL_T_NAMES.flatMap((name) => Array.from({ length: name.length }, (_, i) => name.slice(0, i + 1)));
for (const b of builds) for (const q of prefixes) b.c.searchSymbols(b.conn, q, K); // loads the names, warms the JIT
for (let round = 0; round < Number(values.rounds); round++) {
  for (const b of builds) {
    for (const q of prefixes) {
      const started = performance.now();
      b.c.searchSymbols(b.conn, q, K);
      b.samples.push(performance.now() - started);
    }
  }
}
const base = summarize(builds[0].samples);
for (const b of builds) {
  const s = summarize(b.samples);
  console.log(
    `${b.label}: n ${s.n} p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms (p50 x${(s.p50 / base.p50).toFixed(2)}, p95 x${(s.p95 / base.p95).toFixed(2)} of ${builds[0].label})`,
  );
}
