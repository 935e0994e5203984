// Both ends of the query socket: a language server running for a folder answers the read-only
// commands (search, symbols, callers, status) of `code-index` processes over a local socket, from
// readers that are already open and warm, so a script or an agent calling the CLI pays for starting
// Node and little else. The launcher side loads nothing but Node's own modules.
//
// One request per connection: the client sends one JSON line (QueryRequest); the server answers one
// JSON line (QueryReplyHeader) and, when it served the command, the command's stdout until it closes.
import { lstatSync, mkdirSync, realpathSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { QUERY_SOCKET_FILE, findIndexRoot, indexFile } from '../common/index-paths.js';

/** Bumped when the request or the reply changes shape. */
export const QUERY_PROTOCOL = 1;
/** Set by esbuild: a CLI talks only to a server from the same release, so both print the same. */
declare const __CODE_INDEX_VERSION__: string;
export const CLI_VERSION = typeof __CODE_INDEX_VERSION__ === 'string' ? __CODE_INDEX_VERSION__ : 'dev';
/** CODE_INDEX_NO_SERVER=1 makes every command open the index itself. */
export const NO_SERVER_ENV = 'CODE_INDEX_NO_SERVER';
export { TRACE_ENV } from '../common/errors.js';
/** The environment the embedding settings are resolved from (embed/settings.ts), passed along. */
export const FORWARDED_ENV = [
  'CODE_INDEX_EMBEDDING_PROVIDER',
  'CODE_INDEX_EMBEDDING_MODEL',
  'CODE_INDEX_EMBEDDING_ENDPOINT',
  'XDG_CONFIG_HOME',
  'HOME',
];

const MAX_REQUEST_BYTES = 1 << 20;
/** How long a client waits for the server's answer to begin before running the command itself. */
const ANSWER_TIMEOUT_MS = 5000;
/** Unix socket paths are limited to about 104 bytes (macOS) or 108 (Linux). */
const MAX_SOCKET_PATH = 100;

export interface QueryRequest {
  protocol: number;
  version: string;
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export type QueryReplyHeader = { served: true; code: number; stderr: string } | { served: false; reason: string };

export interface QueryAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** Where a server for `root` (a real path) listens, in the order it tries them; a client creates nothing. */
export function* querySocketPaths(root: string, forServer = false): Generator<string> {
  if (process.platform === 'win32') {
    yield `\\\\.\\pipe\\code-index-${rootHash(root.toLowerCase())}`;
    return;
  }
  const inFolder = indexFile(root, QUERY_SOCKET_FILE);
  if (Buffer.byteLength(inFolder) <= MAX_SOCKET_PATH) yield inFolder;
  const dir = privateSocketDir(forServer);
  if (dir) yield join(dir, `${rootHash(root)}.sock`);
}

function rootHash(root: string): string {
  // Loaded only when needed: the common path (a socket inside .codeindex/) never hashes.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(root).digest('hex').slice(0, 24);
}

/** A folder under the temp dir that only this user can enter; null when it cannot be made so. */
function privateSocketDir(create: boolean): string | null {
  const uid = process.getuid?.() ?? 0;
  const dir = join(tmpdir(), `code-index-${uid}`);
  try {
    if (create) mkdirSync(dir, { mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') return null;
  }
  try {
    const st = lstatSync(dir);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o077) === 0 ? dir : null;
  } catch {
    return null;
  }
}

// ---- the client (the launcher) ----

export const SERVED_COMMANDS: ReadonlySet<string> = new Set(['search', 'symbols', 'callers', 'impact', 'status']);

/**
 * The real path of the folder a served command reads, from a light look at the arguments (the
 * server parses them properly and declines when they name another folder); null when the command
 * is not one a server answers.
 */
export function servedRoot(argv: string[], cwd: string): string | null {
  const [command, ...rest] = argv;
  if (!SERVED_COMMANDS.has(command) || process.env[NO_SERVER_ENV] === '1') return null;
  let dir: string | undefined;
  if (command === 'status') {
    dir = rest.find((a) => !a.startsWith('-'));
  } else {
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === '--') break;
      if (rest[i] === '--dir' && i + 1 < rest.length) dir = rest[i + 1];
      else if (rest[i].startsWith('--dir=')) dir = rest[i].slice('--dir='.length);
    }
  }
  try {
    // No folder named: the nearest indexed one from cwd up, as the command itself finds it.
    return realpathSync.native(dir === undefined ? (findIndexRoot(resolve(cwd)).root ?? cwd) : resolve(cwd, dir));
  } catch {
    return null;
  }
}

export interface ServedAnswer {
  header: Extract<QueryReplyHeader, { served: true }>;
  /** What followed the header in the first read, then the rest of stdout from the socket. */
  rest: Buffer;
  stdout: Socket;
}

/** The server's answer, or why there is none (no server runs, it declined, it failed). */
export async function askServer(root: string, argv: string[], cwd: string): Promise<ServedAnswer | { declined: string }> {
  const env: Record<string, string> = {};
  for (const name of FORWARDED_ENV) if (process.env[name] !== undefined) env[name] = process.env[name]!;
  const request: QueryRequest = { protocol: QUERY_PROTOCOL, version: CLI_VERSION, argv, cwd, env };
  for (const path of querySocketPaths(root)) {
    const answer = await askAt(path, request);
    if (answer !== 'absent') return answer;
  }
  return { declined: 'no language server runs for this folder' };
}

function askAt(path: string, request: QueryRequest): Promise<ServedAnswer | { declined: string } | 'absent'> {
  return new Promise((settle) => {
    const socket = connect(path);
    let head = Buffer.alloc(0);
    let settled = false;
    const finish = (value: ServedAnswer | { declined: string } | 'absent') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off('data', onData);
      if (value === 'absent' || !('header' in value)) socket.destroy();
      settle(value);
    };
    const timer = setTimeout(
      () => finish({ declined: `the server at ${path} did not answer within ${ANSWER_TIMEOUT_MS} ms` }),
      ANSWER_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const nl = head.indexOf(10);
      if (nl < 0) return;
      let header: QueryReplyHeader;
      try {
        header = JSON.parse(head.subarray(0, nl).toString('utf8')) as QueryReplyHeader;
      } catch {
        finish({ declined: `the server at ${path} answered something else` });
        return;
      }
      if (!header.served) {
        finish({ declined: header.reason });
        return;
      }
      socket.pause();
      finish({ header, rest: head.subarray(nl + 1), stdout: socket });
    };
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('data', onData);
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish(err.code === 'ENOENT' || err.code === 'ECONNREFUSED' ? 'absent' : { declined: `${path}: ${err.message}` }),
    );
    socket.on('close', () => finish({ declined: `the server at ${path} closed the connection` }));
  });
}

// ---- the server ----

/**
 * Listens for `root`'s queries at the first path that works and hands each request to `answer`.
 * Returns null when another live server already answers for the folder, or no path can be used.
 */
export async function serveQueries(
  root: string,
  answer: (request: QueryRequest) => Promise<QueryReplyHeader & { stdout?: string }>,
  log: (m: string) => void,
): Promise<Server | null> {
  for (const path of querySocketPaths(root, true)) {
    const server = createServer((socket) => handleConnection(socket, answer, log));
    const outcome = await listen(server, path);
    if (outcome === 'listening') return server;
    if (outcome === 'taken') return null;
  }
  return null;
}

async function listen(server: Server, path: string): Promise<'listening' | 'taken' | 'failed'> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const err = await new Promise<NodeJS.ErrnoException | null>((done) => {
      server.once('error', done);
      server.listen(path, () => {
        server.off('error', done);
        done(null);
      });
    });
    if (!err) return 'listening';
    if (err.code !== 'EADDRINUSE' || attempt > 0) return 'failed';
    // A socket file is there: a live server for this folder (another window), or one left by a
    // process that was killed. Only the second is replaced.
    if (await isLive(path)) return 'taken';
    try {
      unlinkSync(path);
    } catch {
      return 'failed';
    }
  }
  return 'failed';
}

function isLive(path: string): Promise<boolean> {
  return new Promise((done) => {
    const probe = connect(path);
    probe.on('connect', () => {
      probe.destroy();
      done(true);
    });
    probe.on('error', () => done(false));
  });
}

function handleConnection(
  socket: Socket,
  answer: (request: QueryRequest) => Promise<QueryReplyHeader & { stdout?: string }>,
  log: (m: string) => void,
): void {
  let buffered = Buffer.alloc(0);
  socket.on('error', () => undefined); // the client went away; nothing to answer
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const nl = buffered.indexOf(10);
    if (nl < 0) {
      if (buffered.length > MAX_REQUEST_BYTES) socket.destroy();
      return;
    }
    socket.off('data', onData);
    void reply(socket, buffered.subarray(0, nl).toString('utf8'), answer, log);
  };
  socket.on('data', onData);
}

async function reply(
  socket: Socket,
  line: string,
  answer: (request: QueryRequest) => Promise<QueryReplyHeader & { stdout?: string }>,
  log: (m: string) => void,
): Promise<void> {
  let result: QueryReplyHeader & { stdout?: string };
  try {
    const request = JSON.parse(line) as QueryRequest;
    if (request.protocol !== QUERY_PROTOCOL || request.version !== CLI_VERSION) {
      result = {
        served: false,
        reason: `the CLI is ${request.version} (protocol ${request.protocol}); this server is ${CLI_VERSION} (protocol ${QUERY_PROTOCOL})`,
      };
    } else if (!Array.isArray(request.argv) || typeof request.cwd !== 'string' || typeof request.env !== 'object') {
      result = { served: false, reason: 'malformed request' };
    } else {
      result = await answer(request);
    }
  } catch (err) {
    log(`A CLI query failed in the server; the CLI answers it itself: ${(err as Error).message}`);
    result = { served: false, reason: 'the server failed' };
  }
  const { stdout, ...header } = result;
  socket.end(`${JSON.stringify(header)}\n${stdout ?? ''}`);
}
