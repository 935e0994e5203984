// Builds the bundles: the VS Code client, the language server, the CLI and the worker-thread entries.
import * as esbuild from 'esbuild';
import { chmodSync } from 'node:fs';

const watch = process.argv.includes('--watch');

// Native modules and libraries that locate files relative to their own package stay in node_modules.
const external = ['vscode', 'better-sqlite3', 'sqlite-vec', 'piscina', 'web-tree-sitter', 'onnxruntime-node', '@huggingface/transformers'];

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external,
  logLevel: 'warning',
};

const entries = [
  // The banner marks when the extension's bundle starts loading, for its activation timings.
  { entryPoints: { extension: 'extension/extension.ts' }, optional: true, banner: { js: 'var __codeIndexLoadStart = performance.now();' } },
  { entryPoints: { server: 'server/main.ts' } },
  { entryPoints: { 'index-worker': 'server/lsp/index-worker.ts' } },
  { entryPoints: { cli: 'server/cli/main.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { core: 'server/core.ts' } },
  { entryPoints: { 'reader-worker': 'server/storage/reader-worker.ts' } },
  { entryPoints: { 'parse-worker': 'server/indexer/parse-worker.ts' } },
];

import { existsSync } from 'node:fs';
const builds = entries
  .filter((e) => !e.optional || Object.values(e.entryPoints).every((p) => existsSync(p)))
  .map(({ optional: _optional, ...e }) => ({ ...common, ...e, outdir: 'dist' }));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  chmodSync('dist/cli.js', 0o755);
}
