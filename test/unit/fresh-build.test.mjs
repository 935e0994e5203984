// The guard that keeps tests from passing against a stale dist/: it names a missing bundle and a
// source newer than the bundles, and is quiet when the bundles are newer than every input.
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { BUNDLES, staleReason } from '../helpers/fresh-build.mjs';
import { tempDir } from '../helpers/workspace.mjs';

function tree(t) {
  const root = tempDir(t, 'fresh-build');
  for (const dir of ['server/storage', 'shared', 'extension', 'dist']) mkdirSync(join(root, dir), { recursive: true });
  const past = new Date(Date.now() - 60_000);
  for (const file of ['server/storage/a.ts', 'shared/p.ts', 'extension/e.ts', 'esbuild.mjs', 'package.json']) {
    writeFileSync(join(root, file), '');
    utimesSync(join(root, file), past, past);
  }
  for (const b of BUNDLES) writeFileSync(join(root, 'dist', b), '');
  return root;
}

test('bundles newer than every source are fresh', (t) => {
  assert.equal(staleReason(tree(t)), null);
});

test('a source edited after the build makes dist/ stale, and says which input', (t) => {
  const root = tree(t);
  const future = new Date(Date.now() + 60_000);
  utimesSync(join(root, 'server/storage/a.ts'), future, future);
  assert.equal(staleReason(root), 'server changed after the last build');
});

test('a missing bundle makes dist/ stale', (t) => {
  const root = tree(t);
  rmSync(join(root, 'dist', 'reader-worker.js'));
  assert.equal(staleReason(root), 'dist/reader-worker.js is missing');
});
