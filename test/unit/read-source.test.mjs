// Reading one file for the index: text in UTF-8 (with or without BOM) or UTF-16 with a BOM is decoded,
// invalid UTF-8 is kept with a warning, and binary, too large or vanished files say why they are left out.
// The messages leave the path out: the index keeps it beside them, and the listings put it first.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';
import { runCliJson, runCli } from '../helpers/cli.mjs';
import { tempDir, writeFiles } from '../helpers/workspace.mjs';

const { readSource } = core;
const MAX = 1024 * 1024;
const TEXT = 'export function grüße(name: string) {\n  return `héllo ${name} ✓ 😀`;\n}\n';

/** Writes `bytes` as `name` in a fresh folder and reads it back through readSource. */
function read(t, name, bytes, maxBytes = MAX) {
  const root = writeFiles(tempDir(t, 'read'), { [name]: bytes });
  return readSource(join(root, name), name, maxBytes);
}

function utf16be(text) {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

test('plain UTF-8 is read as is, hashed over its bytes, with its size and mtime', (t) => {
  const bytes = Buffer.from(TEXT, 'utf8');
  const result = read(t, 'a.ts', bytes);
  assert.equal(result.ok, true);
  assert.equal(result.text, TEXT);
  assert.equal(result.warning, undefined);
  assert.equal(result.size, bytes.length);
  assert.equal(result.hash, createHash('sha1').update(bytes).digest('hex'));
  assert.ok(result.mtimeMs > 0);
});

test('a UTF-8 byte order mark is dropped from the text', (t) => {
  const result = read(t, 'bom.ts', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]));
  assert.equal(result.ok, true);
  assert.equal(result.text, TEXT);
  assert.equal(result.warning, undefined);
});

test('UTF-16 little- and big-endian with a byte order mark are decoded', (t) => {
  const le = read(t, 'le.ts', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]));
  const be = read(t, 'be.ts', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(TEXT)]));
  for (const result of [le, be]) {
    assert.equal(result.ok, true);
    assert.equal(result.text, TEXT);
    assert.equal(result.warning, undefined);
  }
});

test('invalid UTF-8 is kept with U+FFFD in place of the bad bytes, and a warning', (t) => {
  const bytes = Buffer.concat([Buffer.from('const a = "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x80]), Buffer.from('";\nconst b = 2;\n')]);
  const result = read(t, 'latin/bad.ts', bytes);
  assert.equal(result.ok, true);
  assert.match(result.text, /^const a = "\uFFFD\(\uFFFD+";\nconst b = 2;\n$/);
  assert.equal(result.warning, 'not valid UTF-8; invalid bytes were replaced with U+FFFD');
});

test('a file with NUL bytes is binary and left out', (t) => {
  const bytes = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n'), Buffer.alloc(64), Buffer.from('IHDR')]);
  const result = read(t, 'image.png', bytes);
  assert.deepEqual(result, { ok: false, reason: 'binary', message: 'not indexed: binary' });
  // UTF-16 without a BOM cannot be told from binary: it is left out, not indexed as garbage.
  assert.equal(read(t, 'nobom.ts', Buffer.from(TEXT, 'utf16le')).reason, 'binary');
});

test('a file over the size limit is left out with a message giving its size and the limit', (t) => {
  const result = read(t, 'big.json', Buffer.alloc(2048, 'a'), 1000);
  assert.equal(result.ok, false);
  assert.equal(result.reason, 'too-large');
  assert.equal(result.message, 'not indexed: 2048 bytes, over the 1000-byte limit (maxFileBytes in .codeindex/config.json)');
  assert.equal(read(t, 'edge.txt', Buffer.alloc(1000, 'a'), 1000).ok, true, 'exactly the limit is fine');
});

test('a file that is gone, or a folder, says so', (t) => {
  const root = tempDir(t, 'read');
  assert.deepEqual(readSource(join(root, 'gone.ts'), 'gone.ts', MAX), {
    ok: false,
    reason: 'vanished',
    message: 'vanished before it could be read',
  });
  const folder = readSource(root, 'dir', MAX);
  assert.equal(folder.ok, false);
  assert.equal(folder.reason, 'unreadable');
  assert.match(folder.message, /^not indexed: could not be read \(EISDIR/);
});

test('indexing applies the same rules: binary and large files skipped, bad UTF-8 indexed with a warning', async (t) => {
  const root = writeFiles(tempDir(t, 'read'), {
    '.codeindex/config.json': '{ "maxFileBytes": 4096 }',
    'ok.ts': TEXT,
    'utf16.ts': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('export const sixteenBits = 16;\n', 'utf16le')]),
    'bad.ts': Buffer.concat([Buffer.from('export const brokenBytes = "'), Buffer.from([0xff]), Buffer.from('";\n')]),
    'blob.bin': Buffer.alloc(100),
    'huge.txt': Buffer.alloc(8192, 'x'),
  });
  const summary = await runCliJson(['index', root, '--json']);
  assert.equal(summary.files, 3);
  assert.equal(summary.skipped, 2);
  assert.equal(summary.warnings, 3, 'two skips and one decoding warning');
  assert.equal((await runCliJson(['search', 'sixteenBits', '--dir', root, '--json']))[0]?.path, 'utf16.ts');
  assert.equal((await runCliJson(['search', 'brokenBytes', '--dir', root, '--json']))[0]?.path, 'bad.ts');

  const verbose = await runCli(['index', root, '--force', '--verbose']);
  assert.equal(verbose.code, 0);
  assert.match(verbose.stderr, /warning: bad\.ts: not valid UTF-8/);
  assert.match(verbose.stderr, /warning: blob\.bin: not indexed: binary/);
  assert.match(verbose.stderr, /warning: huge\.txt: not indexed: 8192 bytes, over the 4096-byte limit/);
});
