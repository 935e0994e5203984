// The bounds of what one tool call returns (MCP and VS Code agent mode alike): an agent's context is the budget they protect.
export const TOOL_LIMITS = {
  /** The most characters of text one answer carries; the rest is cut with a note. */
  maxTextChars: 24_000,
  maxSearchResults: 50,
  maxSymbolResults: 100,
  /** Call sites listed by callers and callees. */
  maxCallSites: 200,
  maxOutlineEntries: 500,
  maxDefinitions: 50,
  /** Lines of a snippet in a search hit. */
  maxSnippetLines: 12,
  /** Lines and bytes one `read` returns. */
  maxReadLines: 400,
  maxReadBytes: 64 * 1024,
  /** A file larger than this is not read at all (it is no source a model should page through). */
  maxReadFileBytes: 8 * 1024 * 1024,
} as const;
