// `code-index mcp`: the MCP server for one workspace folder. Joins the tool declarations (tools.ts)
// to their handlers, bounds every answer, turns every failure into a tool error (isError) the model
// can read, and says in each answer when the index is still being built.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isIndexError } from '../common/errors.js';
import { CLI_VERSION } from '../engine/query-socket.js';
import type { IndexState } from './index-state.js';
import { MCP_LIMITS } from './limits.js';
import { TOOLS, type ToolName } from './tools.js';
import * as handlers from './tool-handlers.js';
import type { ToolAnswer } from './tool-handlers.js';

type Handler = (root: string, args: never) => ToolAnswer | Promise<ToolAnswer>;

const HANDLERS: Record<ToolName, Handler> = {
  search: handlers.searchTool,
  symbols: handlers.symbolsTool,
  definition: handlers.definitionTool,
  callers: handlers.callersTool,
  impact: handlers.impactTool,
  callees: handlers.calleesTool,
  outline: handlers.outlineTool,
  read: handlers.readTool,
  status: handlers.statusTool,
};

/** Tools that answer without an index: the files themselves, and status (which reports the build). */
const NEEDS_NO_INDEX: ReadonlySet<ToolName> = new Set(['read']);

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
  try {
    const answer = await HANDLERS[name](state.root, args as never);
    const note = NEEDS_NO_INDEX.has(name) ? null : state.note();
    return finish(answer, note);
  } catch (err) {
    const message =
      isIndexError(err) || err instanceof SyntaxError ? err.message : `unexpected failure: ${(err as Error).message ?? String(err)}`;
    return { content: [{ type: 'text', text: message }], isError: true };
  }
}

function finish(answer: ToolAnswer, note: string | null): CallToolResult {
  let text = answer.text;
  const notes = [...((answer.data.notes as string[] | undefined) ?? [])];
  if (note) notes.push(note);
  if (text.length > MCP_LIMITS.maxTextChars) {
    const cut = `Answer cut at ${MCP_LIMITS.maxTextChars} characters: ask for fewer results (k) or a narrower path.`;
    text = `${text.slice(0, MCP_LIMITS.maxTextChars)}\n[${cut}]`;
    notes.push(cut);
  }
  if (notes.length) text = `${text}\n\n${notes.map((n) => `Note: ${n}`).join('\n')}`;
  return { content: [{ type: 'text', text }], structuredContent: { ...answer.data, ...(notes.length ? { notes } : {}) } };
}
