// Loads one of the project's TypeScript modules into a plain Node test, bundled on the fly by esbuild,
// so modules that do not touch the `vscode` API can be tested without an editor.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireFromRepo = createRequire(join(repoRoot, 'package.json'));

/** The exports of `path` (relative to the repository root). */
export async function loadTs(path) {
  const { outputFiles } = await esbuild.build({
    entryPoints: [join(repoRoot, path)],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    logLevel: 'silent',
    // Fails loudly if the module reaches for the editor: such code belongs in the extension-host suite.
    external: ['vscode'],
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, requireFromRepo);
  return module.exports;
}
