// Every read the server may run on a pooled connection, by name: what the main thread sends its
// reader worker threads (engine/reader-worker.ts), and the one table they dispatch through.
import type { SqlConnection } from '../storage/driver.js';
import { readStatus, type IndexStatus } from '../storage/status.js';
import { readWarnings, type StoredWarning } from '../storage/warnings.js';
import { readParseIssues, type ParseIssue } from '../storage/parse-issues.js';
import { textSearch, type SearchHit } from '../search/text-search.js';
import { search, type HybridHit, type SearchOptions } from '../search/hybrid-search.js';
import { searchSymbols, type SymbolHit } from '../search/symbol-search.js';
import { findCallers, type CallersAnswer } from '../search/callers.js';
import { findImpact, type ImpactAnswer, type ImpactOptions } from '../search/impact.js';
import { readModel, type ModelInfo } from '../storage/vector-store.js';
import { warmSymbolNames } from '../search/symbol-names.js';

export interface ReadOps {
  search: { args: { query: string; k: number }; result: SearchHit[] };
  hybrid: { args: { query: string; options: SearchOptions }; result: HybridHit[] };
  symbols: { args: { query: string; k: number }; result: SymbolHit[] };
  callers: { args: { name: string }; result: CallersAnswer };
  impact: { args: { name: string; options: ImpactOptions }; result: ImpactAnswer };
  model: { args: null; result: ModelInfo | null };
  /** Loads the symbol-name list of the connection that runs it; returns how many names it holds. */
  warm: { args: null; result: number };
  status: { args: { dbPath: string }; result: IndexStatus };
  warnings: { args: null; result: StoredWarning[] };
  parseIssues: { args: null; result: ParseIssue[] };
}

export type ReadOpName = keyof ReadOps;

type Handler<K extends ReadOpName> = (conn: SqlConnection, args: ReadOps[K]['args']) => ReadOps[K]['result'];

export const READ_OPS: { [K in ReadOpName]: Handler<K> } = {
  search: (conn, { query, k }) => textSearch(conn, query, k),
  hybrid: (conn, { query, options }) => search(conn, query, options),
  symbols: (conn, { query, k }) => searchSymbols(conn, query, k),
  callers: (conn, { name }) => findCallers(conn, name),
  impact: (conn, { name, options }) => findImpact(conn, name, options),
  model: (conn) => readModel(conn),
  warm: (conn) => warmSymbolNames(conn),
  status: (conn, { dbPath }) => readStatus(conn, dbPath),
  warnings: (conn) => readWarnings(conn),
  parseIssues: (conn) => readParseIssues(conn),
};

export function runReadOp<K extends ReadOpName>(conn: SqlConnection, op: K, args: ReadOps[K]['args']): ReadOps[K]['result'] {
  const handler = READ_OPS[op] as Handler<K> | undefined;
  if (!handler) throw new Error(`unknown read operation "${String(op)}"`);
  return handler(conn, args);
}
