// What the read-only commands (search, symbols, callers, impact, status) read from: the index opened by
// this process, or the language server's readers when it runs for the folder (engine/served-queries.ts).
// The commands are written once against this interface, so both give the same answers.
import type { EmbeddingProvider } from '../embed/provider.js';
import { createProviderOrBuiltin } from '../embed/providers.js';
import { resolveEmbeddingSettings, type EmbeddingOverrides } from '../embed/settings.js';
import { readModel, type ModelInfo } from '../storage/vector-store.js';
import { search, type HybridHit, type SearchOptions } from '../search/hybrid-search.js';
import { allSymbols, searchSymbols, type SymbolHit } from '../search/symbol-search.js';
import { findCallers, type CallersAnswer } from '../search/callers.js';
import { findImpact, type ImpactAnswer, type ImpactOptions } from '../search/impact.js';
import { readStatus, type IndexStatus } from '../storage/status.js';
import { readWarnings, type StoredWarning } from '../storage/warnings.js';
import { readParseIssues, type ParseIssue } from '../storage/parse-issues.js';
import { commandRoot, openWorkspace } from '../indexer/workspace.js';

export interface QuerySource {
  readonly root: string;
  readonly dbPath: string;
  model(): Promise<ModelInfo | null>;
  /** The provider that embeds a query under these flags; `release` when done with it. */
  queryProvider(
    flags: EmbeddingOverrides,
    note: (message: string) => void,
  ): Promise<{ provider: EmbeddingProvider; release(): Promise<void> }>;
  search(query: string, options: SearchOptions): Promise<HybridHit[]>;
  symbols(query: string, k: number): Promise<SymbolHit[]>;
  allSymbols(): Promise<SymbolHit[]>;
  callers(name: string): Promise<CallersAnswer>;
  impact(name: string, options: ImpactOptions): Promise<ImpactAnswer>;
  status(): Promise<IndexStatus>;
  /** Every warning the index keeps, by path. */
  warnings(): Promise<StoredWarning[]>;
  /** Every file with syntax errors or not parsed whole, by path. */
  parseIssues(): Promise<ParseIssue[]>;
  close(): void;
}

/** Opens a source for the folder `dir` names, or the nearest indexed one above the working folder. */
export type QuerySourceOpener = (dir: string | undefined) => QuerySource;

/** The index of `dir`, opened read-only by this process. */
export const directSource: QuerySourceOpener = (dir) => {
  const ws = openWorkspace(commandRoot(dir, process.cwd(), 'fail'), { role: 'reader' });
  const conn = ws.index.conn;
  return {
    root: ws.root,
    dbPath: ws.dbPath,
    model: async () => readModel(conn),
    async queryProvider(flags, note) {
      const provider = await createProviderOrBuiltin(resolveEmbeddingSettings(flags), note);
      return { provider, release: async () => provider.close?.() };
    },
    // A one-shot process keeps no name list: its name matches scan the symbol_names index in SQL.
    search: async (query, options) => search(conn, query, options),
    symbols: async (query, k) => searchSymbols(conn, query, k),
    allSymbols: async () => allSymbols(conn),
    callers: async (name) => findCallers(conn, name),
    impact: async (name, options) => findImpact(conn, name, options),
    status: async () => readStatus(conn, ws.dbPath),
    warnings: async () => readWarnings(conn),
    parseIssues: async () => readParseIssues(conn),
    close: () => ws.close(),
  };
};

/** Thrown by a source that cannot answer a request exactly as this process would; the CLI then opens the index itself. */
export class NotServed extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotServed';
  }
}
