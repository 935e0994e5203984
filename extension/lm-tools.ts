// The agent tools in VS Code's agent mode: one `vscode.lm` tool for each entry of the manifest's
// languageModelTools (written from server/tools/tools.ts, the one declaration), each call sent to the
// language server as codeIndex/tool. The extension never opens the index itself.
import * as vscode from 'vscode';
import { LM_TOOL_PREFIX, ToolRequest } from '../shared/protocol.js';
import type { Ctx } from './ctx.js';

interface ToolContribution {
  name: string;
  displayName: string;
}

type ToolInput = Record<string, unknown>;

/** Registers every contributed tool; returns their names. */
export function registerLanguageModelTools(ctx: Ctx): string[] {
  const contributed = (ctx.extCtx.extension.packageJSON.contributes?.languageModelTools ?? []) as ToolContribution[];
  const names: string[] = [];
  for (const { name, displayName } of contributed) {
    if (!name.startsWith(LM_TOOL_PREFIX)) continue;
    ctx.pushExtCleanup(vscode.lm.registerTool<ToolInput>(name, createTool(ctx, name.slice(LM_TOOL_PREFIX.length), displayName)));
    names.push(name);
  }
  return names;
}

function createTool(ctx: Ctx, toolName: string, displayName: string): vscode.LanguageModelTool<ToolInput> {
  return {
    // Read-only tools: no confirmation, only a line in the chat saying what is looked up.
    prepareInvocation: (options) => ({ invocationMessage: `${displayName}${describeInput(options.input)}` }),
    async invoke(options, token) {
      const client = await ctx.ready();
      const input = options.input && typeof options.input === 'object' ? options.input : {};
      const result = await client.sendRequest(ToolRequest, { name: toolName, input }, token);
      // A failed call is an error whose message the model reads (what was wrong, what to ask instead).
      if (result.isError) throw new Error(result.text);
      return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(result.text)]);
    },
  };
}

function describeInput(input: ToolInput | undefined): string {
  const what = input?.query ?? input?.name ?? input?.path;
  return typeof what === 'string' ? `: ${what.length > 60 ? `${what.slice(0, 60)}…` : what}` : '';
}
