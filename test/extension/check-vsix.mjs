// Checks a packaged VSIX the way an installed extension will use it: unpacked into an empty folder
// with no node_modules above it, every module the bundles require resolves inside it, every grammar
// the parser has a spec for is there, and the language server and the CLI run from it on the demo,
// the transformers embedding provider included.
//
// Usage: node test/extension/check-vsix.mjs [path.vsix]   (default: the one `npm run package` writes)
import { execFileSync, fork } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadTs, repoRoot } from './load-ts.mjs';
import { writeTinyModel } from '../helpers/tiny-model.mjs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const requireFromRepo = createRequire(join(repoRoot, 'package.json'));
const rpc = requireFromRepo('vscode-languageserver-protocol/node');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const TARGET = 'linux-x64';
const defaultVsixPath = join(repoRoot, `${manifest.name}-${TARGET}-${manifest.version}.vsix`);

/** Modules the editor provides. */
const PROVIDED = new Set(['vscode']);
const TIMEOUT_MS = 120_000;

const failures = [];
const check = (ok, message) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
  if (!ok) failures.push(message);
};

async function main() {
  const vsix = process.argv[2] ?? defaultVsixPath;
  if (!existsSync(vsix)) throw new Error(`${vsix} does not exist: run \`npm run package\` first.`);
  const scratch = mkdtempSync(join(tmpdir(), 'code-index-vsix-'));
  try {
    execFileSync('unzip', ['-q', vsix, '-d', scratch]);
    const ext = join(scratch, 'extension');
    check(!existsSync(join(tmpdir(), 'node_modules')), `no ${join(tmpdir(), 'node_modules')} to resolve from by accident`);
    reportContents(vsix, ext);
    checkRequires(ext);
    await checkGrammars(ext);
    const workspace = join(scratch, 'workspace');
    cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), workspace, {
      recursive: true,
      filter: (src) => !src.split(sep).includes('.codeindex'),
    });
    await checkServer(ext, workspace);
    checkCli(ext, workspace, scratch);
    await checkMcp(ext, workspace);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (failures.length) {
    console.error(`\n${failures.length} check(s) failed.`);
    process.exit(1);
  }
  console.log('\nThe VSIX holds everything the extension needs.');
}

function reportContents(vsix, ext) {
  const files = walk(ext);
  const bytes = files.reduce((sum, f) => sum + statSync(f).size, 0);
  const byTop = new Map();
  for (const f of files) {
    const parts = relative(ext, f).split(sep);
    const key = parts[0] === 'node_modules' ? `node_modules/${parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]}` : parts[0];
    byTop.set(key, (byTop.get(key) ?? 0) + statSync(f).size);
  }
  console.log(`${relative(process.cwd(), vsix)}: ${mb(statSync(vsix).size)} packed, ${files.length} files, ${mb(bytes)} unpacked`);
  for (const [key, size] of [...byTop].sort((a, b) => b[1] - a[1])) console.log(`  ${mb(size).padStart(9)}  ${key}`);
  check(
    !files.some((f) => f.endsWith('.map') || f.endsWith('.d.ts') || (f.endsWith('.ts') && !f.endsWith('.d.ts'))),
    'no sources, maps or type declarations',
  );
  const main = join(ext, manifest.main);
  check(existsSync(main), `package.json main (${manifest.main}) is in the VSIX`);
}

/**
 * Every module a bundle requires at run time resolves to a file inside the unpacked extension. What
 * each requires is esbuild's account of the imports it left out (dist/externals.json, written by the
 * build that was packaged), not a scan of the text: ajv's code generator holds `require("ajv/...")`
 * in strings that never run (the MCP SDK bundles ajv into cli-mcp.js).
 */
function checkRequires(ext) {
  const dist = join(ext, 'dist');
  const externals = JSON.parse(readFileSync(join(repoRoot, 'dist', 'externals.json'), 'utf8'));
  for (const bundle of readdirSync(dist).filter((f) => f.endsWith('.js'))) {
    check(bundle in externals, `dist/${bundle} is one the build accounts for in dist/externals.json`);
    const requireHere = createRequire(join(dist, bundle));
    for (const name of externals[bundle] ?? []) {
      if (name.startsWith('node:') || builtinModules.includes(name) || PROVIDED.has(name)) continue;
      let resolved = null;
      try {
        resolved = requireHere.resolve(name);
      } catch {
        // reported below
      }
      check(
        resolved !== null && resolved.startsWith(ext + sep),
        `dist/${bundle}: require("${name}") resolves inside the extension${resolved ? ` (${relative(ext, resolved)})` : ''}`,
      );
    }
  }
  // better-sqlite3 loads its addon through `bindings`: proves the .node file is found and loads here.
  const requireServer = createRequire(join(dist, 'server.js'));
  let loaded = false;
  try {
    const Database = requireServer('better-sqlite3');
    const db = new Database(':memory:');
    db.loadExtension(requireServer('sqlite-vec').getLoadablePath());
    loaded = typeof db.prepare('select vec_version() as v').get().v === 'string';
    db.close();
  } catch (error) {
    console.error(error);
  }
  check(loaded, 'better-sqlite3 and sqlite-vec load from inside the extension');
}

/** Every grammar server/parser/specs names has its wasm in the VSIX. */
async function checkGrammars(ext) {
  const { LANGUAGE_SPECS } = await loadTs('server/parser/specs/index.ts');
  const grammars = new Set(Object.values(LANGUAGE_SPECS).map((spec) => spec.grammar));
  const requireHere = createRequire(join(ext, 'dist', 'server.js'));
  for (const grammar of grammars) {
    let ok = false;
    try {
      ok = requireHere.resolve(grammar).startsWith(ext + sep);
    } catch {
      ok = false;
    }
    check(ok, `grammar ${grammar} is shipped (add it to .vscodeignore if not)`);
  }
}

/** Starts dist/server.js from the VSIX the way the extension does (node IPC) and asks it things. */
async function checkServer(ext, workspace) {
  const child = fork(join(ext, 'dist', 'server.js'), ['--node-ipc'], {
    cwd: workspace,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    env: cleanEnv(),
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const conn = rpc.createProtocolConnection(new rpc.IPCMessageReader(child), new rpc.IPCMessageWriter(child));
  let resolveIdle;
  const idle = new Promise((resolve) => (resolveIdle = resolve));
  conn.onNotification('codeIndex/statusChanged', (status) => {
    if (status.folders.length === 1 && status.folders.every((f) => f.state === 'idle' && f.files > 0 && f.pending === 0))
      resolveIdle(status);
  });
  conn.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('codeIndex/apiKey', () => ({ apiKey: null }));
  conn.listen();
  try {
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true, workspaceFolders: true }, window: { workDoneProgress: true } },
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'demo' }],
    });
    conn.sendNotification('initialized', {});
    const status = await withTimeout(idle, 'the server to report the demo folder idle', () => stderr);
    check(
      true,
      `server from the VSIX indexed the demo: ${status.folders[0].files} files, ${status.folders[0].symbols} symbols, driver ${status.folders[0].driver}`,
    );
    const result = await conn.sendRequest('codeIndex/search', { query: 'parseConfig', mode: 'symbol' });
    check(result.items[0]?.symbol === 'parseConfig', `codeIndex/search finds parseConfig (got ${result.items[0]?.symbol})`);
    const symbols = await conn.sendRequest('workspace/symbol', { query: 'parseConfig' });
    check(symbols[0]?.name === 'parseConfig', 'workspace/symbol finds parseConfig');
    await conn.sendRequest('shutdown');
    conn.sendNotification('exit');
  } finally {
    await new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.on('exit', () => (clearTimeout(timer), resolve()));
    });
    conn.dispose();
  }
}

function checkCli(ext, workspace, scratch) {
  const cli = join(ext, 'dist', 'cli.js');
  const run = (args, env = {}) =>
    execFileSync(process.execPath, [cli, ...args], {
      cwd: workspace,
      env: { ...cleanEnv(), ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  run(['index', workspace]);
  const hits = JSON.parse(run(['search', 'parse config', '--dir', workspace, '--json']));
  check(
    hits.some((hit) => hit.symbol === 'parseConfig'),
    'the CLI from the VSIX indexes and searches the demo',
  );

  // The transformers provider loads @huggingface/transformers, ONNX Runtime and sharp from the VSIX and
  // runs a real (tiny) model; a failure would fall back to builtin, which the model id shows.
  const model = writeTinyModel(join(scratch, 'tiny model')).dir;
  const env = { CODE_INDEX_EMBEDDING_PROVIDER: 'transformers', CODE_INDEX_EMBEDDING_MODEL: model, CODE_INDEX_NO_SERVER: '1' };
  let summary = null;
  try {
    summary = JSON.parse(run(['embed', workspace, '--json'], env));
  } catch (error) {
    console.error(error.stderr ?? error);
  }
  check(
    summary?.model === `transformers:${model}` && summary.embedded > 0,
    `the transformers provider from the VSIX embeds with a local model (model ${summary?.model}, ${summary?.embedded} chunks)`,
  );
  const semantic = JSON.parse(run(['search', 'parse config', '--dir', workspace, '--mode', 'semantic', '--json'], env));
  check(
    semantic.length > 0 && semantic.every((hit) => typeof hit.scores.vector === 'number'),
    'meaning search with that model answers from the VSIX',
  );
  const requireServer = createRequire(join(ext, 'dist', 'server.js'));
  check(
    requireServer.resolve('onnxruntime-node').startsWith(ext + sep) &&
      requireServer.resolve('@huggingface/transformers').startsWith(ext + sep),
    'the transformers library and ONNX Runtime resolve inside the extension',
  );
}

/** `code-index mcp` from the VSIX, as the editor's MCP server definition starts it, lists and answers its tools. */
async function checkMcp(ext, workspace) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(ext, 'dist', 'cli.js'), 'mcp', workspace],
    env: { ...cleanEnv(), CODE_INDEX_NO_SERVER: '1' },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'check-vsix', version: '1.0.0' });
  try {
    await withTimeout(client.connect(transport), 'the MCP server from the VSIX to answer initialize', () => '');
    const { tools } = await client.listTools();
    check(tools.length === manifest.contributes.languageModelTools.length, `the MCP server from the VSIX lists ${tools.length} tools`);
    const result = await client.callTool({ name: 'symbols', arguments: { query: 'parseConfig' } });
    const text = result.content.map((c) => c.text).join('\n');
    check(
      !result.isError && /^parseConfig {2}function {2}src\/config\.ts:/.test(text),
      `its symbols tool answers from the VSIX: ${text.split('\n')[0]}`,
    );
  } finally {
    await client.close();
  }
}

/** No NODE_PATH or NODE_OPTIONS that could make a missing module resolve from elsewhere. */
function cleanEnv() {
  const env = { ...process.env };
  delete env.NODE_PATH;
  delete env.NODE_OPTIONS;
  return env;
}

function withTimeout(promise, what, detail) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms waiting for ${what}\n${detail()}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

function mb(bytes) {
  return `${(bytes / 1048576).toFixed(2)} MB`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
