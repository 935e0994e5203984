// `code-index` processes answered by the running language server over its query socket: the same
// output, stderr and exit code as the CLI gives on its own, and the server declining whenever it
// could not answer exactly so (another folder, other embedding settings, another release, a bad
// request), with a socket left by a killed server replaced by the next one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, repoRoot } from './lsp-client.mjs';
import { runCli, describe } from '../helpers/cli.mjs';

const TRACE = { CODE_INDEX_TRACE: '1' };
const DIRECT = { CODE_INDEX_NO_SERVER: '1' };
const SERVED = 'code-index: answered by the server running for this folder\n';
let ws;
let server;

before(async () => {
  ws = realpathSync(mkdtempSync(join(tmpdir(), 'ci-queries-')));
  cpSync(join(repoRoot, 'test', 'fixtures', 'demo'), ws, { recursive: true, filter: (src) => !src.includes('.codeindex') });
  server = await startServer([ws]);
  await server.waitIdle();
});

after(async () => {
  if (server && server.child.exitCode === null) await server.kill();
  rmSync(ws, { recursive: true, force: true });
});

/** Runs `args` answered by the server (checked through the trace) and alone; both must print the same. */
async function assertSameServedAndAlone(args, options = {}) {
  const served = await runCli(args, { cwd: options.cwd, env: TRACE });
  const alone = await runCli(args, { cwd: options.cwd, env: DIRECT });
  assert.ok(served.stderr.startsWith(SERVED), `not answered by the server: ${args.join(' ')}\n${describe(served)}`);
  assert.equal(served.code, alone.code, `${args.join(' ')}\n${describe(served)}\n${describe(alone)}`);
  assert.equal(served.stdout, alone.stdout, args.join(' '));
  assert.equal(served.stderr.slice(SERVED.length), alone.stderr, args.join(' '));
  return served;
}

test('search, symbols, callers, impact and status print the same whether the server answers or the CLI runs alone', async () => {
  const hybrid = await assertSameServedAndAlone(['search', 'parse config', '--dir', ws]);
  assert.match(hybrid.stdout, /src\/config\.ts:\d+-\d+/);
  const json = await assertSameServedAndAlone(['search', 'retry a failed request', '--dir', ws, '--json', '-k', '3']);
  assert.ok(JSON.parse(json.stdout).length > 0);
  for (const mode of ['text', 'semantic', 'symbol'])
    await assertSameServedAndAlone(['search', 'parseConfig', '--dir', ws, '--mode', mode, '--json']);
  await assertSameServedAndAlone(['search', 'config', '--dir', ws, '--path', 'src/**', '--lang', 'typescript', '--json']);
  await assertSameServedAndAlone(['search', '"unbalanced (AND * -x:', '--dir', ws]);
  await assertSameServedAndAlone(['search', 'zzzqqqxxx', '--dir', ws]);
  await assertSameServedAndAlone(['symbols', 'parseConfig', '--dir', ws, '--json']);
  await assertSameServedAndAlone(['symbols', 'CW', '--dir', ws]);
  await assertSameServedAndAlone(['callers', 'parseConfig', '--dir', ws, '--json']);
  const callers = await assertSameServedAndAlone(['callers', 'parseConfig', '--dir', ws]);
  assert.match(callers.stdout, /\[resolved\]$/m);
  const impact = await assertSameServedAndAlone(['impact', 'parseConfig', '--dir', ws, '--json', '--depth', '2']);
  assert.ok(JSON.parse(impact.stdout).callers.length > 0, impact.stdout);
  await assertSameServedAndAlone(['impact', 'parseConfig', '--dir', ws]);
  await assertSameServedAndAlone(['status', ws, '--json']);
  await assertSameServedAndAlone(['status', ws]);
});

test('mistakes get the same message and exit code from the server', async () => {
  const usage = await assertSameServedAndAlone(['search', 'x', '--dir', ws, '--mode', 'bogus']);
  assert.equal(usage.code, 2);
  const noQuery = await assertSameServedAndAlone(['symbols', '--dir', ws]);
  assert.equal(noQuery.code, 2);
  assert.match(noQuery.stderr, /symbols needs a QUERY/);
  await assertSameServedAndAlone(['search', 'x', '--dir', ws, '-k', '0']);
  await assertSameServedAndAlone(['search', '--help', '--dir', ws]);
});

test('a relative --dir, or none, from inside the folder is served', async () => {
  await assertSameServedAndAlone(['search', 'fetch json', '--json'], { cwd: ws });
  await assertSameServedAndAlone(['status', '.'], { cwd: ws });
  await assertSameServedAndAlone(['symbols', 'fetchJson', '--dir', `${ws}/src/..`]);
});

test('from a subfolder with no --dir, the nearest index is found and served, with paths printed from there', async () => {
  const src = join(ws, 'src');
  const search = await assertSameServedAndAlone(['search', 'parse config', '--verbose'], { cwd: src });
  assert.match(search.stdout, /^config\.ts:\d+-\d+/m);
  assert.equal(search.stderr, `${SERVED}code-index: using the index ${join(ws, '.codeindex', 'index.db')}\n`);
  const symbols = await assertSameServedAndAlone(['symbols', 'parseConfig'], { cwd: join(ws, 'lib') });
  assert.match(symbols.stdout, /\.\.\/src\/config\.ts:\d+/);
  await assertSameServedAndAlone(['callers', 'parseConfig', '--json'], { cwd: src });
  await assertSameServedAndAlone(['status'], { cwd: src });
});

test('the server declines other embedding settings; text search needs none and is served', async () => {
  const env = { ...TRACE, CODE_INDEX_EMBEDDING_PROVIDER: 'openai', CODE_INDEX_EMBEDDING_ENDPOINT: 'http://127.0.0.1:9' };
  const hybrid = await runCli(['search', 'parse config', '--dir', ws, '--json'], { env });
  assert.match(hybrid.stderr, /running in this process: the CLI asks for other embedding settings/, describe(hybrid));
  const text = await runCli(['search', 'parse config', '--dir', ws, '--json', '--mode', 'text'], { env });
  assert.ok(text.stderr.startsWith(SERVED), describe(text));
  assert.equal(text.code, 0);
});

test('index, embed, check and the symbols --all export run in the CLI process', async () => {
  const check = await runCli(['check', ws], { env: TRACE });
  assert.equal(check.code, 0, describe(check));
  assert.doesNotMatch(check.stderr, /answered by the server/);
  const all = await runCli(['symbols', '--all', '--json', '--dir', ws], { env: TRACE });
  assert.equal(all.code, 0, describe(all));
  assert.match(all.stderr, /running in this process: symbols --all runs in the CLI process/);
  assert.ok(JSON.parse(all.stdout).length >= 5);
});

/** One raw request on the socket: the server's header line. */
function rawRequest(line) {
  return new Promise((resolve, reject) => {
    const socket = connect(join(ws, '.codeindex', 'query.sock'));
    let data = '';
    socket.on('connect', () => socket.write(line));
    socket.on('data', (d) => {
      data += d;
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(JSON.parse(data.slice(0, data.indexOf('\n')))));
  });
}

test('another folder, another release or a malformed request is declined, and the server goes on answering', async () => {
  const request = (over) => `${JSON.stringify({ protocol: 1, version: '0.1.0', argv: ['status', ws], cwd: ws, env: {}, ...over })}\n`;
  assert.equal((await rawRequest(request({}))).served, true);
  const other = await rawRequest(request({ argv: ['search', 'x', '--dir', tmpdir()] }));
  assert.equal(other.served, false);
  assert.match(other.reason, /is not/);
  assert.equal((await rawRequest(request({ version: '0.0.1' }))).served, false);
  assert.equal((await rawRequest(request({ protocol: 99 }))).served, false);
  assert.equal((await rawRequest('{not json\n')).served, false);
  assert.equal((await rawRequest(request({ argv: 'search' }))).served, false);
  assert.equal((await rawRequest(request({ argv: ['index', ws] }))).served, false);
  const after = await runCli(['status', ws], { env: TRACE });
  assert.ok(after.stderr.startsWith(SERVED), describe(after));
});

test('a socket left by a killed server: the CLI runs alone, and the next server takes the socket over', async () => {
  await server.kill();
  assert.ok(existsSync(join(ws, '.codeindex', 'query.sock')), 'SIGKILL leaves the socket file');
  const alone = await runCli(['search', 'parse config', '--dir', ws, '--json'], { env: TRACE });
  assert.equal(alone.code, 0, describe(alone));
  assert.match(alone.stderr, /running in this process: no language server runs for this folder/);
  assert.ok(JSON.parse(alone.stdout).length > 0);

  server = await startServer([ws]);
  await server.waitIdle();
  await assertSameServedAndAlone(['search', 'parse config', '--dir', ws, '--json']);
});

test('a second server for the same folder leaves the socket to the first', async () => {
  const second = await startServer([ws]);
  try {
    await second.waitIdle();
    await second.stop();
    // The first server still answers: the second never took its socket, and removed nothing on exit.
    await assertSameServedAndAlone(['status', ws, '--json']);
  } finally {
    if (second.child.exitCode === null) await second.kill();
  }
});
