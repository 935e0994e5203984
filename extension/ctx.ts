// The extension's shared state: the one language client, the last status the server reported, and the
// one cleanup list every disposable goes on (after rust-analyzer's `ctx.ts`).
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { SearchRequest, StatusChangedNotification, StatusRequest, type StatusResult } from '../shared/protocol.js';
import type { ActivationTimings, AgentTools, CodeIndexApi } from './api.js';
import { connectApiKey } from './api-key.js';
import { createLanguageClient } from './language-client.js';

/** The language client's lifecycle, as the status bar shows it until the server reports a status. */
export type ServerState = 'noFolder' | 'starting' | 'running' | 'stopped';

/** Context key that picks Pause or Resume in the command palette. */
const PAUSED_CONTEXT_KEY = 'codeIndex.paused';

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  private client: LanguageClient | undefined;
  private clientStart: Promise<LanguageClient> | undefined;
  private clientCleanup: vscode.Disposable[] = [];
  private status: StatusResult | undefined;
  private state: ServerState = 'noFolder';
  private readonly statusEmitter = new vscode.EventEmitter<StatusResult>();
  private readonly stateEmitter = new vscode.EventEmitter<ServerState>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  readonly onDidChangeServerState = this.stateEmitter.event;

  private readonly timings: ActivationTimings;
  /** Set by activate once the agent tools are registered. */
  agentTools: AgentTools = { tools: [], mcp: { offered: false, why: 'not registered yet', servers: () => [] } };

  constructor(
    readonly extCtx: vscode.ExtensionContext,
    loadMs: number | null,
    private readonly activateStart: number,
  ) {
    this.timings = { loadMs, activateMs: 0, serverReadyMs: null };
    this.output = vscode.window.createOutputChannel('Code Index', { log: true });
    this.pushExtCleanup(this.output);
    this.pushExtCleanup(this.statusEmitter);
    this.pushExtCleanup(this.stateEmitter);
  }

  pushExtCleanup(disposable: vscode.Disposable): void {
    this.extCtx.subscriptions.push(disposable);
  }

  /** Called as `activate` returns. */
  activated(): void {
    this.timings.activateMs = performance.now() - this.activateStart;
    const load = this.timings.loadMs === null ? '' : ` (loading its code took ${this.timings.loadMs.toFixed(1)} ms before that)`;
    this.output.info(`Activated in ${this.timings.activateMs.toFixed(1)} ms${load}.`);
  }

  get serverState(): ServerState {
    return this.state;
  }

  get lastStatus(): StatusResult | undefined {
    return this.status;
  }

  get hasFolder(): boolean {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 0;
  }

  /** Starts the server when the window has a folder and stops it when the last folder goes. */
  async syncWithFolders(): Promise<void> {
    if (this.hasFolder && !this.clientStart) {
      await this.ready().catch((error: unknown) => this.output.error(`The language server did not start: ${errorMessage(error)}`));
    } else if (!this.hasFolder && this.clientStart) {
      await this.stopClient();
      this.setState('noFolder');
    }
  }

  /** The running client; starts it on first use. Rejects with a message a user can act on. */
  ready(): Promise<LanguageClient> {
    if (!this.hasFolder) return Promise.reject(new Error('no folder is open. Open a folder to index and search it.'));
    if (this.state === 'stopped' && this.client && !this.client.isRunning()) {
      return Promise.reject(new Error('the language server has stopped. Click "Code Index" in the status bar to restart it.'));
    }
    this.clientStart ??= this.startClient();
    return this.clientStart;
  }

  /** Starts a fresh server, e.g. after the error handler gave up restarting a crashing one. */
  async restartServer(): Promise<void> {
    await this.stopClient();
    await this.ready();
  }

  /** Asks the server for the status now (the status bar otherwise waits for the next change). */
  async refreshStatus(): Promise<StatusResult> {
    const client = await this.ready();
    const status = await client.sendRequest(StatusRequest);
    this.acceptStatus(status);
    return status;
  }

  api(): CodeIndexApi {
    return {
      ready: async () => {
        await this.ready();
      },
      status: () => this.refreshStatus(),
      search: async (params, token) => (await this.ready()).sendRequest(SearchRequest, params, token),
      lastStatus: () => this.status,
      onDidChangeStatus: this.onDidChangeStatus,
      timings: () => ({ ...this.timings }),
      agentTools: () => this.agentTools,
    };
  }

  async dispose(): Promise<void> {
    await this.stopClient();
  }

  private async startClient(): Promise<LanguageClient> {
    this.setState('starting');
    // The watcher covers every workspace folder, those added later too (`files.watcherExclude` applies).
    const fileWatcher = vscode.workspace.createFileSystemWatcher('**/*');
    const client = createLanguageClient(this.extCtx, this.output, fileWatcher);
    this.client = client;
    this.clientCleanup.push(
      fileWatcher,
      client.onDidChangeState(({ newState }) =>
        this.setState(newState === State.Running ? 'running' : newState === State.Starting ? 'starting' : 'stopped'),
      ),
      // Handlers registered on the client survive the server restarts its error handler performs.
      client.onNotification(StatusChangedNotification, (status) => this.acceptStatus(status)),
      connectApiKey(client, this.extCtx.secrets),
    );
    try {
      await client.start();
    } catch (error) {
      this.setState('stopped');
      throw error;
    }
    if (this.timings.serverReadyMs === null) {
      this.timings.serverReadyMs = performance.now() - this.activateStart;
      this.output.info(`The language server answered initialize ${this.timings.serverReadyMs.toFixed(0)} ms after activation.`);
    }
    client.sendRequest(StatusRequest).then(
      (status) => this.acceptStatus(status),
      (error: unknown) => this.output.warn(`codeIndex/status failed: ${errorMessage(error)}`),
    );
    return client;
  }

  private async stopClient(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.clientStart = undefined;
    for (const disposable of this.clientCleanup.splice(0)) disposable.dispose();
    if (client?.isRunning()) await client.stop().catch((error: unknown) => this.output.warn(`Stopping the server: ${errorMessage(error)}`));
  }

  private acceptStatus(status: StatusResult): void {
    this.status = status;
    const paused = status.folders.length > 0 && status.folders.every((folder) => folder.state === 'paused');
    void vscode.commands.executeCommand('setContext', PAUSED_CONTEXT_KEY, paused);
    this.statusEmitter.fire(status);
  }

  private setState(state: ServerState): void {
    if (state === this.state) return;
    this.state = state;
    this.stateEmitter.fire(state);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
