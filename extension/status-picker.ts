// `Code Index: Show Status`: each folder's state and counts in a quick pick, with the actions that
// act on them (reindex, rebuild, pause or resume, the log).
import * as vscode from 'vscode';
import type { StatusResult } from '../shared/protocol.js';
import { CommandIds } from './command-ids.js';
import type { Ctx } from './ctx.js';
import { folderCounts, folderName, folderState, lastUpdateWords, summarize, summaryWords } from './status-format.js';

interface StatusPickItem extends vscode.QuickPickItem {
  run?: () => Thenable<unknown>;
}

/** Resolves with the status it showed (for tests and callers), once the pick is closed. */
export async function showStatusPicker(ctx: Ctx): Promise<StatusResult | undefined> {
  if (ctx.serverState === 'stopped') {
    await offerRestart(ctx);
    return undefined;
  }
  const status = await ctx.refreshStatus();
  const picked = await vscode.window.showQuickPick(statusItems(ctx, status), {
    title: `Code Index: ${summaryWords(summarize(status))}`,
    placeHolder: "What each folder's index holds; pick an action",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  await picked?.run?.();
  return status;
}

function statusItems(ctx: Ctx, status: StatusResult): StatusPickItem[] {
  const folders = status.folders.map((folder): StatusPickItem => ({
    label: `$(${folder.state === 'error' ? 'error' : 'database'}) ${folderName(folder)}`,
    description: `${folderState(folder)} · ${lastUpdateWords(folder, 'relative')}`,
    // The driver last: the least needed, and the first cut when the row is too narrow.
    detail: [folder.error, folderCounts(folder), folder.driver].filter(Boolean).join(' · '),
    run: () => vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(folder.folder)),
  }));
  const allPaused = status.folders.length > 0 && status.folders.every((folder) => folder.state === 'paused');
  const actions: StatusPickItem[] = [
    { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
    {
      label: '$(refresh) Reindex Workspace',
      detail: 'Index what changed since the last run',
      run: () => vscode.commands.executeCommand(CommandIds.reindexWorkspace),
    },
    {
      label: '$(trash) Rebuild Index',
      detail: 'Read every file again, changed or not',
      run: () => vscode.commands.executeCommand(CommandIds.reindexWorkspace, { force: true }),
    },
    allPaused
      ? { label: '$(debug-start) Resume Indexing', run: () => vscode.commands.executeCommand(CommandIds.resumeIndexing) }
      : { label: '$(debug-pause) Pause Indexing', run: () => vscode.commands.executeCommand(CommandIds.pauseIndexing) },
    { label: '$(output) Show Log', run: async () => ctx.output.show() },
  ];
  return [...folders, ...actions];
}

async function offerRestart(ctx: Ctx): Promise<void> {
  const answer = await vscode.window.showErrorMessage('Code Index: the language server has stopped.', 'Restart', 'Show Log');
  if (answer === 'Restart') await ctx.restartServer();
  if (answer === 'Show Log') ctx.output.show();
}
