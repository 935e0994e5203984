// `code-index mcp`: the MCP server for one workspace folder. Registers the tool declarations
// (tools/tools.ts) with the SDK and answers each call with the shared runner (tools/run-tool.ts),
// saying in each answer when the index is still being built.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI_VERSION } from '../engine/query-socket.js';
import type { IndexState } from './index-state.js';
import { NEEDS_NO_INDEX, runTool } from '../tools/run-tool.js';
import { TOOLS, type ToolName } from '../tools/tools.js';

export function createMcpServer(state: IndexState): McpServer {
  const server = new McpServer(
    { name: 'code-index', version: CLI_VERSION },
    {
      instructions:
        `Code search over the indexed workspace ${state.root}. Prefer search, symbols, definition, callers, callees, impact and outline ` +
        'over reading whole files; then read only the lines you need. Everything is read-only.',
    },
  );
  for (const name of Object.keys(TOOLS) as ToolName[]) {
    const { title, description, inputSchema } = TOOLS[name];
    server.registerTool(
      name,
      { title, description, inputSchema, annotations: { readOnlyHint: true, openWorldHint: false } },
      (args: Record<string, unknown>) => callTool(state, name, args),
    );
  }
  return server;
}

async function callTool(state: IndexState, name: ToolName, args: Record<string, unknown>): Promise<CallToolResult> {
  if (!NEEDS_NO_INDEX.has(name) && !state.ensureIndex()) {
    const text = `${state.note() ?? `No index for ${state.root} yet.`} Call this tool again in a moment.`;
    return { content: [{ type: 'text', text }], structuredContent: { indexing: true, root: state.root, notes: [text] } };
  }
  const outcome = await runTool(state.root, name, args, state.note());
  if (outcome.isError) return { content: [{ type: 'text', text: outcome.text }], isError: true };
  return { content: [{ type: 'text', text: outcome.text }], structuredContent: outcome.data ?? {} };
}
