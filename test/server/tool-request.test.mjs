// codeIndex/tool, VS Code agent mode's way to the agent tools: a real LSP client sends it to the real
// language server (dist/server.js) on two workspace folders. Each tool answers with the text the MCP
// server gives for the same call (a real SDK client spawning `code-index mcp` on the same folder),
// bad arguments are tool errors, a read outside the workspace is refused, and the folder is chosen by
// the `folder` param, an absolute path, a path that starts with the folder's name, or the folder holding a relative path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { startServer, repoRoot } from './lsp-client.mjs';

let scratch;
let demo;
let other;
let server;

const tool = (name, input = {}, folder) => server.request('codeIndex/tool', { name, input, ...(folder ? { folder } : {}) });

before(async () => {
  scratch = realpathSync(mkdtempSync(join(tmpdir(), 'ci-tool-')));
  demo = join(scratch, 'demo');
  cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), demo, { recursive: true, filter: (src) => !src.includes('.codeindex') });
  other = join(scratch, 'other');
  mkdirSync(join(other, 'pkg'), { recursive: true });
  writeFileSync(join(other, 'pkg', 'ledger.py'), 'def settle_ledger(entries):\n    """Sums the entries."""\n    return sum(entries)\n');
  server = await startServer([demo, other]);
  await server.waitIdle();
});

after(async () => {
  if (server && server.child.exitCode === null) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('each tool answers over codeIndex/tool with the text the MCP server gives for the same call', async (t) => {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(repoRoot, 'dist', 'cli.js'), 'mcp', demo],
    stderr: 'pipe',
  });
  const mcp = new Client({ name: 'code-index-test', version: '1.0.0' });
  await mcp.connect(transport);
  t.after(() => mcp.close());
  const calls = [
    ['search', { query: 'retry a failed request with backoff', k: 3 }, /src\/http-client\.ts:\d+-\d+/],
    ['symbols', { query: 'parseConfig', kind: 'function' }, /^parseConfig {2}function {2}src\/config\.ts:11-\d+/],
    ['definition', { name: 'parseConfig' }, /parseConfig\(path: string\): AppConfig[\s\S]*Parses the config file/],
    ['callers', { name: 'parseConfig' }, /src\/config\.ts:\d+ {2}.*\[resolved( to parseConfig)?\]/],
    ['impact', { name: 'parseConfig', depth: 2 }, /^ConfigWatcher\.reload {2}src\/config\.ts:23 {2}calls parseConfig at line 24$/m],
    ['callees', { name: 'ConfigWatcher.reload' }, /parseConfig {2}\(in /],
    ['outline', { path: 'src/config.ts' }, /class ConfigWatcher {2}16-27\n[\s\S]* {2}method reload {2}23-26/],
    ['read', { path: 'src/config.ts', startLine: 10, endLine: 11 }, /^src\/config\.ts:10-11 of 27\n {3}10 {2}\/\*\* Parses/],
    ['status', {}, /files, \d+ chunks, \d+ symbols/],
  ];
  for (const [name, input, expected] of calls) {
    const answer = await tool(name, input, demo);
    assert.equal(answer.isError, false, `${name}: ${answer.text}`);
    assert.equal(answer.folder, demo);
    assert.match(answer.text, expected, name);
    const viaMcp = await mcp.callTool({ name, arguments: input });
    assert.equal(answer.text, viaMcp.content.map((c) => c.text).join('\n'), `${name}: the same text as over MCP`);
  }
});

test('bad arguments and unknown tools are tool errors that say what was wrong; the server keeps answering', async () => {
  const bad = [
    ['search', { query: '' }, /^search: query: /],
    ['search', { query: 'x', k: 'ten' }, /^search: k: /],
    ['search', { query: 'x', mode: 'fuzzy' }, /^search: mode: /],
    ['read', { path: 'src/config.ts', startLine: 0 }, /^read: startLine: /],
    ['outline', { path: 'no/such/file.ts' }, /is not in the index/],
    ['definition', {}, /^definition: name: /],
    ['grep', { query: 'x' }, /^unknown tool "grep": the tools are search, symbols/],
  ];
  for (const [name, input, expected] of bad) {
    const answer = await tool(name, input, demo);
    assert.equal(answer.isError, true, `${name} ${JSON.stringify(input)}: ${answer.text}`);
    assert.match(answer.text, expected);
  }
  await assert.rejects(server.request('codeIndex/tool', { name: 7 }), /"name" must be a tool name/);
  await assert.rejects(server.request('codeIndex/tool', { name: 'read', input: [1] }), /"input" must be an object/);
  assert.equal((await tool('status', {}, demo)).isError, false);
});

test('read refuses what lies outside the workspace', async () => {
  writeFileSync(join(scratch, 'secret.txt'), 'not for agents\n');
  for (const path of [join(scratch, 'secret.txt'), '/etc/passwd', '../secret.txt', 'src/../../secret.txt', '.codeindex/index.db']) {
    const answer = await tool('read', { path });
    assert.equal(answer.isError, true, `${path}: ${answer.text}`);
    assert.match(answer.text, /^read refuses "/, path);
    assert.doesNotMatch(answer.text, /not for agents|root:/);
  }
});

test('multi-root: the folder param, an absolute path inside a folder, or a path led by the folder name picks the folder', async () => {
  const byParam = await tool('symbols', { query: 'settle_ledger' }, pathToFileURL(other).toString());
  assert.equal(byParam.folder, other);
  assert.match(byParam.text, /^settle_ledger {2}function {2}pkg\/ledger\.py:1-3/);
  const byName = await tool('symbols', { query: 'settle_ledger' }, basename(other));
  assert.equal(byName.folder, other);

  const absolute = await tool('outline', { path: join(other, 'pkg', 'ledger.py') });
  assert.equal(absolute.folder, other, absolute.text);
  assert.match(absolute.text, /^function settle_ledger {2}1-3/);
  const led = await tool('read', { path: `${basename(other)}/pkg/ledger.py`, endLine: 1 });
  assert.equal(led.folder, other, led.text);
  assert.match(led.text, /^pkg\/ledger\.py:1-1 of 3\n {4}1 {2}def settle_ledger/);

  const held = await tool('outline', { path: 'pkg/ledger.py' });
  assert.equal(held.folder, other, 'a relative path only the second folder holds');

  // No folder and no path: the first folder answers, and says which folders it did not ask.
  const first = await tool('symbols', { query: 'parseConfig' });
  assert.equal(first.folder, demo);
  assert.match(first.text, new RegExp(`Note: Answered for ${demo}; the other workspace folders \\(other\\)`));
  const unknown = await tool('status', {}, 'nowhere');
  assert.equal(unknown.isError, true);
  assert.match(unknown.text, /^No workspace folder "nowhere"; the folders are /);
});
