// `code-index serve [DIR]`: the language server's engine without an editor, for terminals, scripts
// and agents. It keeps the folder's index fresh (an incremental pass at start, then the changes a
// file watcher sees), embeds new chunks, and answers other `code-index` processes' read-only commands
// over the query socket, until SIGINT or SIGTERM. Loaded only by this command (its own bundle).
import { relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { watch, type FSWatcher } from 'chokidar';
import { loadConfig } from '../config/config.js';
import { IgnoreRules } from '../indexer/ignore-rules.js';
import { resolveEmbeddingSettings, type EmbeddingOverrides } from '../embed/settings.js';
import { IndexService } from '../engine/index-service.js';
import type { FolderStatus } from '../../shared/protocol.js';
import { openWorkspace, resolveRoot } from '../indexer/workspace.js';
import { indexDbPath, openIndex } from '../storage/open-database.js';
import { readStatus } from '../storage/status.js';
import { catchInterrupt, reportStopped, whenAborted } from './interrupt.js';

export interface ServeCommandOptions extends EmbeddingOverrides {
  verbose?: boolean;
}

export async function runServe(dir: string, opts: ServeCommandOptions): Promise<number> {
  const root = resolveRoot(dir);
  const config = loadConfig(root);
  // Opened once here so that an index this process cannot use (a foreign file, a newer schema, an
  // unwritable folder) is one line and an exit, as for `index`, not a server that serves nothing.
  openWorkspace(root, { role: 'writer', config }).close();
  const say = (line: string) => process.stderr.write(`code-index: ${line}\n`);
  let lastLine = '';
  const interrupt = catchInterrupt(); // from the start: the first pass begins before the socket is up
  const service = new IndexService(
    {
      log: (message) => opts.verbose && say(message),
      statusChanged: (status) => {
        const line = describe(status.folders[0]);
        if (line && line !== lastLine) say((lastLine = line));
      },
      progress: () => undefined,
      progressEnded: () => undefined,
    },
    'code-index serve',
  );
  let disposed: Promise<void> | null = null;
  const dispose = () => (disposed ??= service.dispose());
  try {
    service.updateSettings({ embedding: resolveEmbeddingSettings(opts) });
    await service.setFolders([pathToFileURL(root).toString()]);
    const watcher = watchFolder(root, new IgnoreRules(root, config.exclude), (path) =>
      service.filesChanged([pathToFileURL(path).toString()]),
    );
    if (!interrupt.signal.aborted)
      say(`serving ${root}: keeping it indexed and answering search, symbols, callers and status; Ctrl+C to stop`);
    await whenAborted(interrupt.signal);
    const atStop = service.status().folders[0];
    // Ends the index thread at once: a batch it was writing rolls back whole, the committed ones stay.
    await Promise.all([watcher.close(), dispose()]);
    reportStopped(stoppedLine(atStop, root, config.busyTimeoutMs));
    return interrupt.exitCode!;
  } finally {
    interrupt.dispose();
    await dispose();
  }
}

/** What the index kept, read back from it, and what was under way when the signal came. */
function stoppedLine(atStop: FolderStatus | undefined, root: string, busyTimeoutMs: number): string {
  const dbPath = indexDbPath(root);
  const { conn } = openIndex(dbPath, { role: 'reader', busyTimeoutMs });
  let kept: string;
  try {
    const s = readStatus(conn, dbPath);
    kept = `the index keeps ${s.files} files, ${s.chunks} chunks, ${s.embedded} embedded and ${s.pending} pending`;
  } finally {
    conn.close();
  }
  const progress = atStop?.progress ? ` (${atStop.progress.done} of ${atStop.progress.total} done)` : '';
  if (atStop?.state === 'indexing')
    return `while indexing${progress}, ${kept}; run \`code-index serve\` or \`code-index index\` again to finish.`;
  if (atStop?.state === 'embedding')
    return `while embedding${progress}, ${kept}; run \`code-index serve\` or \`code-index embed\` again to finish.`;
  return `${kept}; run \`code-index serve\` again to keep it up to date.`;
}

/** One line per change of state; progress counts are left to `status`, which this process answers. */
function describe(folder: FolderStatus | undefined): string {
  if (!folder) return '';
  if (folder.state === 'error') return `error: ${folder.error ?? 'unknown'}`;
  if (folder.state === 'idle') return `ready: ${folder.files} files, ${folder.chunks} chunks, ${folder.embedded} embedded`;
  return folder.state;
}

/**
 * Every change under `root` outside ignored folders (the index's own rules, so node_modules and
 * .codeindex are never watched); the index service batches them into jobs as the editor's events are.
 */
function watchFolder(root: string, rules: IgnoreRules, changed: (path: string) => void): FSWatcher {
  const watcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    ignored: (path, stats) => {
      const rel = relative(root, path).split(sep).join('/');
      return rel !== '' && stats?.isDirectory() === true && rules.matches(rel, true);
    },
  });
  watcher.on('all', (_event, path) => changed(path));
  watcher.on('error', (err) => process.stderr.write(`code-index: file watching: ${(err as Error).message}\n`));
  return watcher;
}
