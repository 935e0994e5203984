// Tests run against the bundles in dist/, so a dist/ older than the sources would test old code and
// could pass. Whoever loads a bundle first calls freshBuild(): when any source, the build script or
// the manifest is newer than the oldest bundle (or a bundle is missing), it rebuilds, once per process.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** What esbuild.mjs writes, and what it reads. */
export const BUNDLES = [
  'extension.js',
  'core.js',
  'cli.js',
  'cli-main.js',
  'cli-serve.js',
  'server.js',
  'index-worker.js',
  'reader-worker.js',
  'parse-worker.js',
];
export const SOURCES = ['server', 'shared', 'extension', 'esbuild.mjs', 'package.json'];
let checked = false;

function newestIn(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestIn(join(path, entry)));
  return newest;
}

/** Why dist/ is stale, or null when every bundle is newer than every input. */
export function staleReason(root = REPO_ROOT) {
  const dist = join(root, 'dist');
  const missing = BUNDLES.find((b) => !existsSync(join(dist, b)));
  if (missing) return `dist/${missing} is missing`;
  const oldest = Math.min(...BUNDLES.map((b) => statSync(join(dist, b)).mtimeMs));
  const input = SOURCES.find((s) => newestIn(join(root, s)) > oldest);
  return input ? `${input} changed after the last build` : null;
}

/** Rebuilds dist/ when it is stale. */
export function freshBuild() {
  if (checked) return;
  checked = true;
  const reason = staleReason();
  if (!reason) return;
  process.stderr.write(`tests: ${reason}; rebuilding dist/ (node esbuild.mjs)\n`);
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
}
