// The language server: wires LSP messages to the index service. Nothing else lives here.
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceSymbol,
} from 'vscode-languageserver/node';
import {
  ApiKeyChangedNotification,
  ApiKeyRequest,
  PauseRequest,
  ReindexRequest,
  ResumeRequest,
  SearchRequest,
  StatusChangedNotification,
  StatusRequest,
  ToolRequest,
} from '../shared/protocol.js';
import { IndexService } from './engine/index-service.js';
import { FolderProgress } from './lsp/progress.js';
import { validateReindexParams, validateSearchParams } from './lsp/validate.js';
import { answerTool, validateToolParams } from './lsp/tool-request.js';
import type { EditorSettings } from './engine/editor-settings.js';

const WORKSPACE_SYMBOL_LIMIT = 100;

const connection = createConnection(ProposedFeatures.all);
let progress: FolderProgress;
let canReadConfiguration = false;
let canWatchFolders = false;
let canRegisterConfiguration = false;
let folderUris: string[] = [];

const service = new IndexService({
  log: (message) => connection.console.log(message),
  statusChanged: (status) => void connection.sendNotification(StatusChangedNotification, status),
  progress: (folder, phase, done, total) => progress.report(folder, phase, done, total),
  progressEnded: (folder) => progress.end(folder),
});

connection.onInitialize((params: InitializeParams): InitializeResult => {
  canReadConfiguration = params.capabilities.workspace?.configuration === true;
  canWatchFolders = params.capabilities.workspace?.workspaceFolders === true;
  canRegisterConfiguration = params.capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
  progress = new FolderProgress(connection, params.capabilities.window?.workDoneProgress === true);
  folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return {
    capabilities: {
      workspaceSymbolProvider: true,
      textDocumentSync: { openClose: false, change: TextDocumentSyncKind.None, save: { includeText: false } },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'code-index' },
  };
});

connection.onInitialized(async () => {
  if (canRegisterConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'codeIndex' });
  await loadSettings();
  if (canWatchFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      const removed = new Set(e.removed.map((f) => f.uri));
      folderUris = [...folderUris.filter((u) => !removed.has(u)), ...e.added.map((f) => f.uri)];
      void service.setFolders(folderUris);
    });
  }
  await service.setFolders(folderUris);
});

async function loadSettings(): Promise<void> {
  if (!canReadConfiguration) return;
  const settings = ((await connection.workspace.getConfiguration({ section: 'codeIndex' })) as EditorSettings | null) ?? {};
  service.updateSettings(settings, settings.embedding?.provider === 'openai' ? await requestApiKey() : undefined);
}

/** The key lives in the editor's secret storage; the server asks for it only when a provider needs it. */
async function requestApiKey(): Promise<string | undefined> {
  try {
    return (await connection.sendRequest(ApiKeyRequest)).apiKey ?? undefined;
  } catch {
    return undefined; // a client without secret storage: the provider falls back to the environment
  }
}

connection.onDidChangeConfiguration(() => void loadSettings());
connection.onNotification(ApiKeyChangedNotification, () => void loadSettings());
connection.onDidChangeWatchedFiles((params) => service.filesChanged(params.changes.map((c) => c.uri)));
connection.onDidSaveTextDocument((params) => service.filesChanged([params.textDocument.uri]));

connection.onWorkspaceSymbol(async (params): Promise<WorkspaceSymbol[]> => {
  const hits = await service.workspaceSymbols(typeof params.query === 'string' ? params.query : '', WORKSPACE_SYMBOL_LIMIT);
  return hits.map((s) => ({
    name: s.name,
    kind: s.kind as WorkspaceSymbol['kind'],
    containerName: s.container ?? undefined,
    location: {
      uri: s.uri,
      range: { start: { line: s.nameLine - 1, character: s.nameCol }, end: { line: s.nameLine - 1, character: s.nameEndCol } },
    },
  }));
});

connection.onRequest(SearchRequest, (params) => service.search(validateSearchParams(params)));
connection.onRequest(StatusRequest, () => service.status());
connection.onRequest(ReindexRequest, (params) => service.reindex(validateReindexParams(params).force ?? false));
connection.onRequest(PauseRequest, () => service.pause());
connection.onRequest(ResumeRequest, () => service.resume());
connection.onRequest(ToolRequest, (params) => answerTool(validateToolParams(params), service.status().folders));

connection.onShutdown(() => service.dispose());
connection.onExit(() => process.exit(0));

connection.listen();
