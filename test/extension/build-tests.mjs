// Bundles the extension-host suite (suite/index.ts) into dist/test/extension-tests.js, the CommonJS
// module the extension host loads (`vscode` stays external: the host provides it).
import * as esbuild from 'esbuild';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeTinyModel } from '../helpers/tiny-model.mjs';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const extensionTestsPath = join(repoRoot, 'dist', 'test', 'extension-tests.js');

export async function buildExtensionTests() {
  await esbuild.build({
    entryPoints: [join(repoRoot, 'test', 'extension', 'suite', 'index.ts')],
    outfile: extensionTestsPath,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return extensionTestsPath;
}

/** A fresh copy of the demo workspace (without any index in it), so runs never share state. */
export function demoWorkspaceCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'code-index-ext-tests-'));
  cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), dir, { recursive: true, filter: (src) => !src.split(sep).includes('.codeindex') });
  return dir;
}

/**
 * A tiny valid ONNX model and tokenizer (test/helpers/tiny-model.mjs) for the suite's transformers
 * test, named by CODE_INDEX_TEST_MODEL, which the editor and its extension host inherit. Returns the
 * folder to remove afterwards.
 */
export function suiteModel() {
  const root = mkdtempSync(join(tmpdir(), 'code-index-ext-model-'));
  process.env.CODE_INDEX_TEST_MODEL = writeTinyModel(join(root, 'tiny model')).dir;
  return root;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildExtensionTests());
}
