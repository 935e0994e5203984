// Call-graph precision and recall of `code-index callers`, per tier, against the TypeScript
// compiler's own find-references on a real project's TypeScript sources.
//
//   node bench/callgraph.mjs [--package rxjs@7.8.2] [--under src] [--samples 150] [--misses 10]
//
// The package comes from npm (`npm pack` of the pinned version, unpacked into bench/.corpus-callgraph/);
// its `under` folder is copied to a temporary folder and indexed by the real CLI. The rule for a
// project: a mid-size library that ships its .ts sources. rxjs@7.8.2 is the one the resolver was
// tuned on; mobx@6.13.5 is the check it was not tuned on.
//
// Samples, by rule: the index's functions and methods outside .d.ts files in path and line order
// (one per file, container and name: overloads are one definition), every Nth of them with N chosen
// to give about --samples, kept when find-references finds at least one call of it.
// For each sample:
//   reference  the references TypeScript finds that are the callee of a call or `new` (path:line:col)
//   resolved   `callers NAME --json` sites labelled resolved whose target is this definition
//   name-only  that answer's name-only sites (they may belong to any definition of the name)
//   bare name  every call the index holds of that name: what `callers` answered before tiers
// Precision and recall are summed over the samples (micro-averaged).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureCorpus, folderName } from './corpus.mjs';
import { CLI_PATH, loadBetterSqlite, loadTypeScript, machineFacts, REPO_ROOT } from './lib/env.mjs';
import { printTable, writeResults } from './lib/report.mjs';
import { createReferenceService } from './lib/ts-references.mjs';

const CORPUS_DIR = join(REPO_ROOT, 'bench', '.corpus-callgraph');
const FUNCTION = 12;
const METHOD = 6;

const { values } = parseArgs({
  options: {
    package: { type: 'string', default: 'rxjs@7.8.2' },
    under: { type: 'string', default: 'src' },
    samples: { type: 'string', default: '150' },
    misses: { type: 'string', default: '10' },
  },
});
const wanted = Number(values.samples);
if (!Number.isInteger(wanted) || wanted < 1) fail(`--samples takes a whole number, not "${values.samples}"`);
if (!existsSync(CLI_PATH)) fail(`${CLI_PATH} is missing: run \`npm run build\` first.`);

const corpus = ensureCorpus((line) => console.error(line), [values.package], CORPUS_DIR);
const sources = join(corpus.root, folderName(values.package), values.under);
if (!existsSync(sources)) fail(`${values.package} ships no ${values.under}/ folder; pass --under with the folder of its .ts sources`);
const dir = mkdtempSync(join(tmpdir(), 'callgraph-'));
try {
  cpSync(sources, dir, { recursive: true });
  const env = { ...process.env, CODE_INDEX_NO_SERVER: '1' };
  const cli = (...args) => execFileSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 28 });
  cli('index', dir, '--json');
  const ts = loadTypeScript();
  const service = createReferenceService(ts, dir);
  const db = new (loadBetterSqlite())(join(dir, '.codeindex', 'index.db'), { readonly: true });
  const definitions = candidateDefinitions(db);
  const step = Math.max(1, Math.floor(definitions.length / wanted));
  const callersOf = memo((name) => JSON.parse(cli('callers', name, '--dir', dir, '--json')));
  const bareCalls = db.prepare('SELECT f.path, c.line, c.col FROM calls c JOIN files f ON f.id = c.file_id WHERE c.callee = ?');
  const totals = { samples: 0, reference: 0, tiers: {} };
  const perSample = [];
  /** Reference calls the bare name found and both tiers left out: resolved to another definition. */
  const leftOut = [];
  const count = (tier, ours, reference) => {
    const t = (totals.tiers[tier] ??= { found: 0, right: 0, reference: 0 });
    t.found += ours.size;
    t.reference += reference.size;
    for (const key of ours) if (reference.has(key)) t.right++;
  };
  for (let i = 0; i < definitions.length; i += step) {
    const d = definitions[i];
    const reference = service.callSitesOf(d.path, d.name_line, d.name_col);
    if (!reference || reference.size === 0) continue;
    totals.samples++;
    totals.reference += reference.size;
    const qualified = d.container === null ? d.name : `${d.container}.${d.name}`;
    const sites = callersOf(d.name);
    const key = (s) => `${s.path}:${s.line}:${s.col}`;
    const resolved = new Set(
      sites.filter((s) => s.tier === 'resolved' && s.target?.path === d.path && s.target.name === qualified).map(key),
    );
    const nameOnly = new Set(sites.filter((s) => s.tier === 'name-only').map(key));
    count('resolved', resolved, reference);
    count('name-only', nameOnly, reference);
    count('resolved + name-only', new Set([...resolved, ...nameOnly]), reference);
    const bare = new Set(bareCalls.all(d.name).map(key));
    count('bare name (before)', bare, reference);
    // Methods are mostly called on values whose type only the compiler knows; functions by name.
    const kind = d.kind === FUNCTION ? 'functions' : 'methods';
    count(`resolved, ${kind}`, resolved, reference);
    count(`bare name, ${kind}`, bare, reference);
    for (const k of bare) if (reference.has(k) && !resolved.has(k) && !nameOnly.has(k)) leftOut.push(`${k} (a call of ${qualified})`);
    const right = (set) => [...set].filter((k) => reference.has(k)).length;
    perSample.push({
      definition: `${d.path}:${d.start_line} ${qualified}`,
      reference: reference.size,
      resolved: right(resolved),
      nameOnly: right(nameOnly),
    });
  }
  db.close();
  report(values.package, { files: service.files, definitions: definitions.length, step }, totals);
  console.log(
    `\n${leftOut.length} reference calls left out of both tiers${leftOut.length ? `, such as:\n  ${leftOut.slice(0, Number(values.misses)).join('\n  ')}` : ''}`,
  );
  const misses = perSample.sort((a, b) => b.reference - b.resolved - (a.reference - a.resolved)).slice(0, Number(values.misses));
  printTable(
    'the samples with the most reference calls not resolved',
    ['definition', 'reference', 'resolved', 'name-only'],
    misses.map((m) => [m.definition, m.reference, m.resolved, m.nameOnly]),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Functions and methods outside .d.ts files, one per (file, container, name), in path and line order. */
function candidateDefinitions(db) {
  return db
    .prepare(
      `SELECT f.path, s.name, s.container, s.kind, MIN(s.start_line) AS start_line, s.name_line, s.name_col
      FROM symbols s JOIN files f ON f.id = s.file_id
      WHERE s.kind IN (${FUNCTION}, ${METHOD}) AND f.path NOT LIKE '%.d.ts'
      GROUP BY f.path, s.container, s.name ORDER BY f.path, start_line`,
    )
    .all();
}

function report(spec, shape, totals) {
  const pct = (a, b) => (b === 0 ? null : Number(((100 * a) / b).toFixed(1)));
  const rows = Object.entries(totals.tiers).map(([tier, t]) => [tier, t.found, t.right, pct(t.right, t.found), pct(t.right, t.reference)]);
  console.log(
    `${spec}: ${shape.files} .ts files, ${shape.definitions} functions and methods, every ${shape.step}th sampled -> ` +
      `${totals.samples} with at least one call; ${totals.reference} reference call sites`,
  );
  printTable(`callers against TypeScript find-references (${spec})`, ['tier', 'sites', 'right', 'precision %', 'recall %'], rows);
  const path = writeResults(`callgraph-${folderName(spec)}`, { spec, ...shape, ...totals, machine: machineFacts() });
  console.log(`\nresults: ${path}`);
}

function memo(f) {
  const cache = new Map();
  return (x) => {
    if (!cache.has(x)) cache.set(x, f(x));
    return cache.get(x);
  };
}

function fail(message) {
  console.error(message);
  process.exit(2);
}
