// The `code-index` executable. A read-only command (search, symbols, callers, status) is first
// offered to the language server running for its folder, which answers from warm readers; when none
// answers, or for any other command, the full CLI bundle is loaded and runs the command itself.
import { join } from 'node:path';
import { askServer, servedRoot, TRACE_ENV } from '../engine/query-socket.js';
import { loadWithCompileCache } from './compile-cache.js';

const trace = process.env[TRACE_ENV] === '1' ? (m: string) => process.stderr.write(`code-index: ${m}\n`) : () => undefined;

async function launch(argv: string[]): Promise<number> {
  const root = servedRoot(argv, process.cwd());
  if (root) {
    const answer = await askServer(root, argv, process.cwd());
    if ('header' in answer) {
      trace('answered by the server running for this folder');
      if (answer.header.stderr) process.stderr.write(answer.header.stderr);
      process.stdout.write(answer.rest);
      try {
        for await (const chunk of answer.stdout) process.stdout.write(chunk as Buffer);
      } catch {
        process.stderr.write('code-index: the server stopped while answering; run the command again.\n');
        return 1;
      }
      return answer.header.code;
    }
    trace(`running in this process: ${answer.declined}`);
  }
  const cli = loadWithCompileCache<{ main(argv: string[]): Promise<number> }>(join(__dirname, 'cli-main.js'));
  trace(`compile cache ${cli.cacheState}`);
  const code = await cli.exports.main(argv);
  cli.saveCache();
  return code;
}

// `code-index search … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});
launch(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
