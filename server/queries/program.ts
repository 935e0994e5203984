// The `code-index` program's shared frame: argument parsing (commander), the read-only commands, and
// how a failure becomes one clear line and an exit code. cli/main.ts adds the commands that write; the
// language server builds the same frame to answer a CLI process (engine/served-queries.ts).
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SEARCH_GROUPS, SEARCH_MODES } from '../../shared/settings.js';
import { TRACE_ENV, isIndexError, toIndexError } from '../common/errors.js';
import { sqliteCode } from '../common/sqlite-codes.js';
import type { CliIo } from './cli-io.js';
import { runCallers, runImpact, runSearch, runStatus, runSymbols, type QueryContext } from './query-commands.js';
import { IMPACT_DEFAULT_DEPTH, IMPACT_DEFAULT_MAX, IMPACT_MAX_DEPTH, IMPACT_MAX_MAX } from '../search/impact.js';
import { NotServed } from './query-source.js';

const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** The exit code the command that ran chose. */
export interface CommandRun {
  code: number;
}

/** The most results a command prints: more is an export, which `symbols --all --json` is for. */
const MAX_RESULTS = 10_000;

/**
 * A count given on the command line: plain decimal digits only. Number() alone would take `1e3`,
 * `0x10`, ` 5` and `+5` while refusing `2.5`; a person means none of them.
 */
function positiveInt(value: string): number {
  return wholeNumber(value, MAX_RESULTS);
}

function wholeNumber(value: string, max: number): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= max)) throw new InvalidArgumentError(`must be a whole number from 1 to ${max}.`);
  return n;
}

export function createProgram(io: CliIo): Command {
  return new Command('code-index')
    .description('Index a codebase into a local SQLite database and search it.')
    .exitOverride()
    .showSuggestionAfterError()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => io.err(s.startsWith('error:') ? withExclusionHint(s.replace(/^error: /, 'code-index: ')) : s),
    });
}

/** `search foo -bar` unquoted: the shell hands commander `-bar` as an option. Say how to mean a -word. */
function withExclusionHint(message: string): string {
  const flag = /^code-index: unknown option '(-[^-'][^']+)'/.exec(message)?.[1];
  if (!flag) return message;
  return `code-index: unknown option '${flag}'; to leave out a word in a search, quote the query (code-index search 'parse ${flag}') or put it after -- (code-index search -- parse ${flag})\n`;
}

const VERBOSE = 'say on stderr which index answers';

/** search, symbols, callers, impact and status: the commands a language server may answer for the CLI. */
export function addQueryCommands(program: Command, ctx: QueryContext, run: CommandRun): void {
  program
    .command('search')
    .argument('<query...>', 'what to look for (the words may be given as separate arguments)')
    .description('search the index')
    .addHelpText(
      'after',
      `
Query syntax:
  "exact phrase"   its words next to each other, in this order
  -word            leave out results containing word (it must start a word of the query)
Everything else is searched for literally: AND, OR, *, ( ) and : are words or nothing, never operators.
A long query (an issue report, a stack trace) is weighed word by word, and the paths and code names
it writes out count as strong evidence for the files they name.
Examples: code-index search 'retry "exponential backoff" -test'    code-index search parseConfig --lang ts
          code-index search --group file "$(cat issue.txt)"`,
    )
    .option('--dir <dir>', 'the indexed folder (default: the nearest one from here up, as git finds its repository)')
    .option('-k <n>', 'how many results', positiveInt, 10)
    .addOption(new Option('--mode <mode>', 'which signals to use').choices([...SEARCH_MODES]).default('auto'))
    .option('--path <pattern>', 'only paths this gitignore-style pattern selects (src/lib, *.py, src/**/*.ts)')
    .option('--lang <language>', 'only files of this language (ts, js, py, go, rust, c++, cs, ...)')
    .addOption(
      new Option('--group <unit>', 'file: one result per file, files ranked by all their matches (for "which files must change?")')
        .choices([...SEARCH_GROUPS])
        .default('chunk'),
    )
    .option('--provider <name>', 'embedding provider for the query (builtin, transformers, openai)')
    .option('--json', 'print results as JSON')
    .option('--verbose', VERBOSE)
    .action(async (words: string[], opts) => {
      run.code = await runSearch(words.join(' '), opts, ctx);
    });

  program
    .command('symbols')
    .argument('[query]', 'a name, a prefix, camelCase humps or a subsequence')
    .description('find definitions by name')
    .option('--dir <dir>', 'the indexed folder (default: the nearest one from here up, as git finds its repository)')
    .option('-k <n>', 'how many results', positiveInt, 20)
    .option('--all', 'list every definition in the index')
    .option('--json', 'print as JSON')
    .option('--verbose', VERBOSE)
    .action(async (query: string | undefined, opts) => {
      run.code = await runSymbols(query, opts, ctx);
    });

  program
    .command('callers')
    .argument('<name>', 'a function or method name, bare or qualified (parse_args, ArgumentParser.parse_args)')
    .description('list the call sites of a function or method, each labelled resolved or name-only')
    .addHelpText(
      'after',
      `
Tiers:
  resolved    the calling file's imports, its receiver (this., self., Foo.) or its enclosing scopes say the
              call reaches this definition (TypeScript, JavaScript and Python)
  name-only   a call of the same name the index cannot place (obj.method(), other languages)
Calls that provably reach another definition of the name, or a package from outside, are left out.`,
    )
    .option('--dir <dir>', 'the indexed folder (default: the nearest one from here up, as git finds its repository)')
    .option('--resolved', 'only the resolved tier')
    .option('--json', 'print as JSON')
    .option('--verbose', VERBOSE)
    .action(async (name: string, opts) => {
      run.code = await runCallers(name, opts, ctx);
    });

  program
    .command('impact')
    .argument('<name>', 'a function or method name, bare or qualified (parse_args, Config.load)')
    .description('who calls this, and who calls those, to a bounded depth: what a change to it may reach')
    .option('--dir <dir>', 'the indexed folder (default: the nearest one from here up, as git finds its repository)')
    .option(
      '--depth <n>',
      `how many levels of callers (at most ${IMPACT_MAX_DEPTH})`,
      (v) => wholeNumber(v, IMPACT_MAX_DEPTH),
      IMPACT_DEFAULT_DEPTH,
    )
    .option('--max <n>', `the most callers listed (at most ${IMPACT_MAX_MAX})`, (v) => wholeNumber(v, IMPACT_MAX_MAX), IMPACT_DEFAULT_MAX)
    .option('--name-only', 'follow name-only calls too (guesses, labelled), not only resolved ones')
    .option('--json', 'print as JSON')
    .option('--verbose', VERBOSE)
    .action(async (name: string, opts) => {
      run.code = await runImpact(name, opts, ctx);
    });

  program
    .command('status')
    .argument('[dir]', 'the indexed folder (default: the nearest one from here up, as git finds its repository)')
    .description('show what the index holds')
    .option('--json', 'print as JSON (every warning included)')
    .option('--verbose', `list every warning the index holds (path: message), and ${VERBOSE}`)
    .action(async (dir: string | undefined, opts) => {
      run.code = await runStatus(dir, opts, ctx);
    });
}

/**
 * Parses `argv` and runs the command; every failure but NotServed becomes one line on `io` and an
 * exit code: 2 for what the user can fix in the command or its settings (an argument, a folder,
 * a config file), 1 for the rest (no index yet, a damaged or foreign index, a busy or full disk).
 */
export async function runProgram(program: Command, argv: string[], io: CliIo, run: CommandRun): Promise<number> {
  try {
    await program.parseAsync(argv, { from: 'user' });
    return run.code;
  } catch (err) {
    if (err instanceof NotServed) throw err;
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (isIndexError(err)) {
      io.err(`code-index: ${oneLine(err.message)}\n`);
      return err.code === 'BAD_ARGUMENT' || err.code === 'BAD_CONFIG' ? EXIT_USAGE : EXIT_FAILURE;
    }
    if (sqliteCode(err)) {
      io.err(`code-index: ${oneLine(toIndexError(err, null).message)}\n`);
      return EXIT_FAILURE;
    }
    // A bug: one line for the user, the stack for whoever reports it.
    const trace = process.env[TRACE_ENV] === '1' && err instanceof Error ? `\n${err.stack}` : '';
    io.err(
      `code-index: unexpected failure: ${oneLine(err instanceof Error ? err.message : String(err))} (rerun with ${TRACE_ENV}=1 for details, and report it)${trace}\n`,
    );
    return EXIT_FAILURE;
  }
}

/** A message as one line: some carry a newline from what they quote (JSON.parse quotes the text). */
function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ');
}
