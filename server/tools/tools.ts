// The agent tools, declared once for MCP and VS Code agent mode: name, title, description and argument schema, written for a model
// choosing among tools. The handlers are in tool-handlers.ts; run-tool.ts joins the two for both fronts.
import { z } from 'zod';
import { SEARCH_MODES } from '../../shared/settings.js';
import { TOOL_LIMITS } from './limits.js';
import { IMPACT_MAX_DEPTH, IMPACT_MAX_MAX } from '../search/impact.js';

const path = z.string().min(1).describe('A path relative to the workspace root, with `/`, as the other tools print it: src/config.ts');

export const TOOLS = {
  search: {
    title: 'Search the code',
    description:
      'Ranked search of the indexed workspace by words, identifiers and meaning. Use it first to find where something is done ' +
      '("retry with backoff", "parseConfig", an error message). Returns hits with path, line range, enclosing symbol and a short snippet. ' +
      'Quote "an exact phrase"; -word leaves out hits with that word. Cheaper than grep plus reading whole files.',
    inputSchema: {
      query: z.string().min(1).describe('What to look for: words, an identifier, an error message or an issue text'),
      mode: z
        .enum(SEARCH_MODES as [string, ...string[]])
        .optional()
        .describe('auto (default) and hybrid combine text and meaning; text: words only; symbol: definition names; semantic: meaning only'),
      k: z.number().int().min(1).max(TOOL_LIMITS.maxSearchResults).optional().describe('How many hits (default 10)'),
      path: z.string().min(1).optional().describe('Only paths this gitignore-style pattern selects: src/lib, *.py, src/**/*.ts'),
      language: z.string().min(1).optional().describe('Only files of this language: ts, js, py, go, rust, c++, cs, ...'),
    },
  },
  symbols: {
    title: 'Find definitions by name',
    description:
      'Definitions (functions, classes, methods, types, ...) whose name matches, ranked as an editor\'s "go to symbol" ranks them: ' +
      'exact, prefix, camelCase humps (pC for parseConfig), subsequence. Returns name, kind, container, path and line range.',
    inputSchema: {
      query: z.string().min(1).describe('A name, a prefix, camelCase humps or a qualified name (Config.parse)'),
      kind: z
        .string()
        .min(1)
        .optional()
        .describe('Only this kind: function, method, class, interface, variable, constant, enum, type, ...'),
      k: z.number().int().min(1).max(TOOL_LIMITS.maxSymbolResults).optional().describe('How many (default 20)'),
    },
  },
  definition: {
    title: 'Where a name is defined',
    description:
      'The definitions of one exact name, bare (parseConfig) or qualified (Config.parse, json.dumps), with their signature and doc comment. ' +
      'Use it to learn what a function takes and returns without reading its file.',
    inputSchema: { name: z.string().min(1).describe('The exact name, bare or qualified') },
  },
  callers: {
    title: 'Who calls a function',
    description:
      'The call sites of a function or method: path, line, the enclosing definition that makes the call, and a tier. ' +
      '"resolved": the calling file\'s imports, its receiver (this., self., Foo.) or its scopes prove the call reaches this definition ' +
      '(TypeScript, JavaScript, Python). "name-only": a call of the same name that could not be placed (obj.method(), other languages); ' +
      'check those before relying on them. Calls proven to reach another definition are left out. ' +
      'A qualified name (Class.method) picks one definition among same-named ones.',
    inputSchema: {
      name: z.string().min(1).describe('A function or method name, bare or qualified: parse_args, ArgumentParser.parse_args'),
      resolved: z.boolean().optional().describe('Only the resolved tier (default false: both tiers, labelled)'),
    },
  },
  impact: {
    title: 'What a change may reach',
    description:
      'Who calls this function or method, who calls those, and so on: the transitive callers to a bounded depth, ' +
      'each with its depth, path, line and the call that links it. Follows resolved calls only unless nameOnly is set. ' +
      'Use it before changing a signature or behaviour to see what else must change or be tested.',
    inputSchema: {
      name: z.string().min(1).describe('A function or method name, bare or qualified: parseConfig, Config.load'),
      depth: z.number().int().min(1).max(IMPACT_MAX_DEPTH).optional().describe('Levels of callers (default 3)'),
      max: z.number().int().min(1).max(IMPACT_MAX_MAX).optional().describe('The most callers listed (default 200)'),
      nameOnly: z.boolean().optional().describe('Also follow name-only calls (guesses; labelled). Default false'),
    },
  },
  callees: {
    title: 'What a function calls',
    description:
      'The calls made inside the definitions with this name: the called name, path and line of each call. ' +
      "Give Class.method to narrow it to one class's method.",
    inputSchema: { name: z.string().min(1).describe('The calling function or method: load, or Config.load') },
  },
  outline: {
    title: 'Outline of a file',
    description:
      'The definitions of one file as a tree (classes with their methods), each with kind, line range and signature. ' +
      'Read it before `read` to pick the lines you need.',
    inputSchema: { path },
  },
  read: {
    title: 'Read source lines',
    description:
      `Lines of a file inside the workspace (read-only; no absolute paths, no \`..\`, no symlinks out, nothing under .git/ or .codeindex/). ` +
      `At most ${TOOL_LIMITS.maxReadLines} lines or ${TOOL_LIMITS.maxReadBytes / 1024} KiB per call: page with startLine.`,
    inputSchema: {
      path,
      startLine: z.number().int().min(1).optional().describe('First line, 1-based (default 1)'),
      endLine: z.number().int().min(1).optional().describe('Last line, inclusive (default: as far as the bound allows)'),
    },
  },
  status: {
    title: 'Index status',
    description:
      'What the index holds: files, chunks, symbols, vectors embedded and pending, embedding model, last update, warnings; ' +
      'and whether a language server or `code-index serve` answers for the folder or indexing runs in the background.',
    inputSchema: {},
  },
} as const;

export type ToolName = keyof typeof TOOLS;
