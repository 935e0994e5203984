// Where the benchmark finds the project: the built bundles (dist/), the native libraries beside
// them, and a few facts about the machine the figures were measured on.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
export const CORE_PATH = join(REPO_ROOT, 'dist', 'core.js');
/** The language server's index worker thread: the writer of a folder, off the main thread. */
export const INDEX_WORKER_PATH = join(REPO_ROOT, 'dist', 'index-worker.js');
export const RESULTS_DIR = join(REPO_ROOT, 'bench', 'results');

const require = createRequire(join(REPO_ROOT, 'package.json'));

/** dist/core.js, or a clear line saying how to get it. */
export function loadCore() {
  for (const path of [
    CORE_PATH,
    CLI_PATH,
    INDEX_WORKER_PATH,
    join(REPO_ROOT, 'dist', 'reader-worker.js'),
    join(REPO_ROOT, 'dist', 'parse-worker.js'),
  ]) {
    if (!existsSync(path)) throw new Error(`The benchmark runs the built bundles, and ${path} is missing: run \`npm run build\` first.`);
  }
  return require(CORE_PATH);
}

/** better-sqlite3 from the project's own node_modules, for the single-connection reference. */
export function loadBetterSqlite() {
  return require('better-sqlite3');
}

/** The TypeScript compiler (a devDependency), for benchmarks that read TypeScript sources. */
export function loadTypeScript() {
  return require('typescript');
}

/** LSP's SymbolKind values, the kinds the index stores. */
export function loadSymbolKind() {
  return require('vscode-languageserver-protocol').SymbolKind;
}

export function machineFacts() {
  const Database = loadBetterSqlite();
  const db = new Database(':memory:');
  const sqlite = db.prepare('SELECT sqlite_version() AS v').get().v;
  db.close();
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    sqlite,
    betterSqlite3: require('better-sqlite3/package.json').version,
    commit: gitCommit(),
  };
}

function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head}+changes` : head;
  } catch {
    return 'unknown';
  }
}
