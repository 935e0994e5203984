// The corpora of bench/definitions.mjs: real code shipped together with its tests, examples and
// generated copies, pinned by version so every run indexes the same bytes, each in a folder of its
// own under bench/.corpus-defs/src/. Which files are the code (where ground truth comes from) is the
// benchmark's own rule below, written from each package's layout, not the product's fileRole().
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCorpus, folderName } from '../corpus.mjs';
import { REPO_ROOT } from './env.mjs';

export const DEFS_DIR = join(REPO_ROOT, 'bench', '.corpus-defs');

/**
 * Debian bookworm's Python 3.11 standard library: `-minimal` and `-stdlib` hold the modules between
 * them, `-testsuite` the tests (test/, and the test folders inside packages: unittest/test,
 * ctypes/test, idlelib/idle_test, lib2to3/tests, ...). All three are needed for one whole library.
 */
const PYTHON_VERSION = '3.11.2-6+deb12u8';
const PYTHON_PACKAGES = ['libpython3.11-minimal', 'libpython3.11-stdlib', 'libpython3.11-testsuite'];

/**
 * three ships src/ and, beside it, examples/jsm (addons written against src, many re-declaring its
 * names) and build/ bundles of all of src; rxjs ships src/ (TypeScript) and four generated copies of
 * it in dist/ (cjs, esm, esm5 JavaScript and .d.ts types). Neither ships its tests.
 */
const NPM_PACKAGES = ['three@0.170.0', 'rxjs@7.8.2'];

/**
 * Every corpus: its folder under src/, the ctags language its code is read in, and which of its
 * files are code. `code(path)` takes a path relative to the corpus folder.
 */
const TUNED = [
  {
    name: 'python',
    folder: `python3.11-${PYTHON_VERSION}`,
    ctagsLanguage: 'Python',
    pins: PYTHON_PACKAGES.map((p) => `${p}=${PYTHON_VERSION}`),
    debianRoot: 'usr/lib/python3.11',
    code: (path) => path.endsWith('.py') && !isPythonTest(path) && !/^(turtledemo|site-packages|dist-packages)\//.test(path),
    test: isPythonTest,
  },
  {
    name: 'javascript',
    folder: folderName(NPM_PACKAGES[0]),
    ctagsLanguage: 'JavaScript',
    pins: [NPM_PACKAGES[0]],
    code: (path) => /^src\/.*\.js$/.test(path),
    test: (path) => path.startsWith('examples/'),
  },
  {
    name: 'typescript',
    folder: folderName(NPM_PACKAGES[1]),
    ctagsLanguage: 'TypeScript',
    pins: [NPM_PACKAGES[1]],
    // TestScheduler and its marbles are code of the rxjs/testing entry point, but sit in folders named
    // testing/: left out of the ground truth rather than argued either way.
    code: (path) => /^src\/.*\.ts$/.test(path) && !path.endsWith('.d.ts') && !/(^|\/)testing\//.test(path),
    test: (path) => /(^|\/)testing\//.test(path),
  },
];

/**
 * The held-out set: three projects no ranking change was looked at or tuned on, chosen by the same
 * rule (real code shipped with its tests or generated copies, one per language) and added after the
 * ranking was done, to check that its figures are not the tuned corpora's alone.
 * - Twisted 22.4 (Debian bookworm `python3-twisted`): 432 modules and, inside its packages, 408 test
 *   files (`twisted/test/`, `twisted/web/test/`, `test_*.py`), which repeat every name they test;
 * - moment 2.30.1: its original `src/` (ES modules) beside the `moment.js` bundle of all of it, the
 *   UMD copies of every locale (`locale/`, `dist/locale/`) and `min/`. (ramda was tried first and is
 *   no test of this: both its `src/` and its `es/` are builds of a source it does not ship, so
 *   neither copy is "the code".)
 * - mobx 6.13.5: `src/` TypeScript beside `dist/` bundles (cjs, esm, umd) and `.d.ts` types.
 */
const TWISTED_VERSION = '22.4.0-4+deb12u1';
const HELD_OUT = [
  {
    name: 'python',
    folder: `twisted-${TWISTED_VERSION}`,
    ctagsLanguage: 'Python',
    pins: [`python3-twisted=${TWISTED_VERSION}`],
    debianRoot: 'usr/lib/python3/dist-packages/twisted',
    code: (path) => path.endsWith('.py') && !isPythonTest(path),
    test: isPythonTest,
  },
  {
    name: 'javascript',
    folder: folderName('moment@2.30.1'),
    ctagsLanguage: 'JavaScript',
    pins: ['moment@2.30.1'],
    code: (path) => /^src\/.*\.js$/.test(path),
    test: (path) => !path.startsWith('src/'),
  },
  {
    name: 'typescript',
    folder: folderName('mobx@6.13.5'),
    ctagsLanguage: 'TypeScript',
    pins: ['mobx@6.13.5'],
    code: (path) => /^src\/.*\.ts$/.test(path) && !path.endsWith('.d.ts'),
    test: (path) => path.startsWith('dist/'),
  },
];

/** The sets of corpora `bench/definitions.mjs --set` picks from: `tuned` is the default. */
export const CORPUS_SETS = { tuned: TUNED, 'held-out': HELD_OUT };

/** A test of CPython's own: test/, any tests folder (lib2to3/tests, idle_test), test_*.py. */
function isPythonTest(path) {
  return /(^|\/)(test|tests|idle_test)\//.test(path) || /(^|\/)test_[^/]*\.py$/.test(path);
}

/** Fetches and unpacks what is missing; returns the root folder of each corpus, by name. */
export function ensureDefinitionCorpora(log, corpora = TUNED) {
  const src = join(DEFS_DIR, 'src');
  mkdirSync(src, { recursive: true });
  const roots = {};
  for (const corpus of corpora) {
    const root = join(src, corpus.folder);
    const stamp = `${root}.complete`;
    if (!existsSync(stamp)) {
      log(`Fetching the ${corpus.name} corpus (${corpus.pins.join(', ')})...`);
      rmSync(root, { recursive: true, force: true });
      if (corpus.debianRoot !== undefined) unpackDebian(corpus.pins, corpus.debianRoot, root);
      else renameSync(join(ensureCorpus(log, corpus.pins, join(DEFS_DIR, 'npm', corpus.folder)).root, corpus.folder), root);
      writeFileSync(stamp, `${corpus.pins.join('\n')}\n`);
    }
    roots[corpus.name] = root;
  }
  return roots;
}

/** `apt-get download` each pinned package and `dpkg -x` it; keeps the folder `within` without binaries. */
function unpackDebian(pins, within, root) {
  const debs = join(DEFS_DIR, 'debs');
  const scratch = join(DEFS_DIR, 'unpack');
  mkdirSync(debs, { recursive: true });
  rmSync(scratch, { recursive: true, force: true });
  for (const pin of pins) {
    const [name, version] = pin.split('=');
    const arch = name.startsWith('libpython') && !name.endsWith('testsuite') ? 'amd64' : 'all';
    const file = join(debs, `${name}_${version.replace(/:/g, '%3a')}_${arch}.deb`);
    if (!existsSync(file)) execFileSync('apt-get', ['download', pin], { cwd: debs, stdio: ['ignore', 'ignore', 'inherit'] });
    if (!existsSync(file)) throw new Error(`apt-get download ${pin} did not write ${file}`);
    execFileSync('dpkg', ['-x', file, scratch]);
  }
  renameSync(join(scratch, within), root);
  rmSync(join(root, 'lib-dynload'), { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}

/** The pins of every corpus of a set, as recorded in the report. */
export function corpusPins(corpora) {
  return Object.fromEntries(corpora.map((c) => [c.name, c.pins]));
}
