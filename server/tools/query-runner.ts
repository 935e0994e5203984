// Runs a read-only CLI command (search, symbols, callers, status) for an agent tool the way the
// `code-index` launcher does: offered first to the language server or `serve` running for the folder
// (its warm readers, over the query socket), else run in this process on the index opened read-only.
// Both paths run the same commands (queries/), so an agent gets what a person at the CLI would.
import { askServer, NO_SERVER_ENV } from '../engine/query-socket.js';
import { bufferIo } from '../queries/cli-io.js';
import { addQueryCommands, createProgram, runProgram, type CommandRun } from '../queries/program.js';
import { directSource } from '../queries/query-source.js';

export interface QueryRun {
  code: number;
  stdout: string;
  stderr: string;
  /** `server` when a running language server or `serve` answered, `index` when this process read the index. */
  answeredBy: 'server' | 'index';
}

export async function runQuery(root: string, argv: string[]): Promise<QueryRun> {
  if (process.env[NO_SERVER_ENV] !== '1') {
    const answer = await askServer(root, argv, root);
    if ('header' in answer) {
      const chunks: Buffer[] = [answer.rest];
      try {
        for await (const chunk of answer.stdout) chunks.push(chunk as Buffer);
        return {
          code: answer.header.code,
          stdout: Buffer.concat(chunks).toString('utf8'),
          stderr: answer.header.stderr,
          answeredBy: 'server',
        };
      } catch {
        // The server stopped while answering: read the index instead.
      }
    }
  }
  const io = bufferIo();
  const run: CommandRun = { code: 0 };
  const program = createProgram(io);
  addQueryCommands(program, { io, open: directSource, cwd: root }, run);
  const code = await runProgram(program, argv, io, run);
  return { code, stdout: io.stdout, stderr: io.stderr, answeredBy: 'index' };
}
