// Runs one agent tool for both fronts (the MCP server and the language server's codeIndex/tool
// request): checks the arguments against the tool's one schema (tools.ts), calls its handler, bounds
// the text, and turns every failure into an error answer the model can read, never a throw.
import { z } from 'zod';
import { isIndexError } from '../common/errors.js';
import { TOOL_LIMITS } from './limits.js';
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

/** Tools that answer without an index: they read the workspace's files themselves. */
export const NEEDS_NO_INDEX: ReadonlySet<ToolName> = new Set(['read']);

export interface ToolOutcome {
  /** The concise text form a model reads, bounded, with any notes at its end. */
  text: string;
  /** The same as JSON (MCP's structuredContent); absent on an error. */
  data: Record<string, unknown> | null;
  isError: boolean;
}

export function isToolName(name: unknown): name is ToolName {
  return typeof name === 'string' && Object.hasOwn(TOOLS, name);
}

/** Runs `name` on the folder `root`; `note` is a sentence about the index's state to append, if any. */
export async function runTool(root: string, name: string, args: unknown, note: string | null = null): Promise<ToolOutcome> {
  if (!isToolName(name)) return failure(`unknown tool "${name}": the tools are ${Object.keys(TOOLS).join(', ')}`);
  const parsed = z.object(TOOLS[name].inputSchema).safeParse(args ?? {});
  if (!parsed.success) return failure(`${name}: ${describeIssues(parsed.error.issues)}`);
  try {
    const answer = await HANDLERS[name](root, parsed.data as never);
    return finish(answer, NEEDS_NO_INDEX.has(name) ? null : note);
  } catch (err) {
    const message =
      isIndexError(err) || err instanceof SyntaxError ? err.message : `unexpected failure: ${(err as Error).message ?? String(err)}`;
    return failure(message);
  }
}

function failure(text: string): ToolOutcome {
  return { text, data: null, isError: true };
}

function describeIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`).join('; ');
}

function finish(answer: ToolAnswer, note: string | null): ToolOutcome {
  let text = answer.text;
  const notes = [...((answer.data.notes as string[] | undefined) ?? [])];
  if (note) notes.push(note);
  if (text.length > TOOL_LIMITS.maxTextChars) {
    const cut = `Answer cut at ${TOOL_LIMITS.maxTextChars} characters: ask for fewer results (k) or a narrower path.`;
    text = `${text.slice(0, TOOL_LIMITS.maxTextChars)}\n[${cut}]`;
    notes.push(cut);
  }
  if (notes.length) text = `${text}\n\n${notes.map((n) => `Note: ${n}`).join('\n')}`;
  return { text, data: { ...answer.data, ...(notes.length ? { notes } : {}) }, isError: false };
}
