// Measures how many of universal-ctags' definitions our parser also finds (same name, same line),
// per language, and how fast it extracts. Run `npm run build` first (it reads dist/core.js).
//
//   node bench/ctags-recall.mjs <dir> [--lang typescript,python] [--misses 20] [--speed]
//   node bench/ctags-recall.mjs --corpus [--lang ...]   # the shared npm corpus of bench/corpus.mjs
//
// --speed also times a bare web-tree-sitter parse of the same files against the full extraction
// (CPU time, interleaved rounds, median), the ratio the indexer's cold-index budget is about.
//
// Corpora: TypeScript and JavaScript from the pinned npm packages bench/corpus.mjs unpacks into
// bench/.corpus/src (typescript, rxjs, lodash, webpack, eslint, three; --corpus fetches them when
// missing), Python from the Debian standard library:
//   node bench/ctags-recall.mjs --corpus --lang typescript,javascript
//   node bench/ctags-recall.mjs /usr/lib/python3.11 --lang python
// and Go, Rust, Java and Ruby from Debian's golang-src, rust-src, openjdk-17-source and ruby:
//   node bench/ctags-recall.mjs /usr/share/go-1.19/src --lang go
//   node bench/ctags-recall.mjs /usr/src/rustc-1.63.0/library --lang rust
//   unzip -q /usr/lib/jvm/openjdk-17/lib/src.zip 'java.base/java/util/*' 'java.base/java/lang/*' \
//     'java.base/java/io/*' 'java.base/java/time/*' -d /tmp/jdk17
//   node bench/ctags-recall.mjs /tmp/jdk17 --lang java
//   node bench/ctags-recall.mjs /usr/lib/ruby --lang ruby
// C# from the Src/ folder of Newtonsoft.Json (GitHub JamesNK/Newtonsoft.Json at 09bb545d; Debian
// ships no C# sources):
//   node bench/ctags-recall.mjs /path/to/Newtonsoft.Json --lang csharp
// Set CODE_INDEX_CORE to test another build of the core bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCorpus } from './corpus.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** ctags' language names, by our language ids. */
const CTAGS_LANGUAGES = {
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  python: 'Python',
  go: 'Go',
  rust: 'Rust',
  java: 'Java',
  c: 'C',
  cpp: 'C++',
  csharp: 'C#',
  ruby: 'Ruby',
  php: 'PHP',
};
/**
 * The kinds both tools report. ctags calls Python methods "member" (in C and C++ a member is a field),
 * Go functions and methods "func", and Ruby's `def self.x` a "singletonMethod".
 */
const COMPARED_KINDS = new Set(['function', 'class', 'method', 'interface']);
const COMPARED_KINDS_BY_LANGUAGE = {
  Python: new Set([...COMPARED_KINDS, 'member']),
  Go: new Set([...COMPARED_KINDS, 'func']),
  Ruby: new Set([...COMPARED_KINDS, 'singletonMethod']),
};
/** web-tree-sitter and its parsers by language, once bareParser() has loaded them. */
let bareParsers;
/** Names ctags makes up for things that have none. */
const INVENTED_NAME = /^(AnonymousFunction|__anon)/;

/**
 * Tags that are not definitions of the compared kinds, left out of the comparison and counted apart.
 *
 * ctags' JavaScript parser also reports every object literal bound to a name (`x = {`, `key: {`)
 * and every `X.prototype.y` mention as a "class". A JavaScript class counts only when its line
 * declares it (`class X` or the constructor `function X`).
 *
 * ctags' Ruby parser reads the code inside strings (heredocs and `%{}` handed to class_eval,
 * module_eval or eval: rubygems' specification.rb, rake's cpu_counter.rb, racc's parser-text.rb),
 * and even irb's word list `%w[... def defined? do ...]`, as definitions: a Ruby tag on a line inside
 * a multi-line string or word list is left out. It also names some singleton methods after their
 * receiver (`def self.random(arg)` as "self", `def inf.to_s` as "inf").
 */
function isCtagsHeuristic(tag, sourceLines, stringLines) {
  const line = sourceLines[tag.line - 1] ?? '';
  const name = tag.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  if (tag.language === 'Ruby') {
    if (stringLines.has(tag.line)) return true;
    return tag.kind === 'singletonMethod' && new RegExp(`\\bdef\\s+${name}\\.`).test(line);
  }
  if (tag.language !== 'JavaScript' || tag.kind !== 'class') return false;
  return !new RegExp(`\\b(class|function)\\s*\\*?\\s*${name}\\b`).test(line);
}

/**
 * ctags names a C# explicit interface implementation after its interface too
 * (`IEnumerator IEnumerable.GetEnumerator()` as "IEnumerable.GetEnumerator"); the method is GetEnumerator.
 */
function definedName(tag) {
  return comparable(tag.language === 'C#' ? tag.name.slice(tag.name.lastIndexOf('.') + 1) : tag.name);
}

/** Operators are compared without blanks: ctags writes C++'s `operator&` as "operator &". */
function comparable(name) {
  return name.startsWith('operator') ? name.replace(/\s+/g, '') : name;
}

/** Lines (1-based) inside a multi-line Ruby string or word list, after the line it opens on. */
async function rubyStringLines(text) {
  const tree = (await bareParser('ruby')).parse(text);
  const lines = new Set();
  for (const node of tree.rootNode.descendantsOfType(['string', 'heredoc_body', 'string_array'])) {
    for (let line = node.startPosition.row + 2; line <= node.endPosition.row + 1; line++) lines.add(line);
  }
  tree.delete();
  return lines;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    lang: { type: 'string' },
    misses: { type: 'string', default: '20' },
    corpus: { type: 'boolean', default: false },
    speed: { type: 'boolean', default: false },
  },
});

if (values.corpus ? positionals.length !== 0 : positionals.length !== 1) {
  console.error('usage: node bench/ctags-recall.mjs <dir> | --corpus  [--lang typescript,python] [--misses 20] [--speed]');
  process.exit(2);
}
const languages = (values.lang ?? Object.keys(CTAGS_LANGUAGES).join(',')).split(',');
for (const language of languages) {
  if (!(language in CTAGS_LANGUAGES)) {
    console.error(`unknown language "${language}"; one of: ${Object.keys(CTAGS_LANGUAGES).join(', ')}`);
    process.exit(2);
  }
}

const missLimit = Number(values.misses);
if (!Number.isInteger(missLimit) || missLimit < 0) {
  console.error(`--misses takes a whole number, not "${values.misses}"`);
  process.exit(2);
}
const root = values.corpus ? ensureCorpus((line) => console.error(line)).root : resolve(positionals[0]);
if (!existsSync(root)) {
  console.error(`${root} does not exist`);
  process.exit(2);
}
const core = loadCore();
const tagsByFile = runCtags(root, languages);
const report = await compare(tagsByFile);
printReport(report, missLimit);
if (values.speed) await compareSpeed([...tagsByFile.keys()]);

function corePath() {
  return resolve(process.env.CODE_INDEX_CORE ?? join(here, '..', 'dist', 'core.js'));
}

function loadCore() {
  const path = corePath();
  try {
    return createRequire(import.meta.url)(path);
  } catch (error) {
    console.error(`cannot load the core bundle ${path} (${error.message}); run npm run build first`);
    process.exit(1);
  }
}

/** ctags definitions of the compared kinds, grouped by file. */
function runCtags(dir, ourLanguages) {
  const ctagsLanguages = ourLanguages.map((l) => CTAGS_LANGUAGES[l]).join(',');
  const output = execFileSync('ctags', ['-R', '--output-format=json', '--fields=+nKzl', `--languages=${ctagsLanguages}`, '-f', '-', dir], {
    maxBuffer: 1 << 30,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const byFile = new Map();
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const tag = JSON.parse(line);
    const kinds = COMPARED_KINDS_BY_LANGUAGE[tag.language] ?? COMPARED_KINDS;
    if (tag._type !== 'tag' || !kinds.has(tag.kind) || INVENTED_NAME.test(tag.name)) continue;
    let tags = byFile.get(tag.path);
    if (tags === undefined) byFile.set(tag.path, (tags = []));
    tags.push(tag);
  }
  return byFile;
}

async function compare(tagsByFile) {
  const parser = await core.createParser();
  const loadTime = await loadGrammars(parser, [...tagsByFile.keys()]);
  const perLanguage = new Map();
  const totals = { files: 0, chars: 0, elapsed: 0, skipped: 0, loadTime };
  for (const [path, tags] of tagsByFile) {
    const text = readFileSync(path, 'utf8');
    // Minified and oversized files are chunked as plain text on purpose: no symbols to compare.
    if (!core.worthParsing(text)) {
      totals.skipped++;
      continue;
    }
    const started = performance.now();
    const extract = await parser.extract(text, core.languageForPath(path));
    totals.elapsed += performance.now() - started;
    totals.files++;
    totals.chars += text.length;
    const stats = perLanguage.get(extract.language) ?? { total: 0, found: 0, files: 0, excluded: 0, misses: [], errorFiles: [] };
    if (extract.parseErrors) stats.errorFiles.push(`${path} (${extract.parseErrors})`);
    perLanguage.set(extract.language, stats);
    const stringLines = extract.language === 'ruby' ? await rubyStringLines(text) : new Set();
    compareFile(path, text, tags, extract, stats, stringLines);
  }
  parser.dispose();
  return { perLanguage, ...totals };
}

/** Loads every grammar the files need before timing starts; returns how long that took. */
async function loadGrammars(parser, paths) {
  const started = performance.now();
  const languages = new Set(paths.map((path) => core.languageForPath(path)));
  // A C header may turn out to be C++.
  if (languages.has('c')) languages.add('cpp');
  for (const language of languages) await parser.extract('', language);
  return performance.now() - started;
}

function compareFile(path, text, tags, extract, stats, stringLines) {
  const found = new Set();
  for (const s of extract.symbols) {
    found.add(`${comparable(s.name)}:${s.nameRange.startLine}`);
    found.add(`${comparable(s.name)}:${s.range.startLine}`);
  }
  stats.files++;
  const sourceLines = text.split('\n');
  for (const tag of tags) {
    if (isCtagsHeuristic(tag, sourceLines, stringLines)) {
      stats.excluded++;
      continue;
    }
    stats.total++;
    if (found.has(`${definedName(tag)}:${tag.line}`)) stats.found++;
    else stats.misses.push(`${path}:${tag.line} ${tag.kind} ${tag.name}`);
  }
}

function printReport({ perLanguage, files, chars, elapsed, skipped, loadTime }, missLimit) {
  console.log('| language | files | with parse errors | ctags definitions | found | recall | left out (not a definition on its line) |');
  console.log('|---|---|---|---|---|---|---|');
  for (const [language, s] of perLanguage) {
    const recall = s.total === 0 ? 'n/a' : `${((100 * s.found) / s.total).toFixed(2)}%`;
    const errors = `${s.errorFiles.length} (${((100 * s.errorFiles.length) / s.files).toFixed(1)}%)`;
    console.log(`| ${language} | ${s.files} | ${errors} | ${s.total} | ${s.found} | ${recall} | ${s.excluded} |`);
  }
  console.log(
    `\nextracted ${files} files (${(chars / 1e6).toFixed(1)} M chars) in ${elapsed.toFixed(0)} ms: ` +
      `${((files * 1000) / elapsed).toFixed(0)} files/s (after ${loadTime.toFixed(0)} ms loading grammars); ` +
      `${skipped} minified or oversized files left out`,
  );
  for (const [language, s] of perLanguage) {
    if (s.errorFiles.length === 0 || missLimit === 0) continue;
    console.log(
      `\nfiles with parse errors in ${language} (${s.errorFiles.length}, first ${Math.min(missLimit, s.errorFiles.length)}; error nodes):`,
    );
    for (const file of s.errorFiles.slice(0, missLimit)) console.log(`  ${file}`);
  }
  for (const [language, s] of perLanguage) {
    if (s.misses.length === 0 || missLimit === 0) continue;
    console.log(`\nmisses in ${language} (${s.misses.length}, first ${Math.min(missLimit, s.misses.length)}):`);
    for (const miss of s.misses.slice(0, missLimit)) console.log(`  ${miss}`);
  }
}

/** CPU time of a bare parse (and tree delete) against a full extraction, file by file, in rounds. */
async function compareSpeed(paths) {
  const files = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    const language = core.refineLanguage(core.languageForPath(path), text);
    if (core.grammarFileFor(language) === null || !core.worthParsing(text)) continue;
    files.push({ text, language, bare: await bareParser(language) });
  }
  const extractor = await core.createParser();
  for (const file of files) await extractor.extract(file.text, file.language);
  const rounds = [];
  for (let round = 0; round < 7; round++) {
    let bare = 0;
    let full = 0;
    for (const file of files) {
      let started = cpuMs();
      file.bare.parse(file.text).delete();
      bare += cpuMs() - started;
      started = cpuMs();
      await extractor.extract(file.text, file.language);
      full += cpuMs() - started;
    }
    rounds.push({ bare, full });
  }
  rounds.sort((a, b) => a.full / a.bare - b.full / b.bare);
  const { bare, full } = rounds[rounds.length >> 1];
  console.log(
    `\nspeed over ${files.length} files (median of ${rounds.length} rounds, CPU time): bare parse ` +
      `${bare.toFixed(0)} ms (${((files.length * 1000) / bare).toFixed(0)} files/s), extraction ${full.toFixed(0)} ms ` +
      `(${((files.length * 1000) / full).toFixed(0)} files/s), ratio ${(full / bare).toFixed(2)}`,
  );
  extractor.dispose();
}

/** A plain web-tree-sitter parser for the language, outside the extraction; one per language. */
async function bareParser(language) {
  if (bareParsers === undefined) {
    const { Parser, Language } = createRequire(corePath())('web-tree-sitter');
    await Parser.init();
    bareParsers = { Parser, Language, byLanguage: new Map() };
  }
  let parser = bareParsers.byLanguage.get(language);
  if (parser === undefined) {
    parser = new bareParsers.Parser();
    parser.setLanguage(await bareParsers.Language.load(core.grammarFileFor(language)));
    bareParsers.byLanguage.set(language, parser);
  }
  return parser;
}

function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
