// `code-index search` and `code-index status`: read-only commands on an existing index.
import { readStatus } from '../storage/status.js';
import { textSearch } from '../search/text-search.js';
import { openWorkspace } from '../workspace.js';
import { printJson } from './output.js';

export async function runSearch(query: string, opts: { dir: string; k: number; json?: boolean }): Promise<number> {
  const ws = openWorkspace(opts.dir, { role: 'reader' });
  try {
    const hits = textSearch(ws.index.conn, query, opts.k);
    if (opts.json) {
      printJson(hits);
      return 0;
    }
    if (hits.length === 0) process.stdout.write(`No results for "${query}".\n`);
    for (const hit of hits) {
      const where = `${hit.path}:${hit.startLine}-${hit.endLine}`;
      process.stdout.write(`${where}${hit.symbol ? `  (${hit.symbol})` : ''}  score ${hit.score.toFixed(2)}\n`);
      process.stdout.write(`${hit.snippet.split('\n').map((l) => `    ${l}`).join('\n')}\n`);
    }
    return 0;
  } finally {
    ws.close();
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
