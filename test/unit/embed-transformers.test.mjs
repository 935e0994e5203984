// The transformers embedding provider running the real @huggingface/transformers loading and ONNX
// inference on a tiny model these tests write themselves (test/helpers/tiny-model.mjs): from a folder,
// from a hub (a local HTTP server standing in for one) into a cache and then offline, and every way
// a model can fail to load, each with a message that says what to do.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { core, REPO_ROOT } from '../helpers/core.mjs';
import { runCli, describe as describeRun } from '../helpers/cli.mjs';
import { TINY_DIMENSIONS, writeTinyModel } from '../helpers/tiny-model.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const { TransformersEmbeddingProvider, createProvider, createProviderOrBuiltin, IndexError } = core;

/** A tiny model in a fresh folder whose name has a space, as a user's folder may. */
function tinyModel(t) {
  return writeTinyModel(join(tempDir(t, 'model'), 'tiny model'));
}

async function load(t, options) {
  const provider = await TransformersEmbeddingProvider.load(options);
  t.after(() => provider.close());
  return provider;
}

function assertClose(actual, expected, message) {
  assert.equal(actual.length, expected.length, message);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) < 1e-5, `${message}: [${i}] ${actual[i]} vs ${expected[i]}`);
}

async function loadFailure(promise) {
  const err = await promise.then(
    () => assert.fail('expected the model to fail to load'),
    (e) => e,
  );
  assert.ok(err instanceof IndexError, `expected an IndexError, got ${err?.stack ?? err}`);
  assert.equal(err.code, 'BAD_CONFIG', err.message);
  return err;
}

test('a model folder loads through the factory and its vectors are the mean-pooled, normalised token embeddings', async (t) => {
  const model = tinyModel(t);
  const provider = await createProvider({ provider: 'transformers', model: model.dir });
  t.after(() => provider.close());
  assert.equal(provider.dimensions, TINY_DIMENSIONS);
  assert.equal(provider.id, `transformers:${model.dir}`);
  const [a, b, c] = await provider.embed(['parse config file', 'Open the DATABASE', 'retrying'], 'document');
  assertClose(Array.from(a), model.expectedVector(['parse', 'config', 'file']), 'parse config file');
  assertClose(Array.from(b), model.expectedVector(['open', 'the', 'database']), 'lower-cased by the tokenizer');
  assertClose(Array.from(c), model.expectedVector(['retry', '##ing']), 'split into word pieces');
  for (const v of [a, b, c]) assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-5, 'unit length');
});

test('texts padded in one batch, or split over batches, embed as they do alone', async (t) => {
  const model = tinyModel(t);
  const provider = await load(t, { model: model.dir, batchSize: 2 });
  const texts = ['a', 'search the index of the database', 'user', 'http request server client token', 'error'];
  const together = await provider.embed(texts, 'document');
  assert.equal(together.length, texts.length);
  for (const [i, text] of texts.entries()) {
    const [alone] = await provider.embed([text], 'query');
    assertClose(Array.from(together[i]), Array.from(alone), `"${text}"`);
  }
  assert.deepEqual(await provider.embed([], 'document'), []);
});

test('a relative folder and ~ are resolved; the id names the absolute folder', async (t) => {
  const model = tinyModel(t);
  const provider = await load(t, { model: relative(process.cwd(), model.dir) });
  assert.equal(provider.id, `transformers:${model.dir}`);

  const home = process.env.HOME;
  t.after(() => (process.env.HOME = home));
  process.env.HOME = dirname(model.dir);
  const fromHome = await load(t, { model: '~/tiny model' });
  assert.equal(fromHome.id, `transformers:${model.dir}`);
});

test('a hub model downloads once into the cache, then loads from the cache with the hub gone', async (t) => {
  const model = tinyModel(t);
  const hub = await startFakeHub(t, 'code-index/tiny-embed', model.dir);
  const cacheDir = tempDir(t, 'cache');
  const first = await load(t, { model: 'code-index/tiny-embed', cacheDir, hubUrl: hub.url });
  assert.equal(first.id, 'transformers:code-index/tiny-embed');
  assert.ok(hub.requests.includes('/code-index/tiny-embed/resolve/main/onnx/model.onnx'), hub.requests.join(', '));
  const [fromHub] = await first.embed(['parse config'], 'query');

  await hub.close();
  const second = await load(t, { model: 'code-index/tiny-embed', cacheDir, hubUrl: hub.url });
  const [fromCache] = await second.embed(['parse config'], 'query');
  assertClose(Array.from(fromCache), Array.from(fromHub), 'the cached model is the same model');
  assertClose(Array.from(fromCache), model.expectedVector(['parse', 'config']), 'and the right one');
});

test('a hub model that cannot be downloaded says so and what to do instead', async (t) => {
  const hub = await startFakeHub(t, 'code-index/tiny-embed', tinyModel(t).dir);
  await hub.close();
  const err = await loadFailure(
    TransformersEmbeddingProvider.load({ model: 'code-index/tiny-embed', cacheDir: tempDir(t, 'cache'), hubUrl: hub.url }),
  );
  assert.match(err.message, /Cannot download the embedding model "code-index\/tiny-embed" \(ECONNREFUSED\)/);
  assert.match(err.message, /local folder holding config\.json, tokenizer\.json and onnx\/model\.onnx/);
});

test('folders that are not models fail with a message naming the folder and what is wrong', async (t) => {
  const root = tempDir(t, 'bad-models');
  await loadFailure(TransformersEmbeddingProvider.load({ model: join(root, 'absent') })).then((err) => {
    assert.match(err.message, /The embedding model folder .*absent does not exist\./);
  });

  const noTokenizer = writeTinyModel(join(root, 'no-tokenizer')).dir;
  rmSync(join(noTokenizer, 'tokenizer.json'));
  rmSync(join(noTokenizer, 'onnx', 'model.onnx'));
  await loadFailure(TransformersEmbeddingProvider.load({ model: noTokenizer })).then((err) => {
    assert.match(err.message, /no-tokenizer lacks tokenizer\.json, onnx\/model\.onnx/);
  });

  const corrupt = writeTinyModel(join(root, 'corrupt')).dir;
  writeFileSync(join(corrupt, 'onnx', 'model.onnx'), 'this is not a protobuf');
  await loadFailure(TransformersEmbeddingProvider.load({ model: corrupt })).then((err) => {
    assert.match(err.message, /^Cannot load the embedding model ".*corrupt": /);
    assert.match(err.message, /model\.onnx/);
  });

  const badConfig = writeTinyModel(join(root, 'bad-config')).dir;
  writeFileSync(join(badConfig, 'config.json'), '{ not json');
  await loadFailure(TransformersEmbeddingProvider.load({ model: badConfig })).then((err) => {
    assert.match(err.message, /The embedding model file .*bad-config\/config\.json is not valid JSON/);
  });

  const badTokenizer = writeTinyModel(join(root, 'bad-tokenizer')).dir;
  writeFileSync(join(badTokenizer, 'tokenizer.json'), JSON.stringify({ model: { type: 'NoSuchModel' } }));
  await loadFailure(TransformersEmbeddingProvider.load({ model: badTokenizer })).then((err) => {
    assert.match(err.message, /^Cannot load the embedding model ".*bad-tokenizer": .+/);
  });

  const file = join(root, 'model.onnx');
  writeFileSync(file, 'x');
  await loadFailure(TransformersEmbeddingProvider.load({ model: file })).then((err) => {
    assert.match(err.message, /is a file; give the folder that holds config\.json/);
  });
});

test('a model that fails to load falls back to builtin with a clear warning', async (t) => {
  const corrupt = writeTinyModel(join(tempDir(t, 'bad-model'), 'corrupt')).dir;
  writeFileSync(join(corrupt, 'onnx', 'model.onnx'), Buffer.alloc(64, 0xff));
  const warnings = [];
  const provider = await createProviderOrBuiltin({ provider: 'transformers', model: corrupt }, (m) => warnings.push(m));
  assert.match(provider.id, /^builtin/);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^Cannot load the embedding model ".*corrupt": .+\. Falling back to the builtin embedder\.$/);
});

test('the library is loaded only when the transformers provider is used', (t) => {
  const model = tinyModel(t);
  // A child process, so this file's other tests have not loaded it already; /proc/self/maps lists
  // the shared libraries a process has mapped, ONNX Runtime's among them once the library loads.
  const script = `
    const core = require(${JSON.stringify(join(REPO_ROOT, 'dist', 'core.js'))});
    const loaded = () => require('node:fs').readFileSync('/proc/self/maps', 'utf8').includes('libonnxruntime');
    (async () => {
      const builtin = await core.createProvider({ provider: 'builtin' });
      await builtin.embed(['parse config'], 'document');
      const before = loaded();
      const tx = await core.createProvider({ provider: 'transformers', model: process.argv[1] });
      await tx.close();
      console.log(JSON.stringify({ before, after: loaded() }));
    })();`;
  const out = JSON.parse(execFileSync(process.execPath, ['-e', script, model.dir], { encoding: 'utf8' }));
  assert.deepEqual(out, { before: false, after: true });
  const bundle = readFileSync(join(REPO_ROOT, 'dist', 'cli.js'), 'utf8');
  assert.doesNotMatch(bundle, /require\(["']@huggingface\/transformers["']\)/, 'no eager require in the CLI bundle');
});

test('the CLI embeds with a model folder and searches by vector with it', async (t) => {
  const model = tinyModel(t);
  const dir = writeFiles(tempDir(t, 'transformers'), {
    'src/config.py': 'def parse_config(path):\n    """Read the config file."""\n    return open(path).read()\n',
    'src/db.ts': 'export function openDatabase(path: string) {\n  return connect(path);\n}\n',
  });
  const env = {
    CODE_INDEX_EMBEDDING_PROVIDER: 'transformers',
    CODE_INDEX_EMBEDDING_MODEL: model.dir,
    XDG_CONFIG_HOME: tempDir(t, 'config'),
  };
  assert.equal((await runCli(['index', dir], { env })).code, 0);
  const embedded = await runCli(['embed', dir, '--json'], { env });
  assert.equal(embedded.code, 0, describeRun(embedded));
  const summary = JSON.parse(embedded.stdout);
  assert.equal(summary.model, `transformers:${model.dir}`);
  assert.equal(summary.dimensions, TINY_DIMENSIONS);
  assert.ok(summary.embedded >= 2, describeRun(embedded));
  assert.equal(embedded.stderr.trim(), '', 'nothing on stderr');

  const searched = await runCli(['search', 'parse config file', '--dir', dir, '--mode', 'semantic', '--json'], { env });
  assert.equal(searched.code, 0, describeRun(searched));
  // The tiny model's vectors are random per token, so which file ranks first means nothing here:
  // what matters is that the query was embedded by the same model and met the stored vectors.
  const hits = JSON.parse(searched.stdout);
  assert.deepEqual(hits.map((h) => h.path).sort(), ['src/config.py', 'src/db.ts'], describeRun(searched));
  assert.ok(
    hits.every((h) => typeof h.scores.vector === 'number'),
    describeRun(searched),
  );
  assert.doesNotMatch(searched.stderr, /skipped|Falling back/, describeRun(searched));
});

/** Serves the files of `folder` as the hub serves a model repository: /{model}/resolve/main/{file}. */
async function startFakeHub(t, modelId, folder) {
  const requests = [];
  const prefix = `/${modelId}/resolve/main/`;
  const server = createServer((req, res) => {
    requests.push(req.url);
    const file = req.url.startsWith(prefix) ? decodeURIComponent(req.url.slice(prefix.length)) : null;
    let body;
    try {
      if (!file || file.includes('..')) throw new Error('outside the model');
      body = readFileSync(join(folder, file));
    } catch {
      res.writeHead(404).end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length }).end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  t.after(close);
  return { url: `http://127.0.0.1:${server.address().port}/`, requests, close };
}
