// `code-index search` and `code-index status`: read-only commands on an existing index.
import { readStatus } from '../storage/status.js';
import { search } from '../search/hybrid-search.js';
import type { SqlConnection } from '../storage/driver.js';
import type { SearchMode } from '../../shared/settings.js';
import { readModel } from '../embed/vector-store.js';
import { createProviderOrBuiltin } from '../embed/providers.js';
import { resolveEmbeddingSettings, type EmbeddingOverrides } from '../embed/settings.js';
import { openWorkspace } from '../workspace.js';
import { printJson } from './output.js';
import { allSymbols, findCallers, searchSymbols } from '../search/symbol-search.js';
import { SymbolKind } from '../indexer/extract-types.js';
import { IndexError } from '../storage/errors.js';

export interface SearchCommandOptions extends EmbeddingOverrides {
  dir: string;
  k: number;
  json?: boolean;
  mode: SearchMode;
  path?: string;
  lang?: string;
}

export async function runSearch(query: string, opts: SearchCommandOptions): Promise<number> {
  const ws = openWorkspace(opts.dir, { role: 'reader' });
  try {
    const queryVector = await embedQuery(ws.index.conn, query, opts);
    const hits = search(ws.index.conn, query, { mode: opts.mode, k: opts.k, path: opts.path, lang: opts.lang, queryVector, symbolNames: 'sql' });
    if (opts.json) {
      printJson(hits);
      return 0;
    }
    if (hits.length === 0) process.stdout.write(`No results for "${query}".\n`);
    for (const hit of hits) {
      const where = `${hit.path}:${hit.startLine}-${hit.endLine}`;
      process.stdout.write(`${where}${hit.symbol ? `  (${hit.symbol})` : ''}\n`);
      process.stdout.write(`${hit.snippet.split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    }
    return 0;
  } finally {
    ws.close();
  }
}

/** The query's vector when the index holds vectors of the configured model; otherwise null, with a note. */
async function embedQuery(conn: SqlConnection, query: string, opts: SearchCommandOptions): Promise<Float32Array | null> {
  if (opts.mode === 'text' || opts.mode === 'symbol') return null;
  const model = readModel(conn);
  if (!model) {
    if (opts.mode === 'semantic') process.stderr.write('code-index: this index has no vectors yet; run `code-index embed` first.\n');
    return null;
  }
  const provider = await createProviderOrBuiltin(resolveEmbeddingSettings(opts), (m) => process.stderr.write(`code-index: ${m}\n`));
  try {
    if (provider.id !== model.model || provider.dimensions !== model.dimensions) {
      process.stderr.write(`code-index: the index's vectors come from ${model.model}, not ${provider.id}; meaning search is skipped. Run \`code-index embed\` to re-embed.\n`);
      return null;
    }
    const [vector] = await provider.embed([query], 'query');
    return vector;
  } finally {
    await provider.close?.();
  }
}

export async function runStatus(dir: string, opts: { json?: boolean }): Promise<number> {
  const ws = openWorkspace(dir, { role: 'reader' });
  try {
    const status = readStatus(ws.index.conn, ws.dbPath);
    if (opts.json) {
      printJson(status);
      return 0;
    }
    const last = status.lastIndexedAt ? new Date(status.lastIndexedAt).toISOString() : 'never';
    process.stdout.write(
      `Index ${ws.dbPath}\n  files ${status.files}, chunks ${status.chunks}, symbols ${status.symbols}\n` +
        `  embedded ${status.embedded}, pending ${status.pending}${status.embeddingModel ? ` (model ${status.embeddingModel})` : ''}\n` +
        `  ${(status.dbBytes / 1048576).toFixed(1)} MB, schema ${status.schemaVersion}, last update ${last}\n`,
    );
    return 0;
  } finally {
    ws.close();
  }
}

export async function runSymbols(query: string | undefined, opts: { dir: string; k: number; json?: boolean; all?: boolean }): Promise<number> {
  if (!opts.all && !query?.trim()) throw new IndexError('BAD_ARGUMENT', 'symbols needs a QUERY, or --all to list every definition.');
  const ws = openWorkspace(opts.dir, { role: 'reader' });
  try {
    const hits = opts.all ? allSymbols(ws.index.conn) : searchSymbols(ws.index.conn, query!, opts.k);
    const items = hits.map((h) => ({ name: h.name, kind: h.kind, path: h.path, startLine: h.startLine, endLine: h.endLine, container: h.container }));
    if (opts.json) {
      printJson(items);
      return 0;
    }
    if (items.length === 0) process.stdout.write(`No definitions match "${query ?? ''}".\n`);
    for (const s of items) {
      process.stdout.write(`${s.name}  ${symbolKindName(s.kind)}${s.container ? ` in ${s.container}` : ''}  ${s.path}:${s.startLine}\n`);
    }
    return 0;
  } finally {
    ws.close();
  }
}

export async function runCallers(name: string, opts: { dir: string; json?: boolean }): Promise<number> {
  const ws = openWorkspace(opts.dir, { role: 'reader' });
  try {
    const sites = findCallers(ws.index.conn, name).map((c) => ({ path: c.path, line: c.line, caller: c.caller }));
    if (opts.json) {
      printJson(sites);
      return 0;
    }
    if (sites.length === 0) process.stdout.write(`No calls to ${name} found.\n`);
    for (const s of sites) process.stdout.write(`${s.path}:${s.line}  ${s.caller ?? '(top level)'}\n`);
    return 0;
  } finally {
    ws.close();
  }
}

function symbolKindName(kind: number): string {
  return Object.entries(SymbolKind).find(([, v]) => v === kind)?.[0].toLowerCase() ?? 'symbol';
}
