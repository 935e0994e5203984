// The custom LSP messages between the extension and the language server, declared once: both
// sides import these types and constants, so they cannot drift apart.
import { NotificationType, NotificationType0, RequestType, RequestType0 } from 'vscode-languageserver-protocol';
import type { SearchGroup, SearchMode } from './settings.js';

/** Scores of each signal behind a result; null where that signal did not find it. */
export interface SignalScores {
  text: number | null;
  vector: number | null;
  symbol: number | null;
}

export interface SearchParams {
  query: string;
  mode?: SearchMode;
  /** How many results; 1 to 200, default 20. */
  k?: number;
  /** Glob over workspace-relative paths. */
  path?: string;
  /** Language id as the index names it (typescript, python, ...). */
  lang?: string;
  /** 'file': one item per file, files ranked by all their matches. Default 'chunk'. */
  group?: SearchGroup;
}

export interface SearchItem {
  /** file:// URI of the document. */
  uri: string;
  /** Path relative to its workspace folder. */
  path: string;
  /** 0-based LSP range of the hit (the chunk, or the definition's name for a symbol hit). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  snippet: string;
  symbol?: string;
  /** LSP SymbolKind. */
  kind?: number;
  score: number;
  scores: SignalScores;
}

export interface SearchResult {
  items: SearchItem[];
  /** Why a signal was left out (no vectors yet, a model mismatch), for the UI to show. */
  notes: string[];
}

export type IndexState = 'starting' | 'indexing' | 'embedding' | 'idle' | 'paused' | 'error';

/** Files whose definitions may be incomplete; `code-index status --verbose` lists them. */
export interface ParseIssueCounts {
  /** Files whose parse has syntax errors: what parsed is kept, definitions past an error may be lost. */
  parseErrorFiles: number;
  /** Files too long to parse whole (over the parse cap, or past the parse deadline): their
   *  definitions come from a parse in pieces. */
  oversizeFiles: number;
  /** Minified files: chunked as text, with no definitions. */
  minifiedFiles: number;
}

/** What an index holds; `code-index status --json` prints these fields too. */
export interface IndexCounts extends ParseIssueCounts {
  files: number;
  chunks: number;
  symbols: number;
  embedded: number;
  pending: number;
  dbBytes: number;
}

export interface FolderStatus extends IndexCounts {
  folder: string;
  state: IndexState;
  /** ISO time of the newest write, or null. */
  lastUpdate: string | null;
  /** During indexing: files done of total. */
  progress: { done: number; total: number } | null;
  /** The SQLite driver the server runs on, and why. */
  driver: string;
  /** The model the index's vectors come from (`builtin-v1`, `transformers:<model>`), or null before any. */
  model: string | null;
  error: string | null;
}

export interface StatusResult {
  folders: FolderStatus[];
}

export interface ReindexParams {
  /** Re-read every file, not only changed ones. */
  force?: boolean;
}

/** Sent by the client: search the index of every workspace folder. */
export const SearchRequest = new RequestType<SearchParams, SearchResult, void>('codeIndex/search');
/** Sent by the client: what each folder's index holds and is doing. */
export const StatusRequest = new RequestType0<StatusResult, void>('codeIndex/status');
/** Sent by the client: index every folder again (incremental unless forced). */
export const ReindexRequest = new RequestType<ReindexParams, void, void>('codeIndex/reindex');
/** Sent by the client: stop indexing until resumed; survives a restart, and file events are kept. */
export const PauseRequest = new RequestType0<void, void>('codeIndex/pause');
/** Sent by the client: catch up on everything that changed while paused, then keep indexing. */
export const ResumeRequest = new RequestType0<void, void>('codeIndex/resume');
/** Sent by the server whenever a folder's state or counts change. */
export const StatusChangedNotification = new NotificationType<StatusResult>('codeIndex/statusChanged');

/** Limits both sides validate against. */
export const SEARCH_LIMITS = { maxK: 200, defaultK: 20, maxQueryChars: 1000 } as const;

// ---- Agent tools: the MCP server's tools, offered to VS Code's agent mode by the extension. ----

export interface ToolParams {
  /** The tool's MCP name (search, symbols, definition, callers, callees, outline, read, status). */
  name: string;
  /** The tool's arguments, as its input schema declares them. */
  input: Record<string, unknown>;
  /** Which workspace folder answers: its URI, path or name. Default: the folder owning `input.path`, else the first. */
  folder?: string;
}

export interface ToolResult {
  /** The tool's concise text answer (bounded as in MCP), or the error message when isError. */
  text: string;
  isError: boolean;
  /** The folder that answered, or null when none could. */
  folder: string | null;
}

/** Sent by the client for each agent-mode tool call: run one agent tool on a folder's index. */
export const ToolRequest = new RequestType<ToolParams, ToolResult, void>('codeIndex/tool');

/** What the extension puts before an MCP tool name to name it in VS Code (`codeIndex_search`): lm tool names share one namespace. */
export const LM_TOOL_PREFIX = 'codeIndex_';

// ---- The API key, kept in the editor's SecretStorage. ----

export interface ApiKeyResult {
  /** The key the user stored with `Code Index: Set API Key`, or null when none is stored. */
  apiKey: string | null;
}

/** Sent by the server when it needs the OpenAI-compatible endpoint's key; the client reads it from SecretStorage. */
export const ApiKeyRequest = new RequestType0<ApiKeyResult, void>('codeIndex/apiKey');
/** Sent by the client when the stored key is set or cleared; the server drops any copy and asks again. */
export const ApiKeyChangedNotification = new NotificationType0('codeIndex/apiKeyChanged');

/**
 * Environment variables the client starts the language server with (beside its own). glibc gives
 * each thread that allocates its own malloc arena and keeps their freed pages; with the server's
 * threads (main, index, parse, readers) that kept tens of MB resident once idle: after indexing
 * 12,409 files, 211 and 233 MB in two runs by default, 184 MB with MALLOC_ARENA_MAX=2
 * (docs/benchmarks.md). Other C libraries ignore it.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: '2' };
