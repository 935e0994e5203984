// The README's "Install the CLI" path, for real: npm pack this repository, install the tarball globally
// into a temporary prefix, and index and search a folder outside the repository with the installed CLI.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const repo = join(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'code-index-install-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

// The child npm must not take this repository for its project: drop what `npm run` passes down about it.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_(package_|lifecycle_|config_local_prefix$)/.test(key)));
env.ONNXRUNTIME_NODE_INSTALL ??= 'skip'; // as the README says: no CUDA download from onnxruntime-node
env.CODE_INDEX_NO_SERVER = '1';

function run(file, args, cwd, timeout) {
  const started = Date.now();
  const out = execFileSync(file, args, { cwd, env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(`install test: ${[file, ...args].join(' ')} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return out;
}

it('npm pack, npm install -g, then code-index index and search a folder outside the repo', { timeout: 900_000 }, async () => {
  run('npm', ['pack', '--pack-destination', scratch], repo, 120_000);
  const tarballs = readdirSync(scratch).filter((name) => name.endsWith('.tgz'));
  assert.equal(tarballs.length, 1, `npm pack should leave one tarball, found: ${tarballs.join(', ')}`);

  const listing = execFileSync('tar', ['-tzf', join(scratch, tarballs[0])], { encoding: 'utf8' }).split('\n');
  assert.ok(listing.includes('package/dist/cli.js'), 'the tarball holds the CLI bundle');
  assert.ok(listing.includes('package/dist/cli-mcp.js'), 'the tarball holds the MCP server bundle');
  assert.deepEqual(
    listing.filter((path) => /^package\/(test|bench|server|shared|extension|docs)\//.test(path) || path.endsWith('.map')),
    [],
    'no tests, benches, sources or source maps in the tarball',
  );

  const prefix = join(scratch, 'prefix');
  // From the scratch folder, so no project's .npmrc steers the install.
  run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(scratch, tarballs[0])], scratch, 840_000);
  const cli = join(prefix, 'bin', 'code-index');

  const project = join(scratch, 'my-project');
  cpSync(join(repo, 'test', 'fixtures', 'demo'), project, { recursive: true });

  const indexed = JSON.parse(run(cli, ['index', '--json'], project, 120_000));
  assert.equal(indexed.files, 5);
  assert.ok(indexed.chunks > 0);

  const hits = JSON.parse(run(cli, ['search', 'parse config', '--json'], project, 60_000));
  assert.equal(hits[0]?.path, 'src/config.ts', `first hit: ${JSON.stringify(hits[0])}`);
  assert.equal(hits[0].symbol, 'parseConfig');

  // Vectors live in sqlite-vec's table: embedding and a semantic search prove the extension loads.
  const embedded = JSON.parse(run(cli, ['embed', '--json'], project, 120_000));
  assert.ok(embedded.embedded > 0, `embed: ${JSON.stringify(embedded)}`);
  const semantic = JSON.parse(run(cli, ['search', 'parse config', '--mode', 'semantic', '--json'], project, 60_000));
  assert.ok(semantic.length > 0 && semantic.every((hit) => typeof hit.scores.vector === 'number'), JSON.stringify(semantic[0]));

  // The installed `code-index mcp`, as an agent's client starts it.
  const client = new Client({ name: 'install-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: cli, args: ['mcp', project], env, stderr: 'ignore' }));
  try {
    const { tools } = await client.listTools();
    assert.ok(
      tools.some((tool) => tool.name === 'search'),
      JSON.stringify(tools.map((tool) => tool.name)),
    );
    const answer = await client.callTool({ name: 'search', arguments: { query: 'parse config' } });
    assert.equal(answer.structuredContent.hits[0]?.path, 'src/config.ts', JSON.stringify(answer));
  } finally {
    await client.close();
  }
});
