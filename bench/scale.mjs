// Issue 16's figures at 100,000 files: a cold `index` against universal-ctags and rg on the same
// tree, its peak memory, `embed` throughput, index size against source bytes, `serve`'s idle memory,
// `symbols` and `search` as processes with and without a server, Ctrl+T at a million symbols, a
// save to searchable, a branch switch of 5,000 files and the language server's lag while it indexes.
//
//   node bench/scale.mjs                         every step on the 100k corpus (bench/lib/scale-corpus.mjs)
//   node bench/scale.mjs --corpus DIR            the same on another tree (e.g. bench/.corpus-large/src)
//   --only refs,index,embed,queries,serve,editor,lag   a subset (an index is made first when a step needs one)
//   --skip-embed | --embed-limit N               no embed, or stop it after N vectors (said in the output)
//   --reuse                                      keep the run's tree and index from the last --keep run
//   --keep                                       leave the run's tree and index on disk at the end
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCore, machineFacts, REPO_ROOT } from './lib/env.mjs';
import { ensureScaleCorpus, scaleCorpusDir } from './lib/scale-corpus.mjs';
import { embedRun, indexBytes, indexCounts, MB, references, timedCli } from './lib/scale-measure.mjs';
import { answeredByServer, bareNode, queryForms, sampleNames, searchProcesses, symbolsProcesses } from './lib/scale-queries.mjs';
import { branchSwitch, coldIndexLag, ctrlT, saveToSearchable, startLanguageServer, startServe } from './lib/scale-editor.mjs';
import { writeResults } from './lib/report.mjs';
import { ratio, round } from './lib/stats.mjs';

const STEPS = ['refs', 'index', 'embed', 'queries', 'serve', 'editor', 'lag'];
const GRAMMAR_LANGUAGES = new Set(['typescript', 'tsx', 'javascript', 'python', 'go', 'rust', 'java', 'c', 'cpp', 'csharp', 'ruby', 'php']);
const HOUR = 3_600_000;
const log = (line) => process.stderr.write(`${line}\n`);
/** Every figure is one line on stdout as it is measured, and one entry of the JSON result. */
const figures = [];
const figure = (name, value, note = '') => {
  figures.push({ name, value, note });
  process.stdout.write(`${name}: ${value}${note ? `  (${note})` : ''}\n`);
};

const args = parseOptions();
const core = loadCore();
const result = { machine: machineFacts(), options: args, loadAverage: loadAverage() };

const corpus = args.corpus ? describeTree(resolve(args.corpus)) : ensureScaleCorpus(log);
result.corpus = { root: corpus.root, files: corpus.files, mb: round(corpus.bytes / MB), parts: corpus.parts };
figure('corpus', `${corpus.files.toLocaleString('en')} source files, ${round(corpus.bytes / MB)} MB`, corpus.root);
const root = runTree(corpus.root);
const dbPath = core.indexDbPath(root);
const paths = walkedPaths(root);

if (args.steps.has('refs')) saved('references', measureReferences());
if (args.steps.has('index') || (!existsSync(dbPath) && needsIndex())) saved('index', measureIndex());
if (args.steps.has('embed')) saved('embed', await measureEmbed());
const names = existsSync(dbPath) ? sampleNames(dbPath, args.names) : [];
result.sampledNames = names;
if (args.steps.has('queries')) saved('queries', await measureQueries({ CODE_INDEX_NO_SERVER: '1' }, 'no server'));
if (args.steps.has('serve')) saved('serve', await measureServe());
if (args.steps.has('editor')) saved('editor', await measureEditor());
if (args.steps.has('lag')) saved('lag', await measureColdLag());
log(`results: ${saved('loadAverageAtEnd', loadAverage())}`);
if (!args.keep) rmSync(root, { recursive: true, force: true });
else log(`kept ${root} (its index included); --reuse starts from it`);

/** Each step's figures go into the JSON file as soon as they are measured, so a run cut short keeps them. */
function saved(key, value) {
  result[key] = value;
  result.figures = figures;
  return writeResults(`scale-${args.label}`, result);
}

function parseOptions() {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      only: { type: 'string' },
      'skip-embed': { type: 'boolean', default: false },
      'embed-limit': { type: 'string' },
      names: { type: 'string', default: '20' },
      reuse: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
    },
  });
  const only = values.only ? values.only.split(',').map((s) => s.trim()) : STEPS;
  const unknown = only.filter((s) => !STEPS.includes(s));
  if (unknown.length) fail(`--only: unknown step ${unknown.join(', ')}; the steps are ${STEPS.join(', ')}`);
  const limit = values['embed-limit'] === undefined ? null : Number(values['embed-limit']);
  if (limit !== null && !(Number.isInteger(limit) && limit > 0)) fail('--embed-limit must be a whole number of vectors above 0');
  const names = Number(values.names);
  if (!(Number.isInteger(names) && names > 0)) fail('--names must be a whole number above 0');
  const steps = new Set(only);
  if (values['skip-embed']) steps.delete('embed');
  const label = values.corpus ? basename(resolve(values.corpus, values.corpus.endsWith('src') ? '..' : '.')) : '100k';
  return { corpus: values.corpus ?? null, steps, embedLimit: limit, names, reuse: values.reuse, keep: values.keep, label };
}

function fail(message) {
  process.stderr.write(`bench/scale.mjs: ${message}\n`);
  process.exit(2);
}

function needsIndex() {
  return ['embed', 'queries', 'serve', 'editor'].some((s) => args.steps.has(s));
}

/**
 * The run's own tree: the corpus hard-linked (no bytes copied) into a folder of this worktree's,
 * so the index lands there and not in the shared corpus, and runs of other sessions never meet.
 */
function runTree(source) {
  const dir = join(scaleCorpusDir(), 'runs', `${basename(REPO_ROOT)}-${args.label}`);
  if (args.reuse && existsSync(dir)) {
    log(`reusing ${dir}`);
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '..'), { recursive: true });
  execFileSync('cp', ['-al', source, dir]);
  rmSync(join(dir, '.codeindex'), { recursive: true, force: true });
  return dir;
}

/** The files the index will read (default rules, the size limit), in path order. */
function walkedPaths(dir) {
  const rules = new core.IgnoreRules(dir);
  return core
    .walkWorkspace(dir, rules, core.silentReporter)
    .filter((f) => f.size <= core.DEFAULT_CONFIG.maxFileBytes)
    .map((f) => f.path)
    .sort();
}

/** A tree given with --corpus: counted as the scale corpus counts its own (source files only). */
function describeTree(dir) {
  const files = core.walkWorkspace(dir, new core.IgnoreRules(dir), core.silentReporter);
  const source = files.filter((f) => GRAMMAR_LANGUAGES.has(core.languageForPath(f.path)));
  return { root: dir, files: source.length, bytes: source.reduce((a, f) => a + f.size, 0), parts: null, allFiles: files.length };
}

function measureReferences() {
  log(`references on ${paths.length} files...`);
  const refs = references(root, paths, core.DEFAULT_EXCLUDES);
  figure('ctags -L (same files)', `${refs.ctags.wall} s, ${refs.ctags.tags.toLocaleString('en')} tags, peak ${refs.ctags.peakMb} MB`);
  figure('rg --files', `${refs.rgFiles.wall} s, ${refs.rgFiles.files.toLocaleString('en')} files`);
  figure(`rg -c ${refs.rgCount.word}`, `${refs.rgCount.wall} s, ${refs.rgCount.filesMatching} files match`);
  return refs;
}

function measureIndex() {
  rmSync(join(root, '.codeindex'), { recursive: true, force: true });
  log('cold code-index index...');
  const run = timedCli(['index', root, '--json']);
  const counts = indexCounts(dbPath);
  const bytes = indexBytes(root);
  const ctags = result.references?.ctags.wall;
  const versus = ctags ? `${ratio(run.wall, ctags)}x ctags ${ctags} s` : 'ctags not run';
  figure('cold index', `${run.wall} s, CPU ${run.cpu} s`, versus);
  figure('indexer peak RSS', `${run.peakMb} MB`);
  figure(
    'index counts',
    `${counts.files.toLocaleString('en')} files, ${counts.chunks.toLocaleString('en')} chunks, ${counts.symbols.toLocaleString('en')} symbols`,
  );
  figure('index size after index', `${round(bytes / MB)} MB = ${ratio(bytes, corpus.bytes)}x source bytes`);
  return {
    seconds: run.wall,
    cpuSeconds: run.cpu,
    peakMb: run.peakMb,
    ratioToCtags: ctags ? ratio(run.wall, ctags) : null,
    ...counts,
    summary: run.summary,
    indexMb: round(bytes / MB),
    ratioToSource: ratio(bytes, corpus.bytes),
  };
}

async function measureEmbed() {
  log(args.embedLimit ? `code-index embed, stopped after ${args.embedLimit} vectors...` : 'code-index embed...');
  const run = await embedRun(root, dbPath, args.embedLimit);
  {
    const bytes = indexBytes(root);
    const counts = indexCounts(dbPath);
    const cut = run.cut
      ? `stopped after ${args.embedLimit} vectors (--embed-limit); ${counts.vectors} of ${counts.chunks} chunks have one`
      : 'every chunk';
    figure(
      'embed (builtin)',
      `${run.seconds} s for ${run.vectors.toLocaleString('en')} vectors: ${run.perSecond} vectors/s, peak ${run.peakMb} MB`,
      cut,
    );
    figure('index size after embed', `${round(bytes / MB)} MB = ${ratio(bytes, corpus.bytes)}x source bytes`, cut);
    return {
      ...run,
      indexMb: round(bytes / MB),
      ratioToSource: ratio(bytes, corpus.bytes),
      vectorsInIndex: counts.vectors,
      chunks: counts.chunks,
    };
  }
}

async function measureQueries(env, who) {
  const forms = queryForms(names);
  const symbols = await symbolsProcesses(root, forms, env);
  figure(
    `symbols QUERY process, ${who}`,
    `p50 ${symbols.p50} ms, p95 ${symbols.p95} ms`,
    `${forms.length} queries, ${symbols.empty} found nothing`,
  );
  const hybrid = await searchProcesses(root, env);
  figure(`search --mode hybrid process, ${who}`, `p50 ${hybrid.p50} ms, p95 ${hybrid.p95} ms`, `${hybrid.n} queries`);
  const floor = bareNode(10);
  figure('bare `node -e 0` (the floor under any CLI process)', `p50 ${floor.p50} ms, p95 ${floor.p95} ms`);
  return { symbols, hybrid, bareNode: floor };
}

async function measureServe() {
  log('code-index serve...');
  const serve = await startServe(root, 2 * HOUR);
  try {
    const memory = await serve.idleMemory();
    figure(
      'serve RSS idle after indexing',
      `${memory.rssMb} MB (peak ${memory.hwmMb} MB, ${memory.threads} threads)`,
      `ready after ${serve.readySeconds} s`,
    );
    if (!(await answeredByServer(root))) throw new Error('the CLI was not answered by serve (CODE_INDEX_TRACE said otherwise)');
    const served = await measureQueries({}, 'answered by serve');
    const after = await serve.idleMemory();
    figure('serve RSS idle after those queries', `${after.rssMb} MB`);
    return { readySeconds: serve.readySeconds, idle: memory, afterQueries: after, ...served };
  } finally {
    await serve.stop();
  }
}

async function measureEditor() {
  log('language server...');
  const { server, status, readySeconds } = await startLanguageServer(root, 2 * HOUR);
  try {
    const typed = await ctrlT(server, names.slice(0, 10));
    figure(
      'Ctrl+T (workspace/symbol)',
      `p50 ${typed.p50} ms, p95 ${typed.p95} ms, p99 ${typed.p99} ms`,
      `${status.symbols.toLocaleString('en')} symbols, ${typed.n} keystrokes`,
    );
    const save = await saveToSearchable(server, root, 10);
    figure('save to searchable (LSP)', `p50 ${save.p50} ms, max ${save.max} ms`, `${save.n} saves`);
    const sources = paths.filter((p) => GRAMMAR_LANGUAGES.has(core.languageForPath(p)));
    const branch = await branchSwitch(server, root, dbPath, sources, 5000);
    figure(
      'branch switch',
      `${branch.seconds} s until the index holds all ${branch.files} rewritten files`,
      `writing them took ${branch.writeSeconds} s`,
    );
    figure('request lag during the branch switch', `p50 ${branch.lagMs.p50} ms, p99 ${branch.lagMs.p99} ms, max ${branch.lagMs.max} ms`);
    return { readySeconds, symbols: status.symbols, ctrlT: typed, save, branch };
  } finally {
    await server.stop();
  }
}

async function measureColdLag() {
  log('cold index by the language server (its request lag)...');
  const cold = await coldIndexLag(root, dbPath, 2 * HOUR);
  figure(
    'LSP request lag while it indexes (cold)',
    `p50 ${cold.lagMs.p50} ms, p99 ${cold.lagMs.p99} ms, max ${cold.lagMs.max} ms`,
    `${cold.files} files indexed in ${cold.seconds} s`,
  );
  return cold;
}

function loadAverage() {
  try {
    return execFileSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}
