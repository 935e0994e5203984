// The commands: one small factory each, registered from one table (after rust-analyzer's
// `commands.ts` and `createCommands`), every registration on the one cleanup list.
import * as vscode from 'vscode';
import { PauseRequest, ReindexRequest, ResumeRequest, type ReindexParams } from '../shared/protocol.js';
import { promptForApiKey } from './api-key.js';
import { CommandIds, type CommandId } from './command-ids.js';
import { errorMessage, type Ctx } from './ctx.js';
import { showSearchPicker } from './search-picker.js';
import { showStatusPicker } from './status-picker.js';

type Cmd = (...args: unknown[]) => Promise<unknown>;
type CommandFactory = (ctx: Ctx) => Cmd;

function search(ctx: Ctx): Cmd {
  return () => showSearchPicker(ctx);
}

function reindexWorkspace(ctx: Ctx): Cmd {
  // `{ force: true }` (from Show Status' "Rebuild Index") re-reads every file.
  return async (arg?: unknown) => {
    const params: ReindexParams = { force: isForce(arg) };
    const client = await ctx.ready();
    await client.sendRequest(ReindexRequest, params);
    vscode.window.setStatusBarMessage(params.force ? 'Code Index: rebuilding the index' : 'Code Index: reindexing', 3000);
  };
}

function showStatus(ctx: Ctx): Cmd {
  return () => showStatusPicker(ctx);
}

function pauseIndexing(ctx: Ctx): Cmd {
  return async () => {
    await (await ctx.ready()).sendRequest(PauseRequest);
    await ctx.refreshStatus();
  };
}

function resumeIndexing(ctx: Ctx): Cmd {
  return async () => {
    await (await ctx.ready()).sendRequest(ResumeRequest);
    await ctx.refreshStatus();
  };
}

function setApiKey(ctx: Ctx): Cmd {
  return async () => {
    const outcome = await promptForApiKey(ctx.extCtx.secrets);
    if (outcome === 'stored') void vscode.window.showInformationMessage("Code Index: API key stored in the editor's secret storage.");
    if (outcome === 'cleared') void vscode.window.showInformationMessage('Code Index: API key removed.');
  };
}

const COMMANDS: Record<CommandId, CommandFactory> = {
  [CommandIds.search]: search,
  [CommandIds.reindexWorkspace]: reindexWorkspace,
  [CommandIds.showStatus]: showStatus,
  [CommandIds.pauseIndexing]: pauseIndexing,
  [CommandIds.resumeIndexing]: resumeIndexing,
  [CommandIds.setApiKey]: setApiKey,
};

export function createCommands(ctx: Ctx): void {
  for (const [id, factory] of Object.entries(COMMANDS)) {
    const cmd = factory(ctx);
    ctx.pushExtCleanup(vscode.commands.registerCommand(id, (...args: unknown[]) => runReportingErrors(ctx, id, () => cmd(...args))));
  }
}

/** A failed command tells the user once, in words, and logs the rest; it never throws into the editor. */
async function runReportingErrors(ctx: Ctx, id: string, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof vscode.CancellationError) return undefined;
    ctx.output.error(`${id} failed: ${errorMessage(error)}`);
    // Not awaited: the command must settle now, not when the user dismisses the message.
    void vscode.window.showErrorMessage(`Code Index: ${errorMessage(error)}`, 'Show Log').then((answer) => {
      if (answer === 'Show Log') ctx.output.show();
    });
    return undefined;
  }
}

function isForce(arg: unknown): boolean {
  return typeof arg === 'object' && arg !== null && (arg as ReindexParams).force === true;
}
