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
  const service = new IndexService({
    log: (message) => opts.verbose && say(message),
    statusChanged: (status) => {
      const line = describe(status.folders[0]);
      if (line && line !== lastLine) say((lastLine = line));
    },
    progress: () => undefined,
    progressEnded: () => undefined,
  });
  service.updateSettings({ embedding: resolveEmbeddingSettings(opts) });
  await service.setFolders([pathToFileURL(root).toString()]);
  const watcher = watchFolder(root, new IgnoreRules(root, config.exclude), (path) =>
    service.filesChanged([pathToFileURL(path).toString()]),
  );
  say(`serving ${root}: keeping it indexed and answering search, symbols, callers and status; Ctrl+C to stop`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  await service.dispose();
  say('stopped');
  return 0;
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
