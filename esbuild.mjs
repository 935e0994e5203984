// Builds the bundles: the VS Code client, the language server, the CLI and the worker-thread entries.
import * as esbuild from 'esbuild';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

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
  // A CLI and a language server answer each other only when they come from the same release.
  define: { __CODE_INDEX_VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const entries = [
  // The banner marks when the extension's bundle starts loading, for its activation timings.
  { entryPoints: { extension: 'extension/extension.ts' }, optional: true, banner: { js: 'var __codeIndexLoadStart = performance.now();' } },
  { entryPoints: { server: 'server/main.ts' } },
  { entryPoints: { 'index-worker': 'server/engine/index-worker.ts' } },
  // The executable is a small launcher; it loads cli-main.js only when no server answers for it.
  { entryPoints: { cli: 'server/cli/launcher.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { 'cli-main': 'server/cli/main.ts' } },
  { entryPoints: { 'cli-serve': 'server/cli/serve-command.ts' } },
  { entryPoints: { 'cli-mcp': 'server/mcp/mcp-command.ts' } },
  { entryPoints: { core: 'server/core.ts' } },
  { entryPoints: { 'reader-worker': 'server/engine/reader-worker.ts' } },
  { entryPoints: { 'parse-worker': 'server/indexer/parse-worker.ts' } },
  { entryPoints: { 'embed-worker': 'server/embed/embed-worker.ts' } },
];

import { existsSync } from 'node:fs';
const builds = entries
  .filter((e) => !e.optional || Object.values(e.entryPoints).every((p) => existsSync(p)))
  .map(({ optional: _optional, ...e }) => ({ ...common, ...e, outdir: 'dist' }));

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  const outcomes = await Promise.all(builds.map((options) => esbuild.build({ ...options, metafile: true })));
  chmodSync('dist/cli.js', 0o755);
  writeExternals(outcomes);
}

/**
 * dist/externals.json: what each bundle really requires at run time, from esbuild's own account of
 * the imports it left out. test/extension/check-vsix.mjs resolves each inside the VSIX; a scan of the
 * bundle's text would also find `require("...")` that only sits in a string (ajv's code generator).
 */
function writeExternals(outcomes) {
  const externals = {};
  for (const { metafile } of outcomes) {
    for (const [out, { imports }] of Object.entries(metafile.outputs)) {
      if (!out.endsWith('.js')) continue;
      externals[basename(out)] = [...new Set(imports.filter((i) => i.external).map((i) => i.path))].sort();
    }
  }
  writeFileSync('dist/externals.json', `${JSON.stringify(externals, null, 2)}\n`);
}
