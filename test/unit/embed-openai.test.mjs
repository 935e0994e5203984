// The openai embedding provider against a real HTTP server on 127.0.0.1 that speaks the protocol and
// misbehaves on demand: batching, dimensions, unit vectors, retries on 429 and 5xx within bounds,
// timeouts, malformed answers, and an API key that is sent as a bearer token and never shown.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { rawVector, startFakeEmbeddingsServer } from '../helpers/fake-embeddings-server.mjs';
import { runCli, describe as describeRun } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const { OpenAIEmbeddingProvider, createProvider, createProviderOrBuiltin, retryAfterMs, IndexError } = core;
const KEY = 'sk-test-Zq9SECRETkey0123456789';
const KEY_ENV = 'CODE_INDEX_OPENAI_API_KEY';
/** Short waits so that retry paths run in milliseconds. */
const FAST = { retryBaseMs: 5, maxRetryWaitMs: 2000 };

function connect(server, options = {}) {
  return OpenAIEmbeddingProvider.connect({ endpoint: server.endpoint, model: 'tiny-embed', apiKey: KEY, ...FAST, ...options });
}

function unit(values) {
  const norm = Math.hypot(...values);
  return values.map((v) => v / norm);
}

function assertClose(actual, expected, message) {
  assert.equal(actual.length, expected.length, message);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) < 1e-6, `${message}: [${i}] ${actual[i]} vs ${expected[i]}`);
}

/** Awaits `promise`, expects it to reject with an IndexError, checks the key is not in it, and returns it. */
async function failure(promise) {
  const err = await promise.then(
    () => assert.fail('expected a rejection'),
    (e) => e,
  );
  assert.ok(err instanceof IndexError, `expected an IndexError, got ${err?.stack ?? err}`);
  assert.ok(!err.message.includes(KEY) && !String(err.stack).includes(KEY), `the key leaked: ${err.message}`);
  return err;
}

test('connect learns the dimensions from one probe, sends the model and the key as a bearer token', async (t) => {
  const server = await startFakeEmbeddingsServer(t, { dimensions: 6 });
  const provider = await connect(server);
  assert.equal(provider.dimensions, 6);
  assert.equal(provider.id, `openai:tiny-embed@${server.host}`);
  assert.equal(server.requests.length, 1);
  const [probe] = server.requests;
  assert.equal(probe.method, 'POST');
  assert.equal(probe.url, '/v1/embeddings');
  assert.equal(probe.headers.authorization, `Bearer ${KEY}`);
  assert.equal(probe.headers['content-type'], 'application/json');
  assert.equal(probe.body.model, 'tiny-embed');
  assert.equal(probe.body.input.length, 1);
  assert.ok(!JSON.stringify(provider).includes(KEY), 'the key is not an enumerable property');
});

test('vectors come back unit length and in input order, though the server lists them reversed', async (t) => {
  const server = await startFakeEmbeddingsServer(t, { dimensions: 5 });
  const provider = await connect(server, { dimensions: 5 });
  assert.equal(server.requests.length, 0, 'no probe when the dimensions are configured');
  const texts = ['parse config', 'open database', 'retry with backoff'];
  const vectors = await provider.embed(texts, 'document');
  assert.equal(vectors.length, 3);
  vectors.forEach((v, i) => {
    assert.ok(v instanceof Float32Array);
    assertClose(Array.from(v), unit(rawVector(texts[i], 5)), `vector of "${texts[i]}"`);
  });
  assert.deepEqual(await provider.embed([], 'query'), []);
  assert.equal(server.requests.length, 1, 'an empty list sends nothing');
});

test('big inputs are split into requests of at most batchSize texts', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { batchSize: 4, dimensions: server.dimensions });
  const texts = Array.from({ length: 10 }, (_, i) => `text number ${i}`);
  const vectors = await provider.embed(texts, 'document');
  assert.deepEqual(
    server.requests.map((r) => r.body.input.length),
    [4, 4, 2],
  );
  assert.deepEqual(
    server.requests.flatMap((r) => r.body.input),
    texts,
  );
  vectors.forEach((v, i) => assertClose(Array.from(v), unit(rawVector(texts[i], server.dimensions)), `text ${i}`));
});

test('no key, no authorization header; the factory reads the key from the environment, an explicit key wins', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  await OpenAIEmbeddingProvider.connect({ endpoint: server.endpoint, model: 'm' });
  assert.equal(server.requests[0].headers.authorization, undefined);

  const saved = process.env[KEY_ENV];
  t.after(() => (saved === undefined ? delete process.env[KEY_ENV] : (process.env[KEY_ENV] = saved)));
  process.env[KEY_ENV] = KEY;
  const fromEnv = await createProvider({ provider: 'openai', endpoint: server.endpoint, model: 'm' });
  assert.equal(fromEnv.id, `openai:m@${server.host}`);
  assert.equal(server.requests[1].headers.authorization, `Bearer ${KEY}`);
  await createProvider({ provider: 'openai', endpoint: `${server.endpoint}/`, model: 'm' }, { apiKey: 'sk-from-secret-storage' });
  assert.equal(server.requests[2].headers.authorization, 'Bearer sk-from-secret-storage');
  assert.equal(server.requests[2].url, '/v1/embeddings', 'a trailing slash on the endpoint is fine');
});

test('a change of model or host changes the provider id, so the index re-embeds', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const a = await connect(server, { model: 'model-a' });
  const b = await connect(server, { model: 'model-b' });
  const c = new OpenAIEmbeddingProvider({ endpoint: server.endpoint.replace('127.0.0.1', 'localhost'), model: 'model-a', dimensions: 6 });
  assert.notEqual(a.id, b.id);
  assert.notEqual(a.id, c.id);
  assert.match(c.id, /^openai:model-a@localhost:\d+$/);
});

test('429 with retry-after in seconds is honoured', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions });
  server.script({ status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'slow down' } } });
  const started = performance.now();
  const [vector] = await provider.embed(['hello'], 'query');
  const waited = performance.now() - started;
  assert.equal(server.requests.length, 2);
  assert.ok(waited >= 950, `waited ${waited} ms for a retry-after of 1 s`);
  assert.equal(vector.length, server.dimensions);
});

test('429 with retry-after as an HTTP date is honoured', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions });
  // An HTTP date has whole seconds: two seconds ahead is at least one second's wait.
  const at = new Date(Date.now() + 2000).toUTCString();
  server.script({ status: 429, headers: { 'retry-after': at } });
  const started = performance.now();
  await provider.embed(['hello'], 'query');
  const waited = performance.now() - started;
  assert.equal(server.requests.length, 2);
  assert.ok(waited >= 900 && waited < 4000, `waited ${waited} ms until ${at}`);
});

test('a retry-after longer than the cap waits only the cap, and retries stop at the bound', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions, maxRetryWaitMs: 100, retries: 2 });
  const limited = { status: 429, headers: { 'retry-after': '3600' }, body: { error: { message: 'quota exceeded' } } };
  server.script(limited, limited, limited, limited);
  const started = performance.now();
  const err = await failure(provider.embed(['hello'], 'query'));
  const waited = performance.now() - started;
  assert.equal(server.requests.length, 3, 'one try and two retries');
  assert.ok(waited >= 190 && waited < 3000, `two capped waits of 100 ms, took ${waited} ms`);
  assert.match(err.message, /429/);
  assert.match(err.message, /quota exceeded/);
  assert.match(err.message, /gave up after 3 attempts/);
});

test('retry-after parsing: seconds, HTTP date, nonsense', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  assert.equal(retryAfterMs('2', now), 2000);
  assert.equal(retryAfterMs(' 0.5 ', now), 500);
  assert.equal(retryAfterMs('Wed, 01 Jan 2025 00:00:05 GMT', now), 5000);
  assert.equal(retryAfterMs('Tue, 31 Dec 2024 23:00:00 GMT', now), 0, 'a date in the past means now');
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(null, now), undefined);
});

test('5xx is retried with backoff and then succeeds', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions });
  server.script({ status: 500, body: 'boom' }, { status: 503, body: { error: 'loading model' } });
  const vectors = await provider.embed(['a', 'b'], 'document');
  assert.equal(vectors.length, 2);
  assert.equal(server.requests.length, 3);
});

test('5xx that persists fails after the bounded retries, with the status and what the server said', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions, retries: 2 });
  const broken = { status: 502, body: { error: { message: `upstream down (your key ${KEY})` } } };
  server.script(broken, broken, broken, broken);
  const err = await failure(provider.embed(['a'], 'document'));
  assert.equal(server.requests.length, 3);
  assert.equal(err.code, 'IO');
  assert.match(err.message, /502/);
  assert.match(err.message, /upstream down \(your key \[redacted\]\)/);
  assert.match(err.message, new RegExp(server.endpoint.replace(/[./]/g, '\\$&')));
});

test('a 4xx other than 429 fails at once with the status and the server message, key redacted', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions });
  server.script({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}.`, type: 'invalid_request_error' } } });
  const err = await failure(provider.embed(['a'], 'document'));
  assert.equal(server.requests.length, 1, 'not retried');
  assert.equal(err.code, 'BAD_CONFIG');
  assert.match(err.message, /401/);
  assert.match(err.message, /Incorrect API key provided: \[redacted\]/);
  assert.match(err.message, /Check the API key/);

  server.script({ status: 404, body: { error: 'model "nope" not found, try pulling it first' } });
  const missing = await failure(provider.embed(['a'], 'document'));
  assert.match(missing.message, /404/);
  assert.match(missing.message, /model "nope" not found/);
  assert.match(missing.message, /tiny-embed/);
  assert.equal(server.requests.length, 2);

  // Not followed: the POST would become a GET, and the key might go along to another host.
  server.script({ status: 308, headers: { location: 'https://elsewhere.invalid/v2/embeddings?token=abc' } });
  const moved = await failure(provider.embed(['a'], 'document'));
  assert.match(moved.message, /redirects to https:\/\/elsewhere\.invalid\/v2\/embeddings \(308/);
  assert.doesNotMatch(moved.message, /token=abc/);
  assert.equal(server.requests.length, 3);
});

test('a request that hangs times out; one hang then an answer succeeds on the retry', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  const provider = await connect(server, { dimensions: server.dimensions, timeoutMs: 200, retries: 0 });
  server.script({ hang: true });
  const started = performance.now();
  const err = await failure(provider.embed(['a'], 'document'));
  const took = performance.now() - started;
  assert.match(err.message, /did not answer within 0\.2 s/);
  assert.ok(took >= 190 && took < 2000, `gave up after ${took} ms`);

  const patient = await connect(server, { dimensions: server.dimensions, timeoutMs: 200, retries: 1 });
  server.script({ hang: true });
  const [vector] = await patient.embed(['a'], 'document');
  assert.equal(vector.length, server.dimensions);
});

test('a closed port fails fast with a clear message', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  await server.close();
  const started = performance.now();
  const err = await failure(connect(server, { retries: 3, retryBaseMs: 1000 }));
  assert.ok(performance.now() - started < 1000, 'connection refused is not retried');
  assert.match(err.message, /Cannot reach the embedding endpoint http:\/\/127\.0\.0\.1:\d+\/v1\/embeddings \(ECONNREFUSED\)/);
});

test('malformed answers fail clearly and are not retried', async (t) => {
  const server = await startFakeEmbeddingsServer(t, { dimensions: 4 });
  const provider = await connect(server);
  const item = (index, embedding) => ({ index, embedding });
  const cases = [
    [{ payload: (input) => ({ data: input.slice(1).map((_, i) => item(i, [1, 2, 3, 4])) }) }, /holds 1 embeddings for 2 texts/],
    [{ payload: () => ({ data: [item(0, [1, 2, 3, 4]), item(1, [1, 2, 3])] }) }, /item 1 has 3 dimensions where 4 were expected/],
    [{ payload: () => ({ data: [item(0, [1, 2, 3, 4]), item(1, [1, '2', 3, 4])] }) }, /item 1 holds "2" at position 1, not a number/],
    [{ payload: () => ({ data: [item(0, [1, 2, 3, 4]), item(1, [1, null, 3, 4])] }) }, /item 1 holds null at position 1/],
    [{ payload: () => ({ data: [item(0, [1, 2, 3, 4]), item(0, [1, 2, 3, 4])] }) }, /bad or repeated index/],
    [{ payload: () => ({ data: [item(0, [1, 2, 3, 4]), item(1, [0, 0, 0, 0])] }) }, /item 1 is all zeros/],
    [{ payload: () => ({ data: [item(0, [1, 2, 3, 4]), { index: 1 }] }) }, /item 1 has no "embedding" array/],
    [{ payload: () => ({ embeddings: [] }) }, /no "data" array/],
    [{ status: 200, body: '<html>proxy login</html>' }, /not JSON \(starts "<html>proxy login/],
    // Vectors of another size than the first answer's: the model behind the endpoint changed.
    [{ payload: (input) => ({ data: input.map((_, i) => item(i, [1, 2, 3, 4, 5])) }) }, /item 0 has 5 dimensions where 4 were expected/],
  ];
  for (const [step, expected] of cases) {
    const before = server.requests.length;
    server.script(step);
    const err = await failure(provider.embed(['one', 'two'], 'document'));
    assert.match(err.message, expected);
    assert.match(err.message, /malformed answer/);
    assert.equal(server.requests.length, before + 1, `not retried: ${expected}`);
  }
  assert.equal(provider.dimensions, 4);
});

test('settings are checked where they enter, with what to do', async () => {
  const bad = async (settings, pattern) => {
    const err = await failure(createProvider(settings));
    assert.equal(err.code, 'BAD_CONFIG');
    assert.match(err.message, pattern);
  };
  await bad(
    { provider: 'openai', model: 'm' },
    /needs an endpoint, such as http:\/\/localhost:11434\/v1: set "embedding.endpoint" in .*settings\.json, CODE_INDEX_EMBEDDING_ENDPOINT, or --endpoint/,
  );
  await bad({ provider: 'openai', endpoint: 'http://127.0.0.1:9/v1' }, /needs a model name.*CODE_INDEX_EMBEDDING_MODEL/);
  await bad({ provider: 'openai', endpoint: 'localhost:11434', model: 'm' }, /must be an http:\/\/ or https:\/\/ URL/);
  await bad({ provider: 'openai', endpoint: 'not a url', model: 'm' }, /is not a URL/);
  await bad({ provider: 'openai', endpoint: `http://user:${KEY}@127.0.0.1:9/v1`, model: 'm' }, /holds credentials/);
  const err = await failure(
    Promise.resolve().then(
      () => new OpenAIEmbeddingProvider({ endpoint: 'http://127.0.0.1:9/v1', model: 'm', apiKey: `${KEY}\nX-Evil: 1` }),
    ),
  );
  assert.match(err.message, /API key holds spaces or control characters/);
});

test('createProviderOrBuiltin falls back to builtin with a warning that names the failure, not the key', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  server.script({ status: 403, body: { error: { message: `key ${KEY} is disabled` } } });
  const warnings = [];
  const provider = await createProviderOrBuiltin({ provider: 'openai', endpoint: server.endpoint, model: 'm' }, (m) => warnings.push(m), {
    apiKey: KEY,
  });
  assert.match(provider.id, /^builtin/);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /403/);
  assert.match(warnings[0], /key \[redacted\] is disabled/);
  assert.match(warnings[0], /Falling back to the builtin embedder\.$/);
  assert.ok(!warnings[0].includes(KEY));
});

test('the CLI embeds through the endpoint and searches by meaning, and prints the key nowhere', async (t) => {
  const server = await startFakeEmbeddingsServer(t, { dimensions: 8 });
  const dir = writeFiles(tempDir(t, 'openai'), {
    'src/config.py': 'def parse_config(path):\n    """Read the settings file."""\n    return open(path).read()\n',
    'src/net.ts': 'export function retryRequest(url: string) {\n  return fetch(url);\n}\n',
  });
  const env = {
    [KEY_ENV]: KEY,
    CODE_INDEX_EMBEDDING_PROVIDER: 'openai',
    CODE_INDEX_EMBEDDING_ENDPOINT: server.endpoint,
    CODE_INDEX_EMBEDDING_MODEL: 'tiny-embed',
    XDG_CONFIG_HOME: tempDir(t, 'config'),
  };
  const indexed = await runCli(['index', dir], { env });
  assert.equal(indexed.code, 0, describeRun(indexed));
  const embedded = await runCli(['embed', dir, '--json'], { env });
  assert.equal(embedded.code, 0, describeRun(embedded));
  const summary = JSON.parse(embedded.stdout);
  assert.equal(summary.model, `openai:tiny-embed@${server.host}`);
  assert.equal(summary.dimensions, 8);
  assert.ok(summary.embedded >= 2, describeRun(embedded));
  assert.ok(server.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`));

  const searched = await runCli(['search', 'parse config', '--dir', dir, '--mode', 'semantic', '--json'], { env });
  assert.equal(searched.code, 0, describeRun(searched));
  assert.ok(JSON.parse(searched.stdout).length > 0, describeRun(searched));
  assert.deepEqual(server.requests.at(-1).body.input, ['parse config'], 'the query went to the endpoint');
  for (const run of [indexed, embedded, searched]) assert.ok(!(run.stdout + run.stderr).includes(KEY), 'the key leaked');
});

test('the CLI warns and falls back to builtin when the endpoint refuses the key', async (t) => {
  const server = await startFakeEmbeddingsServer(t);
  server.script({ status: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } });
  const dir = writeFiles(tempDir(t, 'openai'), { 'a.py': 'def alpha():\n    return 1\n' });
  const env = { [KEY_ENV]: KEY, XDG_CONFIG_HOME: tempDir(t, 'config') };
  assert.equal((await runCli(['index', dir], { env })).code, 0);
  const run = await runCli(['embed', dir, '--provider', 'openai', '--endpoint', server.endpoint, '--model', 'm', '--json'], { env });
  assert.equal(run.code, 0, describeRun(run));
  assert.match(run.stderr, /401/);
  assert.match(run.stderr, /Falling back to the builtin embedder/);
  assert.match(JSON.parse(run.stdout).model, /^builtin/);
  assert.ok(!(run.stdout + run.stderr).includes(KEY), 'the key leaked');
});
