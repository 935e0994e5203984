// How the parser chunks files, and that bad input (syntax errors, deep nesting, huge minified
// files, empty files) neither crashes nor hangs it. Runs against the built core bundle.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures', 'parser');
const core = createRequire(import.meta.url)(resolve(here, process.env.CODE_INDEX_CORE ?? '../../dist/core.js'));
const limits = core.parserLimits;

let parser;
before(async () => {
  parser = await core.createParser();
});
after(() => parser.dispose());

/** The invariants every extract's chunks keep, whatever the input. */
function assertChunksCover(text, chunks) {
  const lines = text.split('\n');
  const covered = new Set();
  for (const chunk of chunks) {
    assert.ok(chunk.startLine >= 1 && chunk.endLine >= chunk.startLine && chunk.endLine <= lines.length);
    assert.ok(chunk.text.length <= limits.CHUNK_MAX_CHARS, `chunk of ${chunk.text.length} chars`);
    assert.ok(chunk.endLine - chunk.startLine + 1 <= limits.DEFINITION_MAX_LINES);
    assert.match(chunk.text, /\S/, 'no blank chunks');
    assert.equal(chunk.hash, createHash('sha1').update(chunk.text).digest('hex'));
    const expected = lines.slice(chunk.startLine - 1, chunk.endLine).join('\n');
    // A line longer than the cap is cut into pieces: each piece is part of it.
    const ok = expected.length > limits.CHUNK_MAX_CHARS ? expected.includes(chunk.text) : chunk.text === expected;
    assert.ok(ok, `chunk ${chunk.startLine}-${chunk.endLine} is not the text of its lines`);
    for (let line = chunk.startLine; line <= chunk.endLine; line++) covered.add(line);
  }
  lines.forEach((line, i) => {
    if (/\S/.test(line)) assert.ok(covered.has(i + 1), `line ${i + 1} is in no chunk: ${line}`);
  });
}

describe('chunks follow the code', () => {
  for (const name of readdirSync(fixtures)) {
    test(`every non-blank line of ${name} is in a chunk`, async () => {
      const text = readFileSync(join(fixtures, name), 'utf8');
      const extract = await parser.extract(text, core.languageForPath(name));
      assertChunksCover(text, extract.chunks);
    });
  }

  test('a class chunk holds its header and fields, each method a chunk of its own', async () => {
    const text = readFileSync(join(fixtures, 'sample.py'), 'utf8');
    const { chunks } = await parser.extract(text, 'python');
    const shape = chunks.filter((c) => c.symbol === 'Shape');
    assert.deepEqual(
      shape.map((c) => [c.startLine, c.endLine]),
      [[17, 20]],
    );
    assert.ok(!shape[0].text.includes('def __init__'), 'methods are not repeated in the class chunk');
    const init = chunks.find((c) => c.symbol === 'Shape.__init__');
    assert.deepEqual([init.startLine, init.endLine, init.kind], [22, 23, 6]);
    const area = chunks.find((c) => c.symbol === 'Shape.area');
    assert.equal(area.startLine, 25, 'the chunk starts with the decorator');
  });

  test("a doc comment starts its definition's chunk; top-level code is windowed", async () => {
    const text = readFileSync(join(fixtures, 'sample.ts'), 'utf8');
    const { chunks } = await parser.extract(text, 'typescript');
    assert.deepEqual(chunks.find((c) => c.symbol === 'Foo').startLine, 4);
    const imports = chunks[0];
    assert.deepEqual([imports.startLine, imports.symbol, imports.kind], [1, null, null]);
  });

  test('a long function is split at the line cap with overlap, every piece naming it', async () => {
    const body = Array.from({ length: 300 }, (_, i) => `  total += step(${i});`).join('\n');
    const text = `function long() {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    const { chunks } = await parser.extract(text, 'javascript');
    assert.ok(chunks.length >= 4);
    for (const chunk of chunks) {
      assert.equal(chunk.symbol, 'long');
      assert.ok(chunk.endLine - chunk.startLine + 1 <= limits.DEFINITION_MAX_LINES);
    }
    for (let i = 1; i < chunks.length; i++) {
      assert.ok(chunks[i].startLine <= chunks[i - 1].endLine, 'consecutive pieces overlap');
    }
    assertChunksCover(text, chunks);
  });

  test('line windows for text without a grammar', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i + 1}`).join('\n');
    const chunks = core.lineWindowChunks(text);
    assert.deepEqual(
      chunks.map((c) => [c.startLine, c.endLine]),
      [
        [1, 60],
        [56, 115],
        [111, 170],
        [166, 200],
      ],
    );
    assert.ok(chunks.every((c) => c.symbol === null && c.kind === null));
    assertChunksCover(text, chunks);
  });

  test('CRLF line endings and non-BMP characters keep LSP positions', async () => {
    const text = 'const s = "😀"; call();\r\nfunction f() {\r\n  g();\r\n}\r\n';
    const x = await parser.extract(text, 'typescript');
    const call = x.calls.find((c) => c.callee === 'call');
    assert.deepEqual([call.line, call.col], [1, 16], 'columns count UTF-16 code units');
    const f = x.symbols.find((s) => s.name === 'f');
    assert.deepEqual([f.range.startLine, f.range.endLine], [2, 4]);
    assert.equal(f.signature, 'function f() {');
  });
});

describe('bad input', () => {
  test('a syntax error keeps the definitions before it and counts the errors', async () => {
    const text = [
      'export function first(a: number) {',
      '  return a + 1;',
      '}',
      '',
      'class Second {',
      '  ok() { return 1; }',
      '}',
      '',
      'function broken( {',
      '  let x = ;',
      '}',
      '',
    ].join('\n');
    const x = await parser.extract(text, 'typescript');
    assert.ok(x.parseErrors > 0, 'parseErrors is set');
    const names = x.symbols.map((s) => s.name);
    for (const name of ['first', 'Second', 'ok']) assert.ok(names.includes(name), `${name} survives: ${names}`);
    assertChunksCover(text, x.chunks);
  });

  test('a clean file has no parseErrors', async () => {
    const x = await parser.extract('let a = 1;\n', 'javascript');
    assert.equal(x.parseErrors, undefined);
  });

  test('5000 levels of nesting neither overflow the stack nor hang', async () => {
    const depth = 5000;
    const expressions = `const deep = ${'['.repeat(depth)}1${']'.repeat(depth)};\n`;
    const functions = `${'function f() {\n'.repeat(depth)}call();\n${'}\n'.repeat(depth)}`;
    const blocks = `def f():\n${Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}if x:\n`).join('')}${' '.repeat(depth + 1)}pass\n`;
    for (const [text, language] of [
      [expressions, 'javascript'],
      [functions, 'javascript'],
      [blocks, 'python'],
    ]) {
      const x = await parser.extract(text, language);
      assertChunksCover(text, x.chunks);
      assert.ok(x.symbols.length <= limits.MAX_SYMBOL_DEPTH + 1);
    }
    const nested = await parser.extract(functions, 'javascript');
    assert.equal(nested.calls[0].callee, 'call');
  });

  test('a 50 MB single-line minified file finishes with bounded chunks', async () => {
    const statement = 'var a=function(b){return b*2+c(d,e)};';
    const text = statement.repeat(Math.ceil((50 * 1024 * 1024) / statement.length));
    const started = performance.now();
    const x = await parser.extract(text, 'javascript');
    const elapsed = performance.now() - started;
    assert.deepEqual(x.symbols, []);
    assert.ok(x.chunks.length >= text.length / limits.CHUNK_MAX_CHARS);
    assert.ok(x.chunks.every((c) => c.text.length <= limits.CHUNK_MAX_CHARS && c.startLine === 1));
    assert.equal(
      x.chunks.reduce((n, c) => n + c.text.length, 0),
      text.length,
      'pieces add up to the line',
    );
    assert.ok(elapsed < 30_000, `took ${elapsed} ms`);
  });

  test('a minified file under the size cap is chunked as plain text', async () => {
    const text = `${'var a=function(b){return b};'.repeat(4000)}\n`;
    assert.equal(core.worthParsing(text), false);
    const x = await parser.extract(text, 'javascript');
    assert.deepEqual(x.symbols, []);
    assert.ok(x.chunks.every((c) => c.text.length <= limits.CHUNK_MAX_CHARS));
  });

  test('empty and blank files yield nothing', async () => {
    for (const text of ['', '\n', '   \n\t\n']) {
      const x = await parser.extract(text, 'typescript');
      assert.deepEqual([x.chunks, x.symbols, x.calls, x.imports, x.exports], [[], [], [], [], []]);
    }
    assert.deepEqual(core.lineWindowChunks(''), []);
  });

  test('binary-looking text does not throw', async () => {
    const text = 'function f() {}\n\u0000\u0001\u0002 garbage \uFFFD\n';
    const x = await parser.extract(text, 'javascript');
    assert.ok(x.symbols.some((s) => s.name === 'f'));
    assertChunksCover(text, x.chunks);
  });
});
