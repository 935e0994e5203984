// The `code-index` command line: every command, run in this process. The launcher (launcher.ts)
// loads this bundle when no language server can answer the command for it.
import type { Command } from 'commander';
import { join } from 'node:path';
import { runEmbed } from './embed-command.js';
import { runIndex } from './index-command.js';
import { runCheck } from './check-command.js';
import { processIo } from '../queries/cli-io.js';
import { addQueryCommands, createProgram, runProgram, type CommandRun } from '../queries/program.js';
import { directSource } from '../queries/query-source.js';
import { commandRoot } from '../indexer/workspace.js';
import { indexDbPath } from '../storage/open-database.js';

/** Where a command that writes works when given no folder: the enclosing index, as git's commands do. */
const FOUND_OR_HERE = 'the folder (default: the nearest indexed one from here up, else this one)';

function addWriteCommands(program: Command, run: CommandRun): void {
  program
    .command('embed')
    .argument('[dir]', FOUND_OR_HERE)
    .description('embed chunks that have no vector yet')
    .option('--daemon', 'keep running and embed new chunks as they are indexed, until SIGINT or SIGTERM')
    .option('--provider <name>', 'builtin (default), transformers or openai')
    .option('--model <model>', 'model id or folder (transformers), model name (openai)')
    .option('--endpoint <url>', 'base URL of an OpenAI-compatible API')
    .option('--json', 'print the summary as JSON')
    .option('--verbose', 'print a line for every batch embedded (chunks, time, rate) instead of a progress bar')
    .action(async (dir: string | undefined, opts) => {
      run.code = await runEmbed(commandRoot(dir, process.cwd(), 'cwd'), opts);
    });

  program
    .command('serve')
    .argument('[dir]', FOUND_OR_HERE)
    .description(
      "keep a folder indexed and embedded as files change, and answer other code-index processes' searches, until SIGINT or SIGTERM",
    )
    .option('--provider <name>', 'builtin (default), transformers or openai')
    .option('--model <model>', 'model id or folder (transformers), model name (openai)')
    .option('--endpoint <url>', 'base URL of an OpenAI-compatible API')
    .option('--verbose', "print the index service's log (skipped files, warnings)")
    .action(async (dir: string | undefined, opts) => {
      const root = commandRoot(dir, process.cwd(), 'cwd');
      // Its own bundle: the index service, the watcher and the reader pool load only for this command.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const serve = require(join(__dirname, 'cli-serve.js')) as typeof import('./serve-command.js');
      run.code = await serve.runServe(root, opts);
    });

  program
    .command('mcp')
    .argument('[dir]', FOUND_OR_HERE)
    .description('serve the index to coding agents: an MCP server on stdin/stdout (docs/mcp.md)')
    .action(async (dir: string | undefined) => {
      const root = commandRoot(dir, process.cwd(), 'cwd');
      // Its own bundle: the MCP SDK loads only for this command.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mcp = require(join(__dirname, 'cli-mcp.js')) as { runMcp(root: string): Promise<number> };
      run.code = await mcp.runMcp(root);
    });

  program
    .command('check')
    .argument('[dir]', 'the indexed folder (default: the nearest one from here up, as git finds its repository)')
    .description('verify the index; exit 0 only if it is sound')
    .option('--json', 'print as JSON')
    .option('--repair', 'rebuild a damaged index, keeping the old file as a backup')
    .option('--verbose', 'say on stderr which index is checked')
    .action(async (dir: string | undefined, opts) => {
      const root = commandRoot(dir, process.cwd(), 'fail');
      if (opts.verbose) process.stderr.write(`code-index: checking the index ${indexDbPath(root)}\n`);
      run.code = await runCheck(root, opts);
    });
}

export function main(argv: string[]): Promise<number> {
  const run: CommandRun = { code: 0 };
  const ctx = { io: processIo, open: directSource, cwd: process.cwd() };
  const program = createProgram(processIo);
  program
    .command('index')
    .argument('[dir]', FOUND_OR_HERE)
    .description('index a folder (incremental: unchanged files are skipped)')
    .option('--force', 're-read every file')
    .option('--no-wait', 'index alongside another index run on this folder instead of waiting for it')
    .option('--json', 'print the summary as JSON')
    .option('--verbose', 'list every warning the index holds (skipped files, decoding problems) on stderr')
    .action(async (dir: string | undefined, opts) => {
      run.code = await runIndex(commandRoot(dir, process.cwd(), 'cwd'), opts);
    });
  addQueryCommands(program, ctx, run);
  addWriteCommands(program, run);
  return runProgram(program, argv, processIo, run);
}
