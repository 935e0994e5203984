// The benchmark corpus: pinned npm packages, fetched with `npm pack` and unpacked side by side into
// bench/.corpus/src/, one folder per package. `npm pack` takes the exact published tarball of each
// pinned version and none of its dependencies, so every run indexes the same bytes.
//
//   node bench/corpus.mjs          fetch and unpack (skipped when bench/.corpus already matches)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './lib/env.mjs';
import { walkTree } from './lib/tree-walk.mjs';

/** Real JavaScript and TypeScript sources of different shapes: many small files, a few huge ones. */
export const CORPUS_PACKAGES = ['typescript@5.9.3', 'rxjs@7.8.2', 'lodash@4.17.21', 'webpack@5.97.1', 'eslint@9.17.0', 'three@0.170.0'];

/** The "at least 10,000 real source files" corpus of the indexer and search benchmarks. */
export const LARGE_CORPUS_PACKAGES = [...CORPUS_PACKAGES, 'date-fns@4.1.0', 'core-js@3.39.0'];

export const CORPUS_DIR = join(REPO_ROOT, 'bench', '.corpus');
/** The folder that gets indexed. */
export const CORPUS_ROOT = join(CORPUS_DIR, 'src');
export const LARGE_CORPUS_DIR = join(REPO_ROOT, 'bench', '.corpus-large');

/** Makes sure a corpus is on disk and says what it holds: { root, packages, files, bytes }. */
export function ensureCorpus(log = () => {}, packages = CORPUS_PACKAGES, dir = CORPUS_DIR) {
  const root = join(dir, 'src');
  const stamp = join(dir, 'corpus.json');
  const tarballs = join(dir, 'tarballs');
  if (!isCurrent(stamp, root, packages)) {
    log(`Fetching the corpus (${packages.join(', ')}) with npm pack...`);
    rmSync(root, { recursive: true, force: true });
    mkdirSync(tarballs, { recursive: true });
    mkdirSync(root, { recursive: true });
    for (const spec of packages) unpack(spec, fetchTarball(spec, tarballs), root);
    writeFileSync(stamp, `${JSON.stringify({ packages }, null, 2)}\n`);
  }
  return { root, packages: [...packages], ...countFiles(root) };
}

export function ensureLargeCorpus(log = () => {}) {
  return ensureCorpus(log, LARGE_CORPUS_PACKAGES, LARGE_CORPUS_DIR);
}

function isCurrent(stamp, root, packages) {
  try {
    const recorded = JSON.parse(readFileSync(stamp, 'utf8'));
    return (
      JSON.stringify(recorded.packages) === JSON.stringify(packages) && packages.every((spec) => existsSync(join(root, folderName(spec))))
    );
  } catch {
    return false;
  }
}

function fetchTarball(spec, tarballs) {
  const out = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', tarballs], {
    cwd: tarballs,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [entry] = JSON.parse(out);
  if (!entry?.filename) throw new Error(`npm pack ${spec} did not say which file it wrote:\n${out}`);
  return join(tarballs, entry.filename.replace(/^@/, '').replace(/\//g, '-'));
}

function unpack(spec, tarball, root) {
  const dest = join(root, folderName(spec));
  mkdirSync(dest, { recursive: true });
  // Every npm tarball has one top folder (usually `package/`); drop it.
  execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
}

/** `@scope/name@1.2.3` -> `scope-name-1.2.3`. */
export function folderName(spec) {
  return spec.replace(/^@/, '').replace(/\//g, '-').replace(/@/g, '-');
}

/** Every file under `root` except our own index, as a person would count the corpus. */
function countFiles(root) {
  return walkTree(root, { enter: (path, name) => (name === '.codeindex' ? null : path) });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const log = (line) => process.stderr.write(`${line}\n`);
  const corpus = process.argv.includes('--large') ? ensureLargeCorpus(log) : ensureCorpus(log);
  process.stdout.write(
    `${corpus.root}: ${corpus.files} files, ${(corpus.bytes / 2 ** 20).toFixed(1)} MB (${corpus.packages.join(', ')})\n`,
  );
}
