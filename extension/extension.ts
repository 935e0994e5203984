// The extension's entry point: wires the language client, the commands and the status bar together,
// and nothing else.
import * as vscode from 'vscode';
import type { CodeIndexApi } from './api.js';
import { createCommands } from './commands.js';
import { Ctx } from './ctx.js';
import { registerLanguageModelTools } from './lm-tools.js';
import { registerMcpServers } from './mcp-provider.js';
import { StatusBar } from './status-bar.js';

/** Set by the bundle's banner (esbuild.mjs) when dist/extension.js starts loading. */
declare const __codeIndexLoadStart: number | undefined;

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): CodeIndexApi {
  const activateStart = performance.now();
  ctx = new Ctx(context, typeof __codeIndexLoadStart === 'number' ? activateStart - __codeIndexLoadStart : null, activateStart);
  ctx.pushExtCleanup(new StatusBar(ctx));
  createCommands(ctx);
  // The agent tools ask the server only when called, so registering them starts nothing.
  const tools = registerLanguageModelTools(ctx);
  const mcp = registerMcpServers(ctx);
  ctx.agentTools = { tools, mcp };
  ctx.output.info(
    `${tools.length} agent-mode tools registered; ${mcp.offered ? 'MCP server definitions offered' : `no MCP server definitions: ${mcp.why}`}.`,
  );
  // Activation comes after startup (onStartupFinished) or from a command; without a folder there is
  // nothing to index, so the server starts only once one is open. Activation does not wait for it:
  // commands and the API wait through ctx.ready().
  ctx.pushExtCleanup(vscode.workspace.onDidChangeWorkspaceFolders(() => void ctx?.syncWithFolders()));
  void ctx.syncWithFolders();
  ctx.activated();
  return ctx.api();
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
