// A real LSP client for server tests: starts dist/server.js as a child process and speaks LSP to it
// over stdio with vscode-languageserver-protocol, as the extension's client does.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { freshBuild } from '../helpers/fresh-build.mjs';

const require = createRequire(import.meta.url);
const rpc = require('vscode-languageserver-protocol/node');
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
freshBuild();
/** The environment the extension starts the server with (shared/protocol.ts). */
const { SERVER_ENV } = require(join(repoRoot, 'dist', 'core.js'));

export async function startServer(folders, { settings = {}, env = {}, serverJs = join(repoRoot, 'dist', 'server.js') } = {}) {
  const child = spawn(process.execPath, [serverJs, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...SERVER_ENV, ...env },
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
  const statusListeners = new Set();
  const logs = [];
  const progress = [];
  let lastStatus = null;
  conn.onNotification('codeIndex/statusChanged', (s) => {
    lastStatus = s;
    for (const l of statusListeners) l(s);
  });
  conn.onNotification('window/logMessage', (m) => logs.push(m.message));
  conn.onNotification('$/progress', (p) => progress.push(p.value));
  conn.onRequest('window/workDoneProgress/create', () => null);
  conn.onRequest('workspace/configuration', () => [settings]);
  conn.listen();
  await conn.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: false } },
      window: { workDoneProgress: true },
    },
    workspaceFolders: folders.map((f, i) => ({ uri: pathToFileURL(f).toString(), name: `f${i}` })),
  });
  conn.sendNotification('initialized', {});

  const client = {
    conn,
    child,
    logs,
    progress,
    exited,
    get stderr() {
      return stderr;
    },
    get lastStatus() {
      return lastStatus;
    },
    /** Resolves with the first status (current or future) for which `predicate` holds. */
    waitForStatus(predicate, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        if (lastStatus && predicate(lastStatus)) return resolve(lastStatus);
        const timer = setTimeout(() => {
          statusListeners.delete(check);
          reject(new Error(`status never matched; last: ${JSON.stringify(lastStatus)}; logs: ${logs.slice(-5).join(' | ')}`));
        }, timeoutMs);
        const check = (s) => {
          if (!predicate(s)) return;
          clearTimeout(timer);
          statusListeners.delete(check);
          resolve(s);
        };
        statusListeners.add(check);
      });
    },
    /** Waits until every folder is idle with nothing pending. */
    waitIdle(timeoutMs) {
      return client.waitForStatus(
        (s) => s.folders.length === folders.length && s.folders.every((f) => f.state === 'idle' && f.pending === 0 && f.files > 0),
        timeoutMs,
      );
    },
    request: (method, params) => conn.sendRequest(method, params),
    notifyFiles(changes) {
      conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: changes.map(([path, type]) => ({ uri: pathToFileURL(path).toString(), type })),
      });
    },
    async stop() {
      await conn.sendRequest('shutdown');
      conn.sendNotification('exit');
      const result = await exited;
      conn.dispose();
      return result;
    },
    kill() {
      child.kill('SIGKILL');
      conn.dispose();
      return exited;
    },
  };
  return client;
}

export const FileChangeType = { Created: 1, Changed: 2, Deleted: 3 };
