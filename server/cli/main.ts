// The `code-index` command line: parses arguments, runs one command, turns every failure into one
// clear line on stderr and a non-zero exit.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SEARCH_MODES } from '../../shared/settings.js';
import { runEmbed } from './embed-command.js';
import { IndexError, toIndexError } from '../storage/errors.js';
import { sqliteCode } from '../storage/driver.js';
import { runIndex } from './index-command.js';
import { runCallers, runSearch, runStatus, runSymbols } from './query-commands.js';
import { runCheck } from './check-command.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new InvalidArgumentError('must be a whole number from 1 to 10000.');
  return n;
}

function buildProgram(): Command {
  const program = new Command('code-index')
    .description('Index a codebase into a local SQLite database and search it.')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s.startsWith('error:') ? s.replace(/^error: /, 'code-index: ') : s) });

  program.command('index').argument('[dir]', 'folder to index', '.')
    .description('index a folder (incremental: unchanged files are skipped)')
    .option('--force', 're-read every file')
    .option('--json', 'print the summary as JSON')
    .option('--verbose', 'print a line for every skipped file')
    .action(async (dir: string, opts) => { process.exitCode = await runIndex(dir, opts); });

  program.command('search').argument('<query>', 'what to look for')
    .description('search the index')
    .option('--dir <dir>', 'the indexed folder', '.')
    .option('-k <n>', 'how many results', positiveInt, 10)
    .addOption(new Option('--mode <mode>', 'which signals to use').choices([...SEARCH_MODES]).default('auto'))
    .option('--path <glob>', 'only paths matching this glob')
    .option('--lang <language>', 'only files of this language (typescript, python, ...)')
    .option('--provider <name>', 'embedding provider for the query (builtin, transformers, openai)')
    .option('--json', 'print results as JSON')
    .action(async (query: string, opts) => { process.exitCode = await runSearch(query, opts); });

  program.command('symbols').argument('[query]', 'a name, a prefix, camelCase humps or a subsequence')
    .description('find definitions by name')
    .option('--dir <dir>', 'the indexed folder', '.')
    .option('-k <n>', 'how many results', positiveInt, 20)
    .option('--all', 'list every definition in the index')
    .option('--json', 'print as JSON')
    .action(async (query: string | undefined, opts) => { process.exitCode = await runSymbols(query, opts); });

  program.command('callers').argument('<name>', 'a function or method name')
    .description('list the call sites of a function or method')
    .option('--dir <dir>', 'the indexed folder', '.')
    .option('--json', 'print as JSON')
    .action(async (name: string, opts) => { process.exitCode = await runCallers(name, opts); });

  program.command('embed').argument('[dir]', 'the indexed folder', '.')
    .description('embed chunks that have no vector yet')
    .option('--daemon', 'keep running and embed new chunks as they are indexed, until SIGINT or SIGTERM')
    .option('--provider <name>', 'builtin (default), transformers or openai')
    .option('--model <model>', 'model id or folder (transformers), model name (openai)')
    .option('--endpoint <url>', 'base URL of an OpenAI-compatible API')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, opts) => { process.exitCode = await runEmbed(dir, opts); });

  program.command('status').argument('[dir]', 'the indexed folder', '.')
    .description('show what the index holds')
    .option('--json', 'print as JSON')
    .action(async (dir: string, opts) => { process.exitCode = await runStatus(dir, opts); });

  program.command('check').argument('[dir]', 'the indexed folder', '.')
    .description('verify the index; exit 0 only if it is sound')
    .option('--json', 'print as JSON')
    .option('--repair', 'rebuild a damaged index, keeping the old file as a backup')
    .action(async (dir: string, opts) => { process.exitCode = await runCheck(dir, opts); });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (err instanceof IndexError) {
      process.stderr.write(`code-index: ${err.message}\n`);
      return err.code === 'BAD_ARGUMENT' ? EXIT_USAGE : EXIT_FAILURE;
    }
    if (sqliteCode(err)) {
      process.stderr.write(`code-index: ${toIndexError(err, 'the index').message}\n`);
      return EXIT_FAILURE;
    }
    process.stderr.write(`code-index: unexpected failure: ${(err as Error)?.stack ?? err}\n`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  // `code-index search … | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
