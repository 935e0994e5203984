// The agent-mode tools in the real editor: vscode.lm.tools lists what package.json contributes, and
// vscode.lm.invokeTool calls each tool, which the extension answers through the language server
// (codeIndex/tool) on the demo workspace; a read outside it and bad arguments come back as errors.
// On VS Code 1.101+ the MCP server definition the extension offers is started and asked, as the
// editor would; before that, the suite checks it is not offered and says why.
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import * as vscode from 'vscode';
import type { CodeIndexApi } from '../../../extension/api.js';

type AddTest = (name: string, body: () => Promise<void>) => void;

const EXTENSION_ID = 'code-index.code-index';

interface Contributed {
  name: string;
  modelDescription: string;
  inputSchema: object;
}

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(`codeIndex_${name}`, { input, toolInvocationToken: undefined });
  return result.content.map((part) => String((part as { value?: unknown }).value ?? '')).join('');
}

async function invokeError(name: string, input: object): Promise<string> {
  try {
    const text = await invoke(name, input);
    assert.fail(`${name} ${JSON.stringify(input)} answered instead of failing: ${text}`);
  } catch (error) {
    if (error instanceof assert.AssertionError) throw error;
    return error instanceof Error ? error.message : String(error);
  }
}

export function addLanguageModelToolTests(test: AddTest, api: () => CodeIndexApi): void {
  test('vscode.lm.tools lists every contributed agent tool with its description and schema', async () => {
    const contributed = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.languageModelTools as Contributed[];
    assert.equal(contributed.length, 9);
    for (const tool of contributed) {
      const listed = vscode.lm.tools.find((t) => t.name === tool.name);
      assert.ok(listed, `${tool.name} in vscode.lm.tools (${vscode.lm.tools.map((t) => t.name).join(', ')})`);
      assert.equal(listed.description, tool.modelDescription);
      assert.deepEqual(listed.inputSchema, tool.inputSchema);
    }
  });

  test('vscode.lm.invokeTool answers search, symbols, definition, callers, impact, callees, outline, read and status', async () => {
    const expected: [string, object, RegExp][] = [
      ['search', { query: 'retry a failed request with backoff', k: 3 }, /^src\/http-client\.ts:\d+-\d+ {2}\(fetchWithRetry\)/m],
      ['symbols', { query: 'parseConfig', kind: 'function' }, /^parseConfig {2}function {2}src\/config\.ts:11-14/],
      [
        'definition',
        { name: 'parseConfig' },
        /^src\/config\.ts:11-14 {2}function\n {4}.*parseConfig\(path: string\): AppConfig[\s\S]*Parses the config file/,
      ],
      ['callers', { name: 'parseConfig' }, /^src\/config\.ts:\d+ {2}.*\[resolved( to parseConfig)?\]$/m],
      ['impact', { name: 'parseConfig', depth: 2 }, /^ConfigWatcher\.reload {2}src\/config\.ts:23 {2}calls parseConfig at line 24$/m],
      ['callees', { name: 'ConfigWatcher.reload' }, /parseConfig {2}\(in /],
      ['outline', { path: 'src/config.ts' }, /^class ConfigWatcher {2}16-27$[\s\S]* {2}method reload {2}23-26/m],
      [
        'read',
        { path: 'src/config.ts', startLine: 11, endLine: 11 },
        /^src\/config\.ts:11-11 of 27\n {3}11 {2}export function parseConfig\(/,
      ],
      ['status', {}, /: [1-9]\d* files, \d+ chunks, [1-9]\d* symbols/],
    ];
    for (const [name, input, pattern] of expected) {
      const text = await invoke(name, input);
      assert.match(text, pattern, `${name}: ${text}`);
    }
  });

  test('a read outside the workspace and bad arguments are tool errors that say what was wrong', async () => {
    const outside = await invokeError('read', { path: '/etc/passwd' });
    assert.match(outside, /read refuses "\/etc\/passwd"/);
    assert.doesNotMatch(outside, /root:/);
    assert.match(await invokeError('read', { path: '../../etc/passwd' }), /paths may not contain `\.\.`/);
    assert.match(await invokeError('search', { query: 'x', k: 'ten' }), /search: k: /);
    assert.match(await invokeError('outline', { path: 'no/such/file.ts' }), /is not in the index/);
    // The server is still there for the next call.
    assert.match(await invoke('symbols', { query: 'ConfigWatcher' }), /^ConfigWatcher {2}class/);
  });

  test('on VS Code 1.101+ the extension offers code-index mcp for the folder, and that server answers a real MCP client', async () => {
    const { tools, mcp } = api().agentTools();
    assert.equal(tools.length, 9);
    const [major, minor] = vscode.version.split('.').map(Number);
    if (major === 1 && minor < 101) {
      assert.equal(mcp.offered, false);
      assert.match(mcp.why, /has no stable MCP server definition API/);
      console.log(`MCP server definitions: not offered in VS Code ${vscode.version}: ${mcp.why}`);
      return;
    }
    assert.equal(mcp.offered, true, mcp.why);
    const folder = vscode.workspace.workspaceFolders![0];
    const servers = mcp.servers();
    assert.equal(servers.length, 1);
    const [server] = servers;
    assert.equal(server.label, `Code Index: ${folder.name}`);
    assert.deepEqual(server.args.slice(1), ['mcp', folder.uri.fsPath]);
    const env = Object.fromEntries(Object.entries(server.env).map(([k, v]) => [k, String(v)]));
    const transport = new StdioClientTransport({
      command: server.command,
      args: server.args,
      env: { ...cleanEnv(), ...env },
      stderr: 'pipe',
    });
    const client = new Client({ name: 'code-index-suite', version: '1.0.0' });
    await client.connect(transport);
    try {
      assert.equal((await client.listTools()).tools.length, 9);
      const result = await client.callTool({ name: 'symbols', arguments: { query: 'parseConfig' } });
      const text = (result.content as { text?: string }[]).map((c) => c.text ?? '').join('\n');
      assert.match(text, /^parseConfig {2}function {2}src\/config\.ts:11-14/);
      console.log(`MCP server definitions: offered in VS Code ${vscode.version}; ${server.label} answered symbols`);
    } finally {
      await client.close();
    }
  });
}

/** The extension host's environment as strings (the MCP transport takes nothing else). */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
