// The language server reports parse issues like the CLI: its status request and notification carry
// the counts, and `code-index status --verbose` answered by the server lists what the CLI alone does.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from './lsp-client.mjs';
import { runCli, describe } from '../helpers/cli.mjs';

const SERVED = 'code-index: answered by the server running for this folder\n';
const ws = realpathSync(mkdtempSync(join(tmpdir(), 'ci-parse-status-')));
writeFileSync(join(ws, 'ok.ts'), 'export function fine() { return 1; }\n');
writeFileSync(join(ws, 'bad.ts'), 'export function ok() {}\nexport function broken( {\n  return 1;\n}\n');
let server;

after(async () => {
  if (server && server.child.exitCode === null) await server.kill();
  rmSync(ws, { recursive: true, force: true });
});

test('codeIndex/status counts the files with syntax errors, and the served status --verbose lists them as the CLI does', async () => {
  server = await startServer([ws]);
  const idle = await server.waitIdle();
  const [folder] = (await server.request('codeIndex/status')).folders;
  assert.deepEqual([folder.parseErrorFiles, folder.oversizeFiles, folder.minifiedFiles], [1, 0, 0]);
  assert.equal(idle.folders[0].parseErrorFiles, 1, 'the notification carries it too');

  const served = await runCli(['status', ws, '--verbose'], { env: { CODE_INDEX_TRACE: '1' } });
  const alone = await runCli(['status', ws, '--verbose'], { env: { CODE_INDEX_NO_SERVER: '1' } });
  assert.ok(served.stderr.startsWith(SERVED), describe(served));
  assert.equal(served.stdout, alone.stdout);
  assert.match(served.stdout, /\n {4}bad\.ts:2: syntax error, the first of \d+; definitions after it may be missing\n/);
});
