// Where the editor offers it (VS Code 1.101 and later), registers `code-index mcp` for each workspace
// folder as an MCP server definition, so the editor's MCP clients find it without a .vscode/mcp.json.
// Feature-detected by version and by the call itself: 1.100 (whose @types/vscode we build against)
// has a proposed call of that name that throws for a manifest written for 1.101's stable one
// (seen in code-server 4.100.3), so before 1.101, or on any throw, only the language-model tools serve.
import * as vscode from 'vscode';
import { SERVER_ENV } from '../shared/protocol.js';
import type { McpOffer, McpServerSpec } from './api.js';
import type { Ctx } from './ctx.js';
import { MCP_PROVIDER_ID } from './mcp-provider-id.js';

/** The launcher; `mcp` loads dist/cli-mcp.js from beside it. */
const CLI_MODULE = 'dist/cli.js';

/** The part of VS Code 1.101's API used here (its stable vscode.d.ts). */
interface McpProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[];
}
interface McpApi {
  registerMcpServerDefinitionProvider(id: string, provider: McpProvider): vscode.Disposable;
}
type StdioDefinition = new (
  label: string,
  command: string,
  args?: string[],
  env?: Record<string, string | number | null>,
  version?: string,
) => unknown;

/** The first VS Code release whose stable API has MCP server definition providers. */
const MCP_PROVIDER_SINCE: readonly [number, number] = [1, 101];

/** Whether the editor took the provider, and if not, why. */
export function registerMcpServers(ctx: Ctx): McpOffer {
  const lm = vscode.lm as unknown as Partial<McpApi>;
  const Definition = (vscode as unknown as { McpStdioServerDefinition?: StdioDefinition }).McpStdioServerDefinition;
  const [major, minor] = vscode.version.split('.').map(Number);
  const since = major > MCP_PROVIDER_SINCE[0] || (major === MCP_PROVIDER_SINCE[0] && minor >= MCP_PROVIDER_SINCE[1]);
  if (!since || typeof lm.registerMcpServerDefinitionProvider !== 'function' || typeof Definition !== 'function') {
    return {
      offered: false,
      why: `VS Code ${vscode.version} has no stable MCP server definition API (${MCP_PROVIDER_SINCE.join('.')}+)`,
      servers: () => [],
    };
  }
  const changed = new vscode.EventEmitter<void>();
  ctx.pushExtCleanup(changed);
  ctx.pushExtCleanup(vscode.workspace.onDidChangeWorkspaceFolders(() => changed.fire()));
  const cli = ctx.extCtx.asAbsolutePath(CLI_MODULE);
  const version = String(ctx.extCtx.extension.packageJSON.version ?? '');
  // The extension host's own runtime runs it, as it runs the language server: in desktop VS Code that
  // is Electron, which acts as plain Node with ELECTRON_RUN_AS_NODE.
  const env = { ...SERVER_ENV, ELECTRON_RUN_AS_NODE: '1' };
  const provider: McpProvider = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () =>
      (vscode.workspace.workspaceFolders ?? [])
        .filter((folder) => folder.uri.scheme === 'file')
        .map((folder) => new Definition(`Code Index: ${folder.name}`, process.execPath, [cli, 'mcp', folder.uri.fsPath], env, version)),
  };
  try {
    ctx.pushExtCleanup(lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider));
  } catch (error) {
    changed.dispose();
    const why = `the editor refused the MCP provider: ${error instanceof Error ? error.message : String(error)}`;
    return { offered: false, why, servers: () => [] };
  }
  // What the editor gets, read back from the definitions themselves (the extension-host suite starts one).
  const servers = () => provider.provideMcpServerDefinitions(new vscode.CancellationTokenSource().token) as McpServerSpec[];
  return { offered: true, why: '', servers };
}
