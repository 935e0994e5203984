// The extension's manifest agrees with the code: the commands it contributes are the ones registered,
// every setting is declared with a description and the core's default, the embedding settings are
// machine-scoped, and the VSIX is built from an allow-list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTs, repoRoot } from './load-ts.mjs';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const properties = manifest.contributes.configuration.properties;

test('activates after startup, and on its commands (implicitly)', () => {
  assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
  assert.equal(manifest.main, './dist/extension.js');
});

test('contributes exactly the commands the extension registers, in the Code Index category', async () => {
  const { CommandIds } = await loadTs('extension/command-ids.ts');
  const contributed = manifest.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(contributed, Object.values(CommandIds).sort());
  for (const command of manifest.contributes.commands) assert.equal(command.category, 'Code Index', command.command);
  for (const entry of manifest.contributes.menus.commandPalette) assert.ok(contributed.includes(entry.command), entry.command);
});

test('declares every setting with a description, under codeIndex.', () => {
  const expected = [
    'codeIndex.exclude',
    'codeIndex.maxFileBytes',
    'codeIndex.readerPoolSize',
    'codeIndex.embedding.provider',
    'codeIndex.embedding.model',
    'codeIndex.embedding.endpoint',
  ];
  assert.deepEqual(Object.keys(properties).sort(), expected.sort());
  for (const [key, schema] of Object.entries(properties)) {
    assert.ok((schema.markdownDescription ?? schema.description ?? '').length > 40, `${key} has a description`);
  }
});

test('the embedding settings are machine-scoped, so a workspace cannot redirect code elsewhere', () => {
  for (const key of ['codeIndex.embedding.provider', 'codeIndex.embedding.model', 'codeIndex.embedding.endpoint']) {
    assert.equal(properties[key].scope, 'machine', key);
  }
  assert.ok(!Object.keys(properties).some((key) => /key|token|secret/i.test(key)), 'no API key among the settings');
});

test("the settings' defaults and bounds are the core's", async () => {
  const { DEFAULT_CONFIG, parseConfig } = await loadTs('server/config/config.ts');
  assert.deepEqual(properties['codeIndex.exclude'].default, DEFAULT_CONFIG.exclude);
  assert.equal(properties['codeIndex.maxFileBytes'].default, DEFAULT_CONFIG.maxFileBytes);
  assert.equal(properties['codeIndex.readerPoolSize'].default, DEFAULT_CONFIG.readerPoolSize);
  // The bounds: the largest value the schema allows is accepted by the core, one more is refused.
  for (const field of ['maxFileBytes', 'readerPoolSize']) {
    const { minimum, maximum } = properties[`codeIndex.${field}`];
    assert.doesNotThrow(() => parseConfig(JSON.stringify({ [field]: maximum }), 'x.json'), field);
    assert.doesNotThrow(() => parseConfig(JSON.stringify({ [field]: minimum }), 'x.json'), field);
    assert.throws(() => parseConfig(JSON.stringify({ [field]: maximum + 1 }), 'x.json'), field);
  }
  const { DEFAULT_EMBEDDING } = await loadTs('shared/settings.ts');
  assert.equal(properties['codeIndex.embedding.provider'].default, DEFAULT_EMBEDDING.provider);
});

test('every provider the settings offer is one the core accepts', async () => {
  const { resolveEmbeddingSettings } = await loadTs('server/embed/settings.ts');
  const config = mkdtempSync(join(tmpdir(), 'code-index-settings-'));
  const saved = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = config;
  try {
    for (const provider of properties['codeIndex.embedding.provider'].enum) {
      assert.equal(resolveEmbeddingSettings({ provider }).provider, provider);
    }
  } finally {
    if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = saved;
    rmSync(config, { recursive: true, force: true });
  }
});

test('.vscodeignore is an allow-list', () => {
  const lines = readFileSync(join(repoRoot, '.vscodeignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  assert.equal(lines[0], '**');
  assert.ok(
    lines.slice(1).every((line) => line.startsWith('!')),
    'after "**" only "!" lines',
  );
});

test("the agent-mode tools are the MCP server's, declared once: package.json matches server/tools/tools.ts", async () => {
  const { languageModelTools } = await loadTs('server/tools/lm-manifest.ts');
  const { TOOLS } = await loadTs('server/tools/tools.ts');
  const { LM_TOOL_PREFIX } = await loadTs('shared/protocol.ts');
  const contributed = manifest.contributes.languageModelTools;
  // Any drift (a tool added, renamed, a description or schema edited in one place only) fails here;
  // `npm run manifest:tools` writes package.json again from the declaration.
  assert.deepEqual(contributed, languageModelTools(), 'run `npm run manifest:tools`');
  assert.deepEqual(
    contributed.map((t) => t.name),
    Object.keys(TOOLS).map((name) => `${LM_TOOL_PREFIX}${name}`),
  );
  for (const tool of contributed) {
    assert.match(tool.name, /^[\w-]+$/, 'VS Code accepts letters, digits, _ and - in a tool name');
    assert.equal(tool.inputSchema.type, 'object', tool.name);
    assert.ok(tool.modelDescription.length > 80, `${tool.name} tells the model when to use it`);
  }
});

test('the MCP server definition provider is contributed under the id the extension registers', async () => {
  const { MCP_PROVIDER_ID } = await loadTs('extension/mcp-provider-id.ts');
  assert.deepEqual(
    manifest.contributes.mcpServerDefinitionProviders.map((p) => p.id),
    [MCP_PROVIDER_ID],
  );
});
