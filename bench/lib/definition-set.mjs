// The (query, definition) pairs of bench/definitions.mjs: universal ctags over a corpus' code files
// gives the definitions, a line check keeps the ones ctags did not make up, and a hash order picks
// the sample, half of it among names the corpus' tests or examples also use.
//
// Sampling rule, per corpus (documented in docs/benchmarks.md, "Definitions (issue 15)"):
// - definitions: ctags tags of kind class, function, method (Python: member) and, in TypeScript,
//   interface, in a code file, at top level or directly in a top-level class; the name is at least 3
//   characters and is not `constructor`; neither it nor its class starts with `_`; the tag's source
//   line reads as that definition (`def NAME(`, `class NAME`, `function NAME(`, `interface NAME`,
//   `NAME(` for a method). This drops ctags' AnonymousFunction names, `X.prototype.y =` and
//   object-literal keys.
// - bare queries: a name whose code definitions (all that ctags finds with a line that reads as one,
//   nested ones included) are all in one file; every declaration line of them is an answer (several
//   classes of one file with that method, TypeScript overloads, Python's platform variants). Names
//   defined in several code files are left out of this set.
// - ambiguous queries, a set apart (half as many): a bare name defined in several code files
//   (`dumps`: json, pickle, marshal, plistlib, xmlrpc), where any of those code definitions is right.
//   It measures code over tests and copies when only a qualifier could pick among the code.
//   A property or variable bound to a function expression (`static create = (...) =>`) counts as a
//   definition of its name here, though it is never asked for.
// - qualified queries: `module.function` for Python module-level functions (the module path from
//   the file's path, `__init__` dropped: `json.dumps`, `urllib.request.urlopen`) and `Class.method`
//   for methods in every language, under the same one-file rule (anything nested counts as
//   `Container.name`: a closure's inner function makes `Container.name` ambiguous too).
// - strata: whether the name (its last piece) occurs as a word in a test or example file of the
//   corpus; for Python's qualified queries also the form (module.function or Class.method). Each
//   stratum is sorted by sha1 of the query, and the sample takes from the strata in turn.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The ctags kinds kept, by ctags language. Python's methods are "member". */
const KINDS = {
  Python: new Set(['class', 'function', 'member']),
  JavaScript: new Set(['class', 'function', 'method']),
  TypeScript: new Set(['class', 'function', 'method', 'interface']),
};
const METHOD_KINDS = new Set(['method', 'member']);
/** Kinds that name a value; one bound to a function expression is a definition too (rxjs' `static create = (...) =>`). */
const VALUE_KINDS = new Set(['property', 'variable', 'field']);
const INVENTED_NAME = /^(AnonymousFunction|__anon)/;
const MODIFIERS = '((public|private|protected|static|async|readonly|override|abstract|declare)\\s+)*';

/** Whether the source line really declares `name` as a `kind` (ctags also tags assignments and keys). */
function readsAsDefinition(language, kind, name, line) {
  const n = name.replace(/[$]/g, '\\$');
  if (language === 'Python') {
    if (kind === 'class') return new RegExp(`^\\s*class\\s+${n}\\b`).test(line);
    return new RegExp(`^\\s*(async\\s+)?def\\s+${n}\\s*\\(`).test(line);
  }
  if (kind === 'class') return new RegExp(`\\bclass\\s+${n}\\b`).test(line);
  if (kind === 'interface') return new RegExp(`\\binterface\\s+${n}\\b`).test(line);
  if (kind === 'function') return new RegExp(`\\bfunction\\s*\\*?\\s*${n}\\s*[(<]`).test(line);
  return new RegExp(`^\\s*${MODIFIERS}\\*?\\s*${n}\\s*[(<]`).test(line);
}

/** Every file under `root` (paths relative to it), our own index left out. */
export function listFiles(root) {
  const out = [];
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop();
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === '.codeindex') continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) out.push(relative(root, path).split('\\').join('/'));
    }
  }
  return out.sort();
}

/**
 * Every definition ctags finds in the corpus' code files whose line reads as one, nested ones too
 * (they make a name ambiguous), each marked `eligible` when it may be asked for. `lines` are all the
 * lines that declare it: TypeScript overloads and Python's platform variants are separate lines of
 * one definition, and ctags tags only the first overload.
 */
function codeDefinitions(corpus, root, files) {
  const code = files.filter(corpus.code);
  const output = execFileSync(
    'ctags',
    ['--output-format=json', '--fields=+nKzlse', `--languages=${corpus.ctagsLanguage}`, '-L', '-', '-f', '-'],
    { cwd: root, input: code.join('\n'), maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['pipe', 'pipe', 'ignore'] },
  );
  const sources = new Map();
  const sourceOf = (path) => {
    if (!sources.has(path)) sources.set(path, readFileSync(join(root, path), 'utf8').split('\n'));
    return sources.get(path);
  };
  const tags = output
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text))
    .filter((tag) => tag._type === 'tag' && !INVENTED_NAME.test(tag.name));
  const classes = new Map(tags.filter((t) => t.kind === 'class').map((t) => [`${t.path}:${t.name}`, t]));
  const defs = [];
  for (const tag of tags) {
    const source = sourceOf(tag.path);
    if (VALUE_KINDS.has(tag.kind) && bindsFunction(tag.name, source[tag.line - 1] ?? '')) {
      defs.push({
        name: tag.name,
        kind: tag.kind,
        path: tag.path,
        line: tag.line,
        lines: [tag.line],
        eligible: false,
        qualified: qualifiedName(corpus, tag),
      });
    }
    if (!KINDS[corpus.ctagsLanguage].has(tag.kind)) continue;
    if (!readsAsDefinition(corpus.ctagsLanguage, tag.kind, tag.name, source[tag.line - 1] ?? '')) continue;
    const isMethod = METHOD_KINDS.has(tag.kind);
    const named = tag.name.length >= 3 && !tag.name.startsWith('_') && tag.name !== 'constructor';
    // Top level, or a method directly in a top-level class.
    const placed = isMethod ? tag.scopeKind === 'class' && !tag.scope.startsWith('_') && !tag.scope.includes('.') : tag.scope === undefined;
    // Where the same declaration may repeat: the rest of the file, or the method's class.
    const within = isMethod ? classes.get(`${tag.path}:${tag.scope}`) : { line: 1, end: source.length };
    defs.push({
      name: tag.name,
      kind: tag.kind,
      path: tag.path,
      line: tag.line,
      lines: declarationLines(corpus.ctagsLanguage, tag, source, within),
      eligible: named && placed,
      qualified: qualifiedName(corpus, tag),
    });
  }
  return defs;
}

/** The tag's line and every other line of `within` that declares the same name at the same indentation. */
function declarationLines(language, tag, source, within) {
  const indent = /^\s*/.exec(source[tag.line - 1])[0];
  const lines = [tag.line];
  if (within?.end === undefined) return lines;
  for (let line = within.line; line <= within.end; line++) {
    const text = source[line - 1] ?? '';
    if (
      line !== tag.line &&
      text.startsWith(indent) &&
      !/^\s/.test(text.slice(indent.length)) &&
      readsAsDefinition(language, tag.kind, tag.name, text)
    )
      lines.push(line);
  }
  return lines;
}

/** `Class.method`, Python's `module.function`, or null (nothing else is asked for by qualified name). */
function qualifiedName(corpus, tag) {
  // Anything nested is named after its innermost container, as `Class.method` is: a function inside
  // three's closure-style `function WebGLState()` makes `WebGLState.bindTexture` ambiguous.
  if (tag.scope !== undefined)
    return { query: `${tag.scope.split('.').at(-1)}.${tag.name}`, form: METHOD_KINDS.has(tag.kind) ? 'Class.method' : 'nested' };
  if (corpus.ctagsLanguage !== 'Python' || tag.kind !== 'function') return null;
  const module = tag.path
    .replace(/\.py$/, '')
    .split('/')
    .filter((p) => p !== '__init__');
  return { query: [...module, tag.name].join('.'), form: 'module.function' };
}

/** Whether the line binds `name` to a function: `= function`, `= lambda`, or an arrow after the `=`. */
function bindsFunction(name, line) {
  const n = name.replace(/[$]/g, '\\$');
  return new RegExp(`\\b${n}\\b[^=]*=\\s*(async\\s+)?(function\\b|lambda\\b|.*=>)`).test(line);
}

/** Every word (identifier) of the corpus' test and example files. */
function testWords(corpus, root, files) {
  const words = new Set();
  for (const path of files.filter(corpus.test)) {
    let text;
    try {
      text = readFileSync(join(root, path), 'utf8');
    } catch {
      continue;
    }
    for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) words.add(word);
  }
  return words;
}

/**
 * Queries that name an eligible definition, grouped by `keyOf`, whose code definitions sit in one
 * file (`several` false) or in several (`several` true): { query, name, form, targets: every
 * declaration line of every code definition of that key }.
 */
function queriesBy(defs, keyOf, several) {
  const byQuery = new Map();
  for (const def of defs) {
    const key = keyOf(def);
    if (key === null) continue;
    if (!byQuery.has(key)) byQuery.set(key, []);
    byQuery.get(key).push(def);
  }
  const out = [];
  for (const [query, targets] of byQuery) {
    const eligible = targets.find((t) => t.eligible);
    if (eligible === undefined || new Set(targets.map((t) => t.path)).size > 1 !== several) continue;
    const lines = targets.flatMap((t) => t.lines.map((line) => ({ path: t.path, line, kind: t.kind })));
    const unique = [...new Map(lines.map((t) => [`${t.path}:${t.line}`, t])).values()];
    out.push({ query, name: eligible.name, form: eligible.qualified?.form ?? 'bare', targets: unique });
  }
  return out;
}

const sha1 = (text) => createHash('sha1').update(text).digest('hex');

/** `n` candidates, taken in turn from each stratum, each stratum in sha1 order of the query. */
function stratifiedSample(candidates, n, stratumOf) {
  const strata = new Map();
  for (const c of candidates) {
    const key = stratumOf(c);
    if (!strata.has(key)) strata.set(key, []);
    strata.get(key).push(c);
  }
  const queues = [...strata.keys()].sort().map((key) => strata.get(key).sort((a, b) => (sha1(a.query) < sha1(b.query) ? -1 : 1)));
  const out = [];
  while (out.length < n && queues.some((q) => q.length > 0)) {
    for (const q of queues) if (q.length > 0 && out.length < n) out.push(q.shift());
  }
  return out;
}

/**
 * The pairs of one corpus: `count` bare, `count` qualified and `count / 2` ambiguous queries, each
 * { query, form, inTests, targets: [{ path, line, kind }] }, and the counts the sample was drawn from.
 */
export function buildDefinitionSet(corpus, root, count) {
  const files = listFiles(root);
  const defs = codeDefinitions(corpus, root, files);
  const words = testWords(corpus, root, files);
  const mark = (c) => ({ ...c, inTests: words.has(c.name) });
  const bare = queriesBy(defs, (d) => d.name, false).map(mark);
  const qualified = queriesBy(defs, (d) => d.qualified?.query ?? null, false).map(mark);
  const ambiguous = queriesBy(defs, (d) => d.name, true).map(mark);
  const byTests = (c) => String(c.inTests);
  const pairs = [
    ...stratifiedSample(bare, count, byTests).map((c) => ({ ...c, form: 'bare' })),
    ...stratifiedSample(qualified, count, (c) => `${c.form}|${c.inTests}`),
    ...stratifiedSample(ambiguous, Math.floor(count / 2), byTests).map((c) => ({ ...c, form: 'ambiguous' })),
  ];
  return {
    pairs: pairs.map(({ query, form, inTests, targets }) => ({ query, form, inTests, targets })),
    counts: {
      files: files.length,
      codeFiles: files.filter(corpus.code).length,
      definitions: defs.filter((d) => d.eligible).length,
      bare: bare.length,
      qualified: qualified.length,
      ambiguous: ambiguous.length,
    },
  };
}
