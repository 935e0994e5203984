// Builds the language client: the server bundle run by the extension host's own Node over IPC, file
// events for the whole workspace, settings pulled by the server, restarts after a crash.
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { SERVER_ENV } from '../shared/protocol.js';

const CLIENT_ID = 'codeIndex';
const CLIENT_NAME = 'Code Index';
const SERVER_MODULE = 'dist/server.js';
const CONFIGURATION_SECTION = 'codeIndex';

/**
 * How often the server may crash within three minutes and still be restarted. This is the
 * languageclient's own DefaultErrorHandler (it counts crashes in a sliding three-minute window and
 * gives up with a notification once the count is exceeded); we only make the number explicit.
 */
export const MAX_SERVER_RESTARTS = 4;

/** `fileWatcher` stays the caller's to dispose: the client only listens to it. */
export function createLanguageClient(
  extCtx: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  fileWatcher: vscode.FileSystemWatcher,
): LanguageClient {
  const module = extCtx.asAbsolutePath(SERVER_MODULE);
  const env = { ...process.env, ...SERVER_ENV };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    // --inspect lets "Attach to Node Process" debug the server when the extension runs from source.
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Files on disk only. The server reads files itself; through its capabilities it asks only for
    // what it needs of open documents (their saves).
    documentSelector: [{ scheme: 'file' }],
    synchronize: {
      // Every create, change and delete in the workspace reaches the server as
      // workspace/didChangeWatchedFiles; the server drops what its ignore rules exclude.
      fileEvents: fileWatcher,
      // The server pulls its settings with workspace/configuration (which the client answers from the
      // editor's settings, honouring each setting's scope); this only makes the client tell it, with
      // workspace/didChangeConfiguration, when a codeIndex.* setting changes. The push form is
      // deprecated, but the server does not register for the notification itself.
      configurationSection: CONFIGURATION_SECTION,
    },
    outputChannel: output,
    connectionOptions: { maxRestartCount: MAX_SERVER_RESTARTS },
  };
  return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}
