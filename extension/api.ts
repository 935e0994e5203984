// What `activate` returns: a small surface for the extension-host tests and for other extensions, so
// neither needs to reach into the language client.
import type * as vscode from 'vscode';
import type { SearchParams, SearchResult, StatusResult } from '../shared/protocol.js';

export interface CodeIndexApi {
  /** Resolves once the language server runs; rejects when no folder is open or the server cannot start. */
  ready(): Promise<void>;
  /** Asks the server for every folder's status (codeIndex/status). */
  status(): Promise<StatusResult>;
  /** Searches like `Code Index: Search` does (codeIndex/search). */
  search(params: SearchParams, token?: vscode.CancellationToken): Promise<SearchResult>;
  /** The status the server last reported, if it has reported one. */
  lastStatus(): StatusResult | undefined;
  /** Fires on every codeIndex/statusChanged notification and after every status request. */
  onDidChangeStatus: vscode.Event<StatusResult>;
  /** How long activation took, measured by the extension itself (also in its output channel). */
  timings(): ActivationTimings;
  /** What the extension offers agents: its language-model tools and, where the editor has the API, MCP servers. */
  agentTools(): AgentTools;
}

export interface AgentTools {
  /** The names registered with vscode.lm.registerTool. */
  tools: string[];
  mcp: McpOffer;
}

export interface McpOffer {
  offered: boolean;
  /** Why not, when not offered. */
  why: string;
  /** The stdio servers the provider gives the editor now (one per file-system workspace folder). */
  servers(): McpServerSpec[];
}

/** The fields of a vscode.McpStdioServerDefinition (VS Code 1.101+) the extension sets. */
export interface McpServerSpec {
  label: string;
  command: string;
  args: string[];
  env: Record<string, string | number | null>;
}

export interface ActivationTimings {
  /** From the bundle starting to load until `activate` is called: loading and evaluating its code. */
  loadMs: number | null;
  /** `activate` itself, start to return: what the extension host waits for. */
  activateMs: number;
  /** From `activate` until the language server answered `initialize`; null until then. */
  serverReadyMs: number | null;
}
