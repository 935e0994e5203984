// The builtin embedder as its callers rely on it: the declared dimensions, unit-length vectors for any
// input (empty, huge, binary-looking, non-Latin), the same vector for the same text whatever came
// before, and related code nearer than unrelated code. Throughput is measured in bench/, not here.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** CODE_INDEX_CORE: a bundle of server/embed/index.ts, for running this file without the full build. */
const core = createRequire(join(repo, 'package.json'))(process.env.CODE_INDEX_CORE ?? join(repo, 'dist/core.js'));
const { BuiltinEmbeddingProvider, BUILTIN_DIMENSIONS, BUILTIN_MAX_CHARS, stemWord } = core;

const PARSE_CONFIG_FILE = `def parse_config_file(path):
    """Read a YAML config file and return its settings as a dict."""
    with open(path) as handle:
        return yaml.safe_load(handle)
`;
const PARSE_CONFIG_TS = `export function parseConfigFile(path: string): Config {
  // Reads the settings file and validates it.
  const text = readFileSync(path, 'utf8');
  return validate(JSON.parse(text));
}
`;
const RENDER_BUTTON = `export function renderButton(label: string, onClick: () => void): HTMLElement {
  const button = document.createElement('button');
  button.textContent = label;
  button.addEventListener('click', onClick);
  return button;
}
`;

function cosine(a, b) {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i] * b[i];
  return dot;
}

function norm(v) {
  return Math.sqrt(cosine(v, v));
}

function assertUnit(vector, what) {
  assert.ok(vector instanceof Float32Array, `${what}: a Float32Array`);
  assert.equal(vector.length, BUILTIN_DIMENSIONS, `${what}: length`);
  assert.ok(vector.every(Number.isFinite), `${what}: finite values`);
  assert.ok(Math.abs(norm(vector) - 1) < 1e-5, `${what}: norm ${norm(vector)}`);
}

async function embedOne(provider, text, purpose = 'document') {
  const [vector] = await provider.embed([text], purpose);
  return vector;
}

test('declares a stable id and its dimensions, and returns one vector per text in order', async () => {
  const provider = new BuiltinEmbeddingProvider();
  assert.equal(provider.id, 'builtin-v1');
  assert.equal(provider.dimensions, BUILTIN_DIMENSIONS);
  const texts = [PARSE_CONFIG_FILE, RENDER_BUTTON, PARSE_CONFIG_TS];
  const vectors = await provider.embed(texts, 'document');
  assert.equal(vectors.length, 3);
  for (let i = 0; i < texts.length; i++) assert.deepEqual(vectors[i], await embedOne(provider, texts[i]));
  assert.deepEqual(await provider.embed([], 'query'), []);
});

test('other dimensions are honoured, and impossible ones are refused with the reason', async () => {
  const small = new BuiltinEmbeddingProvider({ dimensions: 256 });
  assert.equal((await embedOne(small, RENDER_BUTTON)).length, 256);
  for (const dimensions of [0, 8, 100.5, 10_000, Number.NaN]) {
    assert.throws(() => new BuiltinEmbeddingProvider({ dimensions }), /dimensions must be an integer from 16 to 4096/);
  }
});

test('bad arguments fail with a precise error instead of a vector of garbage', async () => {
  const provider = new BuiltinEmbeddingProvider();
  await assert.rejects(provider.embed(['ok', 42], 'document'), /texts\[1\] is number, not a string/);
  await assert.rejects(provider.embed(['ok'], 'passage'), /purpose must be "document" or "query"/);
  await assert.rejects(provider.embed('not a list', 'query'), /texts must be an array of strings/);
});

test('every vector has unit length, whatever the input', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const inputs = {
    empty: '',
    whitespace: ' \n\t\n ',
    punctuation: '{}();[]<>=+-*/ !== ===',
    'stop words only': 'how to do it in the',
    digits: '0 1 2 3 42 1e9',
    accented: 'def déplacer_fichier(chemin): return ouvrir(chemin)',
    cjk: '函数 读取配置文件 設定を読み込む',
    emoji: 'const 🚀 = launch(); // 🎉 done',
    'lone surrogates': 'x = "\ud800\udc00\ud800"',
    nul: 'a\u0000b\u0000c',
    'one huge identifier': 'x'.repeat(200_000),
    'huge file': RENDER_BUTTON.repeat(5_000),
  };
  for (const purpose of ['document', 'query']) {
    for (const [what, text] of Object.entries(inputs)) assertUnit(await embedOne(provider, text, purpose), `${what} as ${purpose}`);
  }
});

test('texts with nothing to match are alike and far from real code, never NaN', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const [empty, stops, code] = await provider.embed(['', 'the of and', RENDER_BUTTON], 'document');
  assert.deepEqual(empty, stops);
  assert.ok(Math.abs(cosine(empty, code)) < 0.2, `empty vs code: ${cosine(empty, code)}`);
});

test('only the first BUILTIN_MAX_CHARS characters of a text count', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const head = 'alpha_beta '.repeat(Math.ceil(BUILTIN_MAX_CHARS / 11)).slice(0, BUILTIN_MAX_CHARS);
  const [clipped, full] = await provider.embed([head, head + ' gamma_delta zeta'.repeat(1000)], 'document');
  assert.deepEqual(clipped, full);
});

test('the same text gives the same vector in any provider, batch, order or history', async () => {
  const first = new BuiltinEmbeddingProvider();
  const texts = [PARSE_CONFIG_FILE, RENDER_BUTTON, PARSE_CONFIG_TS];
  const before = await first.embed(texts, 'document');
  // Over 100,000 distinct identifiers: past the word caches' limit, so they are cleared in between.
  const noise = Array.from({ length: 23 }, (_, t) => Array.from({ length: 4500 }, (_, i) => `word${t}x${i}y`).join(' '));
  await first.embed(noise, 'document');
  // Words first seen before the clear beside words first seen after it.
  const mixed = [PARSE_CONFIG_FILE + noise[22].slice(0, 2000), noise[22].slice(0, 2000) + RENDER_BUTTON];
  const after = await first.embed([...mixed, ...[...texts].reverse()], 'document');
  const fresh = await new BuiltinEmbeddingProvider().embed([...mixed, ...[...texts].reverse()], 'document');
  assert.deepEqual(after, fresh, 'a provider whose caches were cleared agrees with a fresh one');
  assert.deepEqual(after.slice(mixed.length).reverse(), before, 'the same texts give the same vectors as before');
});

test('a plain-words query is nearer the code it describes than unrelated code', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const [pythonDoc, tsDoc, buttonDoc] = await provider.embed([PARSE_CONFIG_FILE, PARSE_CONFIG_TS, RENDER_BUTTON], 'document');
  const cases = [
    ['parse config file', [pythonDoc, tsDoc], buttonDoc],
    ['parseConfigFile', [pythonDoc, tsDoc], buttonDoc],
    ['read the settings', [pythonDoc, tsDoc], buttonDoc],
    ['render a button', [buttonDoc], pythonDoc],
    ['click handler for buttons', [buttonDoc], tsDoc],
  ];
  for (const [query, related, unrelated] of cases) {
    const q = await embedOne(provider, query, 'query');
    for (const doc of related) {
      assert.ok(cosine(q, doc) > cosine(q, unrelated) + 0.05, `"${query}": ${cosine(q, doc)} vs unrelated ${cosine(q, unrelated)}`);
    }
  }
  assert.ok(cosine(pythonDoc, tsDoc) > cosine(pythonDoc, buttonDoc), 'the two config parsers are nearer each other than a button');
});

test('word pieces match across forms of a word: iterable, iterate, iterator', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const [iterable, unrelated] = await provider.embed(
    ['def is_iterable(obj):\n    return hasattr(obj, "__iter__")\n', 'def send_email(to, body):\n    smtp.sendmail(to, body)\n'],
    'document',
  );
  for (const query of ['check if a variable is iterable', 'iterate', 'iterator']) {
    const q = await embedOne(provider, query, 'query');
    assert.ok(cosine(q, iterable) > cosine(q, unrelated) + 0.05, `"${query}": ${cosine(q, iterable)} vs ${cosine(q, unrelated)}`);
  }
});

test('the name a chunk defines weighs more than a name it only calls, in every language it reads', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const definitions = {
    python: 'def parse_config(text):\n    return load_file(text)\n',
    async_python: '@cached\nasync def parse_config(text):\n    return await load_file(text)\n',
    typescript: 'export async function parseConfig(text: string): Promise<Config> {\n  return loadFile(text);\n}\n',
    arrow: 'export const parseConfig = async (text: string): Promise<Config> => {\n  return loadFile(text);\n};\n',
    method: 'class Reader {\n  parseConfig(text: string): Config {\n    return loadFile(text);\n  }\n}\n',
    java: 'public static Config parseConfig(String text) throws IOException {\n    return loadFile(text);\n}\n',
    go: 'func (r *Reader) ParseConfig(text string) (*Config, error) {\n\treturn loadFile(text)\n}\n',
    rust: 'pub(crate) fn parse_config(text: &str) -> Config {\n    load_file(text)\n}\n',
    ruby: 'def self.parse_config(text)\n  load_file(text)\nend\n',
  };
  const [byName, byCall] = await provider.embed(['parse config', 'load file'], 'query');
  for (const [language, code] of Object.entries(definitions)) {
    const doc = await embedOne(provider, code);
    assert.ok(cosine(byName, doc) > cosine(byCall, doc) + 0.25, `${language}: name ${cosine(byName, doc)} vs call ${cosine(byCall, doc)}`);
  }
});

test('words of comments and docstrings weigh more than the same words in code', async () => {
  const provider = new BuiltinEmbeddingProvider();
  const [inDoc, inCode] = await provider.embed(
    [
      'def f(a):\n    """Compress the archive."""\n    return shrink(a)\n',
      'def f(a):\n    """Shrink it."""\n    return compress(archive(a))\n',
    ],
    'document',
  );
  const q = await embedOne(provider, 'compress archive', 'query');
  assert.ok(cosine(q, inDoc) > cosine(q, inCode), `docstring ${cosine(q, inDoc)} vs code ${cosine(q, inCode)}`);
});

test('the light stemmer folds inflections and leaves short words alone', () => {
  const same = [
    ['parse', 'parses', 'parsed', 'parsing'],
    ['file', 'files'],
    ['copy', 'copies'],
    ['run', 'running'],
    ['stop', 'stopped'],
    ['quick', 'quickly'],
  ];
  for (const group of same) assert.equal(new Set(group.map(stemWord)).size, 1, `${group.join(', ')}: ${group.map(stemWord)}`);
  for (const word of ['is', 'os', 'csv', 'str', 'string', 'class', 'status', 'bring', 'pass']) {
    assert.ok(stemWord(word).length >= Math.min(word.length, 3), `${word} -> ${stemWord(word)}`);
  }
  assert.equal(stemWord('string'), 'string');
  assert.equal(stemWord('class'), 'class');
});
