// The stress tests' corpus: the published files of a pinned npm package (over 1,000 JavaScript and
// TypeScript files), installed once into test/.corpus/ (gitignored) and reused by later runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './core.mjs';
import { copyTree } from './workspace.mjs';

/** rxjs ships its build as cjs/, esm/, esm5/ and types/ under dist/: about 1,000 sources plus maps. */
const PACKAGE = 'rxjs@7.8.2';
const SOURCE_FOLDER = ['node_modules', 'rxjs', 'dist'];
export const MIN_SOURCE_FILES = 1000;
const SOURCE_FILE = /\.(?:[cm]?js|d\.ts|ts)$/;

const CACHE_ROOT = join(REPO_ROOT, 'test', '.corpus');
const INSTALL_DIR = join(CACHE_ROOT, PACKAGE.replace(/[@/]/g, '-'));

/** The path of a folder holding at least MIN_SOURCE_FILES source files; installs the package the first time. */
export function ensureCorpus() {
  const folder = join(INSTALL_DIR, ...SOURCE_FOLDER);
  if (countSourceFiles(folder) >= MIN_SOURCE_FILES) return folder;
  rmSync(INSTALL_DIR, { recursive: true, force: true });
  install();
  const count = countSourceFiles(folder);
  if (count < MIN_SOURCE_FILES)
    throw new Error(`${PACKAGE} gave ${count} source files in ${folder}; the stress tests need ${MIN_SOURCE_FILES}.`);
  return folder;
}

/** Installs into a private folder, then renames it into place, so two test runs never share a half-done install. */
function install() {
  mkdirSync(CACHE_ROOT, { recursive: true });
  const staging = join(CACHE_ROOT, `.install-${process.pid}-${Date.now()}`);
  mkdirSync(staging);
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['install', '--prefix', staging, '--no-save', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', PACKAGE];
    const run = spawnSync(npm, args, { encoding: 'utf8', shell: process.platform === 'win32', timeout: 300_000 });
    if (run.status !== 0) {
      throw new Error(`npm ${args.join(' ')} failed (exit ${run.status ?? run.signal ?? run.error}):\n${run.stderr || run.stdout}`);
    }
    try {
      renameSync(staging, INSTALL_DIR);
    } catch (err) {
      // Another run finished first: its install is as good as ours.
      if (!existsSync(INSTALL_DIR)) throw err;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

export function countSourceFiles(folder) {
  if (!existsSync(folder)) return 0;
  return readdirSync(folder, { recursive: true }).filter((name) => SOURCE_FILE.test(String(name))).length;
}

/**
 * A fresh temporary copy of the corpus's source files, removed after the test `t`. The source maps are
 * left out: they are one-line JSON that only slows every run down.
 */
export function corpusCopy(t, label = 'corpus') {
  return copyTree(t, ensureCorpus(), label, (rel) => !rel.endsWith('.map'));
}
