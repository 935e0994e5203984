// The status-bar item: progress while indexing, counts once ready, a tooltip with each folder's
// details; clicking it runs Show Status.
import * as vscode from 'vscode';
import type { StatusResult } from '../shared/protocol.js';
import { CommandIds } from './command-ids.js';
import type { Ctx, ServerState } from './ctx.js';
import { folderCounts, folderName, folderState, lastUpdateWords, statusBarText, summarize, summaryWords } from './status-format.js';

const ITEM_ID = 'codeIndex.status';

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly listeners: vscode.Disposable[];

  constructor(private readonly ctx: Ctx) {
    this.item = vscode.window.createStatusBarItem(ITEM_ID, vscode.StatusBarAlignment.Left, 0);
    this.item.name = 'Code Index';
    this.item.command = CommandIds.showStatus;
    this.listeners = [ctx.onDidChangeStatus(() => this.render()), ctx.onDidChangeServerState(() => this.render())];
    this.render();
  }

  dispose(): void {
    for (const listener of this.listeners) listener.dispose();
    this.item.dispose();
  }

  private render(): void {
    const state = this.ctx.serverState;
    if (state === 'noFolder') {
      this.item.hide();
      return;
    }
    const status = this.ctx.lastStatus;
    const { text, words, tooltip, error } = state === 'running' && status ? describeStatus(status) : describeServer(state);
    this.item.text = text;
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Code Index: ${words}`, role: 'button' };
    this.item.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.item.show();
  }
}

interface Rendering {
  text: string;
  words: string;
  tooltip: vscode.MarkdownString;
  error: boolean;
}

function describeServer(state: Exclude<ServerState, 'noFolder'>): Rendering {
  if (state === 'stopped') {
    return {
      text: '$(error) Code Index stopped',
      words: 'server stopped',
      tooltip: markdown('The Code Index server has stopped. Click for details; the log is in the "Code Index" output.'),
      error: true,
    };
  }
  return {
    text: '$(sync~spin) Code Index starting',
    words: 'starting',
    tooltip: markdown('Starting the Code Index server…'),
    error: false,
  };
}

function describeStatus(status: StatusResult): Rendering {
  const summary = summarize(status);
  const lines = status.folders.map(
    (folder) =>
      `**${escape(folderName(folder))}** — ${folderState(folder)}, ${lastUpdateWords(folder, 'clock')}  \n${folderCounts(folder)}` +
      (folder.error ? `  \n$(error) ${escape(folder.error)}` : ''),
  );
  lines.push('Click for details and actions.');
  return {
    text: statusBarText(summary),
    words: summaryWords(summary),
    tooltip: markdown(lines.join('\n\n')),
    error: summary.state === 'error',
  };
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text, true);
  md.isTrusted = false;
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
