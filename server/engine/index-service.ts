// The language server's view of every workspace folder's index: routes file events, fans queries
// out and merges them, reports progress and status. Talks to the editor only through `ServerPort`.
import { hasSearchTerms, parseQuery } from '../search/query-syntax.js';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { SearchItem, SearchParams, SearchResult, StatusResult } from '../../shared/protocol.js';
import type { EmbeddingProvider } from '../embed/provider.js';
import { createProviderOrBuiltin } from '../embed/providers.js';
import { FolderIndex, type FolderListener } from './folder-index.js';
import { embeddingSettings, folderConfig, type EditorSettings } from './editor-settings.js';
import type { SymbolHit } from '../search/symbol-search.js';
import { serveFolderQueries } from './served-queries.js';
import type { Server } from 'node:net';

/** What the service needs from the LSP connection; tests of the core never see LSP. */
export interface ServerPort {
  log(message: string): void;
  statusChanged(status: StatusResult): void;
  progress(folder: string, phase: 'index' | 'embed', done: number, total: number): void;
  progressEnded(folder: string): void;
}

const STATUS_THROTTLE_MS = 250;

export interface WorkspaceSymbolHit extends SymbolHit {
  uri: string;
}

export class IndexService {
  private readonly folders = new Map<string, FolderIndex>();
  /** Each folder's query socket, answering `code-index` processes (engine/query-socket.ts). */
  private readonly querySockets = new Map<string, Server>();
  private editor: EditorSettings = {};
  /** The OpenAI-compatible endpoint's key from the editor's secret storage; never written anywhere. */
  private apiKey: string | undefined;
  private provider: Promise<EmbeddingProvider> | null = null;
  private statusTimer: NodeJS.Timeout | null = null;

  /** `who`: this process, as a CLI run waiting for one of its index passes is told. */
  constructor(
    private readonly port: ServerPort,
    private readonly who = "the editor's language server",
  ) {}

  async setFolders(uris: string[]): Promise<void> {
    const roots = new Set(uris.map((u) => fileURLToPath(u)));
    for (const [root, folder] of this.folders) {
      if (!roots.has(root)) {
        this.folders.delete(root);
        this.closeQuerySocket(root);
        await folder.dispose();
      }
    }
    const started: Promise<void>[] = [];
    for (const root of roots) {
      if (this.folders.has(root)) continue;
      const folder = new FolderIndex(root, this.folderSettings(root), this.listener);
      this.folders.set(root, folder);
      started.push(
        folder
          .start()
          .then(() => this.serveQueries(root, folder))
          .catch((err) => this.port.log(`Cannot index ${root}: ${(err as Error).message}`)),
      );
    }
    await Promise.all(started);
    this.port.log(`Indexing ${[...roots].join(', ')}; SQLite driver: ${[...this.folders.values()][0]?.driver ?? 'n/a'}`);
  }

  updateSettings(editor: EditorSettings, apiKey?: string): void {
    this.editor = editor ?? {};
    this.apiKey = apiKey;
    this.provider = null;
    for (const [root, folder] of this.folders) folder.updateSettings(this.folderSettings(root));
  }

  filesChanged(uris: string[]): void {
    const paths = uris.filter((u) => u.startsWith('file:')).map((u) => fileURLToPath(u));
    for (const folder of this.folders.values()) folder.filesChanged(paths);
  }

  reindex(force: boolean): void {
    for (const folder of this.folders.values()) folder.reindex(force);
  }

  pause(): void {
    for (const folder of this.folders.values()) folder.pause();
  }

  resume(): void {
    for (const folder of this.folders.values()) folder.resume();
  }

  status(): StatusResult {
    return { folders: [...this.folders.values()].map((f) => f.status()) };
  }

  async search(params: Required<Pick<SearchParams, 'query' | 'mode' | 'k'>> & SearchParams): Promise<SearchResult> {
    const notes: string[] = [];
    // While someone types, a query may have no word yet ("(", a lone quote): no results, and why.
    if (!hasSearchTerms(parseQuery(params.query))) return { items: [], notes: ['type a word to search for'] };
    const provider = await this.queryProvider().catch((err) => {
      notes.push((err as Error).message);
      return null;
    });
    const perFolder = await Promise.all(
      [...this.folders.values()].map(async (folder) => {
        const hits = await folder.search(
          params.query,
          { mode: params.mode, k: params.k, path: params.path, lang: params.lang, group: params.group },
          provider,
        );
        return hits.map((h): SearchItem => ({
          uri: pathToFileURL(join(folder.root, h.path)).toString(),
          path: h.path,
          range: { start: { line: h.startLine - 1, character: 0 }, end: { line: h.endLine - 1, character: 0 } },
          snippet: h.snippet,
          symbol: h.symbol,
          kind: h.kind,
          score: h.score,
          scores: h.scores,
        }));
      }),
    );
    const items = perFolder
      .flat()
      .sort((a, b) => b.score - a.score)
      .slice(0, params.k);
    return { items, notes };
  }

  async workspaceSymbols(query: string, k: number): Promise<WorkspaceSymbolHit[]> {
    const perFolder = await Promise.all(
      [...this.folders.values()].map(async (folder) =>
        (await folder.symbols(query, k)).map((s) => ({ ...s, uri: pathToFileURL(join(folder.root, s.path)).toString() })),
      ),
    );
    return perFolder
      .flat()
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
  }

  async dispose(): Promise<void> {
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const root of [...this.querySockets.keys()]) this.closeQuerySocket(root);
    await Promise.all([...this.folders.values()].map((f) => f.dispose()));
    this.folders.clear();
    const provider = await this.provider?.catch(() => null);
    await provider?.close?.();
  }

  private queryProvider(): Promise<EmbeddingProvider> {
    this.provider ??= createProviderOrBuiltin(embeddingSettings(this.editor), (m) => this.port.log(m), { apiKey: this.apiKey });
    return this.provider;
  }

  private async serveQueries(root: string, folder: FolderIndex): Promise<void> {
    if (this.folders.get(root) !== folder || folder.state === 'error') return;
    const server = await serveFolderQueries(folder, {
      embedding: () => embeddingSettings(this.editor),
      provider: () => this.queryProvider(),
      log: (m) => this.port.log(m),
    }).catch((err) => {
      this.port.log(`CLI queries for ${root} are not served: ${(err as Error).message}`);
      return null;
    });
    if (!server) return;
    if (this.folders.get(root) !== folder) server.close();
    else this.querySockets.set(root, server);
  }

  private closeQuerySocket(root: string): void {
    this.querySockets.get(root)?.close();
    this.querySockets.delete(root);
  }

  private folderSettings(root: string) {
    return {
      config: folderConfig(root, this.editor, (m) => this.port.log(m)),
      embedding: embeddingSettings(this.editor),
      apiKey: this.apiKey,
      who: this.who,
    };
  }

  private readonly listener: FolderListener = {
    changed: () => this.scheduleStatus(),
    progress: (folder, phase, done, total) => this.port.progress(folder.root, phase, done, total),
    jobEnded: (folder) => {
      this.port.progressEnded(folder.root);
      this.scheduleStatus();
    },
    warn: (message) => this.port.log(message),
  };

  private scheduleStatus(): void {
    if (this.statusTimer) return;
    this.statusTimer = setTimeout(() => {
      this.statusTimer = null;
      this.port.statusChanged(this.status());
    }, STATUS_THROTTLE_MS);
  }
}
