// The per-language corpora of issue #13 (parse errors and ctags recall on current code), and a run of
// bench/ctags-recall.mjs over each. Sources come from npm (`npm pack` of pinned versions, unpacked
// into bench/.corpus-syntax/) and from Debian packages, which this script names but does not install:
//
//   apt-get install gnulib golang-1.19-src golang-golang-x-exp-dev librust-tokio-dev ruby php-laravel-framework \
//     php-symfony-console openjdk-17-source
//   node bench/syntax-corpus.mjs [--lang typescript,python] [--speed] [--java-src /path/to/src.zip]
//
// C# is Polly's src/ (GitHub App-vNext/Polly at 173d6d1d, C# 12), given with --csharp DIR when a copy is
// at hand; Debian ships no C# sources. Set CODE_INDEX_CORE to measure another build of the core.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { folderName } from './corpus.mjs';
import { REPO_ROOT } from './lib/env.mjs';

const DIR = join(REPO_ROOT, 'bench', '.corpus-syntax');
/** npm packages whose sources use the newest syntax: effect (variance annotations, const type
 *  parameters, `dual` overloads), zod 4 (TS 5), eslint 9 (ES2022), pyodide 0.29 (CPython 3.13's
 *  standard library, `match` and `type`). */
const NPM = ['effect@3.19.14', 'zod@4.1.12', 'eslint@9.17.0', 'pyodide@0.29.0'];

const { values } = parseArgs({
  options: {
    lang: { type: 'string' },
    speed: { type: 'boolean', default: false },
    'java-src': { type: 'string' },
    csharp: { type: 'string' },
  },
});

mkdirSync(DIR, { recursive: true });
for (const spec of NPM) {
  const dest = join(DIR, folderName(spec));
  if (existsSync(dest)) continue;
  const [entry] = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', DIR], { cwd: DIR, encoding: 'utf8' }));
  mkdirSync(dest);
  execFileSync('tar', ['-xzf', join(DIR, entry.filename), '-C', dest, '--strip-components=1']);
}
const python = join(DIR, 'python-stdlib');
if (!existsSync(python)) execFileSync('unzip', ['-q', join(DIR, folderName(NPM[3]), 'python_stdlib.zip'), '-d', python]);
const javaZip = values['java-src'] ?? '/usr/lib/jvm/java-17-openjdk-amd64/lib/src.zip';
const java = join(DIR, 'java');
if (!existsSync(java) && existsSync(javaZip)) {
  execFileSync('unzip', [
    '-q',
    javaZip,
    'java.base/java/util/*',
    'java.base/java/lang/*',
    'java.base/java/io/*',
    'java.base/java/time/*',
    '-d',
    java,
  ]);
}

const CORPORA = {
  typescript: [join(DIR, 'effect-3.19.14/src'), join(DIR, 'zod-4.1.12/src')],
  javascript: [join(DIR, 'eslint-9.17.0/lib')],
  python: [python],
  go: ['/usr/share/go-1.19/src', '/usr/share/gocode/src/golang.org/x/exp'],
  rust: ['/usr/share/cargo/registry/tokio-1.24.2'],
  java: [java],
  c: ['/usr/share/gnulib/lib'],
  cpp: ['/usr/include/c++/12'],
  csharp: values.csharp ? [values.csharp] : [],
  ruby: ['/usr/lib/ruby/3.1.0'],
  php: ['/usr/share/php/Illuminate', '/usr/share/php/Symfony'],
};

const languages = values.lang?.split(',') ?? Object.keys(CORPORA);
for (const language of languages) {
  for (const dir of CORPORA[language] ?? []) {
    if (!existsSync(dir)) {
      console.log(`\n## ${language}: ${dir} is missing (see the apt-get line at the top of this script)`);
      continue;
    }
    console.log(`\n## ${language}: ${dir}`);
    const args = [join(REPO_ROOT, 'bench', 'ctags-recall.mjs'), dir, '--lang', language, '--misses', '5'];
    if (values.speed) args.push('--speed');
    console.log(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 }));
  }
}
