// The 100k-file corpus of bench/scale.mjs (issue 16): pinned npm packages (`npm pack`, untarred)
// and source trees that Debian packages install, copied side by side under one folder, source
// files only, with build folders renamed so that they count as source. Built once and cached
// outside any git worktree (~/.cache/code-index-bench/scale/, or $CODE_INDEX_SCALE_CORPUS) so
// every session on the machine shares it.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { walkTree } from './tree-walk.mjs';

/** Large published packages of many shapes: generated SDKs, frameworks, UI kits, compilers. (An
 *  icon set, @mui/icons-material, was tried and left out: 31,854 files of a few lines each would
 *  have been a third of the corpus.) */
export const SCALE_NPM_PACKAGES = [
  'aws-cdk-lib@2.170.0',
  'next@15.0.3',
  'googleapis@144.0.0',
  'typescript@5.6.3',
  'three@0.170.0',
  'rxjs@7.8.1',
  '@aws-sdk/client-ec2@3.695.0',
  '@aws-sdk/client-s3@3.705.0',
  '@aws-sdk/client-iam@3.709.0',
  '@aws-sdk/client-dynamodb@3.709.0',
  '@aws-sdk/client-lambda@3.699.0',
  '@aws-sdk/client-sagemaker@3.709.0',
  '@aws-sdk/client-rds@3.699.0',
  '@mui/material@6.1.6',
  'date-fns@4.1.0',
  'core-js@3.39.0',
  'lodash@4.17.21',
  'lodash-es@4.17.21',
  'monaco-editor@0.52.0',
  '@angular/core@18.2.12',
  'effect@3.10.15',
  'webpack@5.97.1',
  'eslint@9.17.0',
  'antd@5.22.2',
  '@tensorflow/tfjs-core@4.22.0',
  'ramda@0.30.1',
  '@faker-js/faker@9.2.0',
  '@ant-design/icons@5.5.1',
  'mathjs@13.2.2',
  'typeorm@0.3.20',
  'moment@2.30.1',
  'highlight.js@11.10.0',
  '@tensorflow/tfjs-layers@4.22.0',
  '@tensorflow/tfjs-backend-webgl@4.22.0',
  '@angular/common@18.2.12',
  '@angular/cdk@18.2.12',
  '@angular/material@18.2.12',
  'graphql@16.9.0',
  'ace-builds@1.36.5',
  '@nestjs/common@10.4.7',
  'sequelize@6.37.5',
  '@types/node@22.9.0',
];

/** Debian packages whose installed files hold source trees, and the folder of each we copy. */
export const SCALE_DEBIAN_TREES = [
  { pkg: 'libpython3.11-stdlib', dir: '/usr/lib/python3.11', name: 'python3.11' },
  { pkg: 'python3-setuptools', dir: '/usr/lib/python3/dist-packages', name: 'python3-dist-packages' },
  { pkg: 'golang-1.19-src', dir: '/usr/share/go-1.19/src', name: 'go-1.19' },
  { pkg: 'gnulib', dir: '/usr/share/gnulib', name: 'gnulib' },
  { pkg: 'linux-libc-dev', dir: '/usr/include', name: 'usr-include' },
  { pkg: 'libruby3.1', dir: '/usr/lib/ruby/3.1.0', name: 'ruby-3.1' },
  { pkg: 'php-symfony-console', dir: '/usr/share/php', name: 'php' },
  { pkg: 'librust-regex-dev', dir: '/usr/share/cargo/registry', name: 'rust-crates' },
];

/** Files with these endings are kept: languages the parser has a grammar for (source, not data). */
const SOURCE_EXTENSIONS = new Set(
  '.ts .mts .cts .tsx .js .mjs .cjs .jsx .py .pyi .go .rs .java .c .h .cc .cpp .cxx .hpp .hh .hxx .cs .rb .php'.split(' '),
);
/** Folder names the indexer leaves out by default (server/indexer/ignore-rules.ts) that published
 *  packages put their code in; each is renamed `<name>-src` so the code counts as source. */
const BUILD_FOLDERS = new Set(['dist', 'build', 'out', 'target', 'coverage', '.next', 'node_modules', '__pycache__']);

export function scaleCorpusDir() {
  return process.env.CODE_INDEX_SCALE_CORPUS || join(homedir(), '.cache', 'code-index-bench', 'scale');
}

/** The recipe this build writes into corpus.json; a cached corpus with another recipe is rebuilt. */
export function scaleRecipe() {
  return { npm: SCALE_NPM_PACKAGES, debian: SCALE_DEBIAN_TREES, extensions: [...SOURCE_EXTENSIONS], renamed: [...BUILD_FOLDERS] };
}

/** Makes sure the corpus is on disk: { root, files, bytes, parts: [{ name, files, bytes }], skipped }. */
export function ensureScaleCorpus(log) {
  const dir = scaleCorpusDir();
  const root = join(dir, 'src');
  const stamp = join(dir, 'corpus.json');
  const recipe = scaleRecipe();
  const recorded = readJson(stamp);
  // A corpus built while a Debian package was missing is rebuilt once the package is there.
  const completable = (recorded?.summary?.skipped ?? []).some((pkg) =>
    existsSync(SCALE_DEBIAN_TREES.find((t) => t.pkg === pkg)?.dir ?? ''),
  );
  if (recorded && JSON.stringify(recorded.recipe) === JSON.stringify(recipe) && existsSync(root) && !completable)
    return { root, ...recorded.summary };
  log(`Building the scale corpus in ${dir} (once; later runs reuse it)...`);
  mkdirSync(join(dir, 'tarballs'), { recursive: true });
  // Built beside the final folder and renamed at the end, so a run that dies leaves no half corpus.
  const building = join(dir, `src.building-${process.pid}`);
  rmSync(building, { recursive: true, force: true });
  const parts = [];
  const skipped = [];
  for (const spec of SCALE_NPM_PACKAGES) {
    const dest = join(building, 'npm', folderName(spec));
    unpackNpm(spec, join(dir, 'tarballs'), dest);
    parts.push({ name: `npm:${spec}`, ...keepSource(dest) });
    log(`  ${spec}: ${parts.at(-1).files} files`);
  }
  for (const tree of SCALE_DEBIAN_TREES) {
    if (!ensureDebian(tree, log)) {
      skipped.push(tree.pkg);
      continue;
    }
    const dest = join(building, 'debian', tree.name);
    cpSync(tree.dir, dest, { recursive: true, dereference: false, verbatimSymlinks: true });
    parts.push({ name: `debian:${tree.pkg}:${tree.dir}`, ...keepSource(dest) });
    log(`  ${tree.dir}: ${parts.at(-1).files} files`);
  }
  rmSync(root, { recursive: true, force: true });
  renameSync(building, root);
  const summary = { files: parts.reduce((a, p) => a + p.files, 0), bytes: parts.reduce((a, p) => a + p.bytes, 0), parts, skipped };
  writeFileSync(stamp, `${JSON.stringify({ recipe, summary }, null, 2)}\n`);
  return { root, ...summary };
}

function unpackNpm(spec, tarballs, dest) {
  const out = execFileSync('npm', ['pack', spec, '--json', '--pack-destination', tarballs], {
    cwd: tarballs,
    encoding: 'utf8',
    // --json lists every file of the package: tens of megabytes for the icon sets.
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [entry] = JSON.parse(out);
  if (!entry?.filename) throw new Error(`npm pack ${spec} did not say which file it wrote:\n${out}`);
  mkdirSync(dest, { recursive: true });
  const tarball = join(tarballs, entry.filename.replace(/^@/, '').replace(/\//g, '-'));
  // Every npm tarball has one top folder (usually `package/`); drop it.
  execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
}

let aptUpdated = false;

/** As root (a container, CI) apt-get runs as it is; otherwise through sudo, which must not ask for a password. */
function apt(args) {
  const [command, ...rest] = [...(process.getuid?.() === 0 ? [] : ['sudo', '-n']), 'apt-get', ...args];
  return spawnSync(command, rest, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
}

/** Installs a missing Debian package with apt; false (and a line saying so) when that fails. */
function ensureDebian(tree, log) {
  if (existsSync(tree.dir)) return true;
  log(`  ${tree.dir} is missing: apt-get install -y ${tree.pkg}`);
  // A fresh machine's package lists are empty: without an update no install finds its package.
  if (!aptUpdated) aptUpdated = apt(['update', '-qq']).status === 0;
  const run = apt(['install', '-y', tree.pkg]);
  if (run.status === 0 && existsSync(tree.dir)) return true;
  log(`  skipping ${tree.pkg} (${tree.dir}): apt-get could not install it (${(run.stderr || '').trim().split('\n').at(-1)})`);
  return false;
}

/** Deletes every file that is not source and every symlink, renames build folders; counts what stays. */
function keepSource(top) {
  return walkTree(top, {
    enter(path, name) {
      if (!BUILD_FOLDERS.has(name)) return path;
      const renamed = join(dirname(path), `${name.replace(/^\./, '')}-src`);
      renameSync(path, renamed);
      return renamed;
    },
    keep(path, entry) {
      if (entry.isFile() && SOURCE_EXTENSIONS.has(extname(entry.name).toLowerCase())) return true;
      rmSync(path, { force: true });
      return false;
    },
  });
}

/** `@scope/name@1.2.3` -> `scope-name-1.2.3`. */
function folderName(spec) {
  return spec.replace(/^@/, '').replace(/\//g, '-').replace(/@/g, '-');
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}
