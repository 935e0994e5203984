// The language server's side of the query socket: runs a CLI's read-only command with the same
// program and commands as the CLI (queries/program.ts), reading through this folder's warm reader pool
// and embedding the query with the server's provider. It declines (and the CLI runs the command
// itself) whenever it could not print exactly what the CLI would: another folder, other embedding
// settings, a command it does not serve.
import { realpathSync } from 'node:fs';
import type { Server } from 'node:net';
import type { EmbeddingSettings } from '../../shared/settings.js';
import type { EmbeddingProvider } from '../embed/provider.js';
import { resolveEmbeddingSettings } from '../embed/settings.js';
import { bufferIo } from '../queries/cli-io.js';
import { addQueryCommands, createProgram, runProgram, type CommandRun } from '../queries/program.js';
import { NotServed, type QuerySource } from '../queries/query-source.js';
import { SERVED_COMMANDS, serveQueries, type QueryReplyHeader, type QueryRequest } from './query-socket.js';
import { indexDbPath } from '../storage/open-database.js';
import { commandRoot } from '../indexer/workspace.js';
import type { FolderIndex } from './folder-index.js';

export interface ServedQueriesContext {
  /** The embedding settings the server's provider was made from. */
  embedding(): EmbeddingSettings;
  provider(): Promise<EmbeddingProvider>;
  log(message: string): void;
}

/** Starts answering CLI queries for `folder`; null when another server already does, or no socket can be made. */
export function serveFolderQueries(folder: FolderIndex, ctx: ServedQueriesContext): Promise<Server | null> {
  const root = realpathSync.native(folder.root);
  return serveQueries(root, (request) => answer(root, folder, ctx, request), ctx.log);
}

async function answer(
  root: string,
  folder: FolderIndex,
  ctx: ServedQueriesContext,
  request: QueryRequest,
): Promise<QueryReplyHeader & { stdout?: string }> {
  if (!SERVED_COMMANDS.has(request.argv[0])) return { served: false, reason: `${String(request.argv[0])} runs in the CLI process` };
  const io = bufferIo();
  const run: CommandRun = { code: 0 };
  const program = createProgram(io);
  const open = (dir: string | undefined) => servedSource(root, folder, ctx, request, dir);
  addQueryCommands(program, { io, open, cwd: request.cwd }, run);
  try {
    const code = await runProgram(program, request.argv, io, run);
    return { served: true, code, stderr: io.stderr, stdout: io.stdout };
  } catch (err) {
    if (err instanceof NotServed) return { served: false, reason: err.message };
    throw err;
  }
}

function servedSource(
  root: string,
  folder: FolderIndex,
  ctx: ServedQueriesContext,
  request: QueryRequest,
  dir: string | undefined,
): QuerySource {
  // The folder as the CLI would name it (its own resolve and walk up, not the real path), so both print the same.
  let cliRoot: string;
  let asked: string;
  try {
    cliRoot = commandRoot(dir, request.cwd, 'fail', request.env.HOME);
    asked = realpathSync.native(cliRoot);
  } catch {
    throw new NotServed(`no indexed folder ${dir ?? `at or above ${request.cwd}`}`);
  }
  if (asked !== root) throw new NotServed(`${asked} is not ${root}`);
  if (folder.state === 'starting' || folder.state === 'error') throw new NotServed(`the index is ${folder.state}`);
  const dbPath = indexDbPath(cliRoot);
  return {
    root: cliRoot,
    dbPath,
    model: () => folder.read('model', null),
    async queryProvider(flags) {
      const wanted = resolveEmbeddingSettings(flags, request.env);
      const mine = ctx.embedding();
      if (wanted.provider !== mine.provider || wanted.model !== mine.model || wanted.endpoint !== mine.endpoint) {
        throw new NotServed('the CLI asks for other embedding settings than the editor uses');
      }
      return { provider: await ctx.provider(), release: async () => undefined };
    },
    search: (query, options) => folder.read('hybrid', { query, options }),
    symbols: (query, k) => folder.read('symbols', { query, k }),
    // An export of every definition (tens of MB of JSON for a large workspace) would be built on the
    // server's main thread, which the editor waits on: the CLI process does it instead.
    allSymbols: () => Promise.reject(new NotServed('symbols --all runs in the CLI process')),
    callers: (name) => folder.read('callers', { name }),
    impact: (name, options) => folder.read('impact', { name, options }),
    status: () => folder.read('status', { dbPath }),
    warnings: () => folder.read('warnings', null),
    parseIssues: () => folder.read('parseIssues', null),
    close: () => undefined,
  };
}
