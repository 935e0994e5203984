// `code-index mcp` as an agent's client runs it: the SDK's own Client over StdioClientTransport
// spawns the built CLI on a copy of the demo fixture, lists the tools and calls each with good and
// bad arguments; then the same while `serve` and an `index --force` run on that folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLI_PATH, REPO_ROOT } from '../helpers/core.mjs';
import { runCli, startCli, describe } from '../helpers/cli.mjs';
import { copyTree, tempDir } from '../helpers/workspace.mjs';
import { eventually } from '../helpers/eventually.mjs';

const TOOL_NAMES = ['callees', 'callers', 'definition', 'impact', 'outline', 'read', 'search', 'status', 'symbols'];

async function connect(t, root, env = {}) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, 'mcp', root],
    env: { ...process.env, ...env },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'code-index-test', version: '1.0.0' });
  await client.connect(transport);
  t.after(() => client.close());
  return client;
}

function demoCopy(t) {
  return realpathSync(copyTree(t, join(REPO_ROOT, 'test', 'fixtures', 'demo'), 'mcp'));
}

const call = (client, name, args = {}) => client.callTool({ name, arguments: args });
const text = (result) => result.content.map((c) => c.text).join('\n');

async function checkEveryTool(client, answeredBy) {
  const search = await call(client, 'search', { query: 'parse config', k: 3 });
  assert.ok(!search.isError, text(search));
  assert.ok(search.structuredContent.hits.length > 0 && search.structuredContent.hits.length <= 3);
  assert.ok(
    search.structuredContent.hits.some((h) => h.path === 'src/config.ts'),
    text(search),
  );
  assert.match(text(search), /src\/config\.ts:\d+-\d+/);
  if (answeredBy) assert.equal(search.structuredContent.answeredBy, answeredBy);

  const symbols = await call(client, 'symbols', { query: 'parseConfig', kind: 'function' });
  assert.ok(!symbols.isError, text(symbols));
  const found = symbols.structuredContent.symbols.map((s) => `${s.name}@${s.path}:${s.kind}`);
  assert.equal(found[0], 'parseConfig@src/config.ts:function', text(symbols));
  assert.ok(symbols.structuredContent.symbols.every((s) => s.kind === 'function'));

  const definition = await call(client, 'definition', { name: 'parseConfig' });
  assert.ok(!definition.isError, text(definition));
  const [def] = definition.structuredContent.definitions;
  assert.equal(def.path, 'src/config.ts');
  assert.match(def.signature, /parseConfig\(path: string\): AppConfig/);
  assert.match(def.doc ?? '', /Parses the config file/);

  const callers = await call(client, 'callers', { name: 'parseConfig' });
  assert.ok(!callers.isError, text(callers));
  assert.ok(
    callers.structuredContent.callers.some((c) => c.path === 'src/config.ts' && /reload|constructor/.test(c.caller ?? '')),
    text(callers),
  );
  // Calls in the same file as the definition are resolved, and the text labels them so.
  assert.ok(
    callers.structuredContent.callers.every((c) => c.tier === 'resolved' && c.target?.name === 'parseConfig'),
    text(callers),
  );
  assert.match(text(callers), /^src\/config\.ts:\d+ {2}ConfigWatcher\.\w+ {2}\[resolved to parseConfig\]$/m);

  const impact = await call(client, 'impact', { name: 'parseConfig', depth: 2 });
  assert.ok(!impact.isError, text(impact));
  assert.ok(
    impact.structuredContent.callers.some((e) => e.depth === 1 && e.caller === 'ConfigWatcher.reload' && e.calls === 'parseConfig'),
    text(impact),
  );
  assert.ok(impact.structuredContent.callers.every((e) => e.depth <= 2 && e.tier === 'resolved'));

  const callees = await call(client, 'callees', { name: 'ConfigWatcher.reload' });
  assert.ok(!callees.isError, text(callees));
  assert.ok(
    callees.structuredContent.callees.some((c) => c.callee === 'parseConfig'),
    text(callees),
  );

  const outline = await call(client, 'outline', { path: 'src/config.ts' });
  assert.ok(!outline.isError, text(outline));
  const watcher = outline.structuredContent.outline.find((n) => n.name === 'ConfigWatcher');
  assert.ok(
    watcher?.children.some((c) => c.name === 'reload'),
    JSON.stringify(outline.structuredContent),
  );

  const read = await call(client, 'read', { path: 'src/config.ts', startLine: 10, endLine: 11 });
  assert.ok(!read.isError, text(read));
  assert.equal(read.structuredContent.startLine, 10);
  assert.equal(read.structuredContent.endLine, 11);
  assert.match(read.structuredContent.text, /^\/\*\* Parses the config file.*\nexport function parseConfig/);

  const status = await call(client, 'status');
  assert.ok(!status.isError, text(status));
  assert.equal(status.structuredContent.files, 5);
  assert.ok(status.structuredContent.symbols > 0);
}

test('code-index mcp lists its tools and answers each from the index, with tool errors for bad arguments', async (t) => {
  const root = demoCopy(t);
  const indexed = await runCli(['index', root]);
  assert.equal(indexed.code, 0, describe(indexed));
  const client = await connect(t, root, { CODE_INDEX_NO_SERVER: '1' });

  const { tools } = await client.listTools();
  assert.deepEqual(tools.map((tool) => tool.name).sort(), TOOL_NAMES);
  for (const tool of tools) {
    assert.ok(tool.description.length > 40, `${tool.name} has a description written for a model`);
    assert.equal(tool.inputSchema.type, 'object');
    assert.equal(tool.annotations?.readOnlyHint, true);
  }
  assert.deepEqual(tools.find((tool) => tool.name === 'search').inputSchema.required, ['query']);

  await checkEveryTool(client, 'index');

  // Bad arguments: a tool error the model can read, and the server keeps answering.
  const bad = [
    ['search', {}],
    ['search', { query: 'x', k: 0 }],
    ['search', { query: 'x', mode: 'telepathy' }],
    ['search', { query: 'parse', language: 'klingon' }],
    ['symbols', { query: 42 }],
    ['definition', {}],
    ['callers', { name: '' }],
    ['impact', { name: 'parseConfig', depth: 7 }],
    ['impact', { name: '' }],
    ['callees', { name: ['a'] }],
    ['outline', { path: 'no/such/file.ts' }],
    ['outline', { path: '../etc/passwd' }],
    ['read', { path: 'src/config.ts', startLine: 9999 }],
    ['read', { path: 'src/config.ts', startLine: 'one' }],
  ];
  for (const [name, args] of bad) {
    const result = await call(client, name, args);
    assert.equal(result.isError, true, `${name} ${JSON.stringify(args)}: ${text(result)}`);
    assert.ok(text(result).length > 0);
  }
  const unknown = await call(client, 'nosuchtool', {}).catch((err) => ({ isError: true, content: [{ text: err.message }] }));
  assert.equal(unknown.isError, true);
  await checkEveryTool(client, 'index');
});

test('read stays inside the workspace: no absolute paths, no .., no symlinks out, no .git or .codeindex; answers are bounded', async (t) => {
  const root = demoCopy(t);
  const outside = realpathSync(tempDir(t, 'mcp-outside'));
  writeFileSync(join(outside, 'secret.txt'), 'top secret\n');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(outside, join(root, 'dir-out'));
  symlinkSync(join(root, 'src', 'config.ts'), join(root, 'link-in.ts'));
  mkdirSync(join(root, '.git'));
  writeFileSync(join(root, '.git', 'config'), '[remote "origin"]\n');
  writeFileSync(join(root, 'big.txt'), Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n'));
  const indexed = await runCli(['index', root]);
  assert.equal(indexed.code, 0, describe(indexed));
  const client = await connect(t, root, { CODE_INDEX_NO_SERVER: '1' });

  for (const path of [
    join(outside, 'secret.txt'),
    '../secret.txt',
    'src/../../secret.txt',
    'link-out.txt',
    'dir-out/secret.txt',
    '.git/config',
    '.codeindex/index.db',
    'src',
    'nope.ts',
  ]) {
    const result = await call(client, 'read', { path });
    assert.equal(result.isError, true, `${path}: ${text(result)}`);
    assert.doesNotMatch(text(result), /top secret/);
  }
  const inside = await call(client, 'read', { path: 'link-in.ts', endLine: 1 });
  assert.ok(!inside.isError, text(inside));

  const big = await call(client, 'read', { path: 'big.txt' });
  assert.ok(!big.isError, text(big));
  assert.equal(big.structuredContent.endLine, 400);
  assert.match(big.structuredContent.cut, /400 lines/);
  assert.match(text(big), /continue with startLine 401/);
});

test('with no index yet, mcp indexes in the background and says so, then answers', async (t) => {
  const root = demoCopy(t);
  const client = await connect(t, root, { CODE_INDEX_NO_SERVER: '1' });
  const read = await call(client, 'read', { path: 'src/config.ts', endLine: 2 });
  assert.ok(!read.isError, 'read needs no index');
  const first = await call(client, 'status');
  if (first.structuredContent.indexing) assert.match(text(first), /being built in the background|No index/);
  await eventually(async () => {
    const s = await call(client, 'symbols', { query: 'parseConfig' });
    return !s.isError && !s.structuredContent.indexing && s.structuredContent.symbols.length > 0;
  }, 'the background index');
  await checkEveryTool(client, 'index');
});

test('mcp answers through a running serve, and keeps answering while index --force runs on the folder', async (t) => {
  const root = demoCopy(t);
  const serve = startCli(['serve', root]);
  let serveErr = '';
  serve.child.stderr.on('data', (d) => {
    serveErr += d;
  });
  t.after(() => serve.child.exitCode === null && serve.child.kill('SIGKILL'));
  await eventually(() => /ready: 5 files/.test(serveErr), 'serve to be ready');

  const client = await connect(t, root);
  await checkEveryTool(client, 'server');

  const force = startCli(['index', '--force', '--no-wait', root]);
  const calls = [];
  while (force.child.exitCode === null && calls.length < 200) {
    calls.push(await call(client, 'search', { query: 'parse config' }));
    calls.push(await call(client, 'symbols', { query: 'SplitWords' }));
  }
  const forced = await force.done;
  assert.equal(forced.code, 0, describe(forced));
  for (const result of calls) assert.ok(!result.isError, text(result));
  await checkEveryTool(client, 'server');

  // A second MCP server on the same folder answers too: nothing holds the index for itself.
  const second = await connect(t, root, { CODE_INDEX_NO_SERVER: '1' });
  await checkEveryTool(second, 'index');

  serve.child.kill('SIGTERM');
  await serve.done;
  await checkEveryTool(client, 'index');
});
