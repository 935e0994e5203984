// Turns the server's StatusResult into the words and numbers the status bar and Show Status display.
import type { FolderStatus, IndexState, StatusResult } from '../shared/protocol.js';

/** All folders folded into one line's worth: the most pressing state wins. */
export interface StatusSummary {
  state: IndexState;
  files: number;
  symbols: number;
  chunks: number;
  embedded: number;
  pending: number;
  dbBytes: number;
  /** Summed over the folders that are indexing; null when none reports progress. */
  progress: { done: number; total: number } | null;
  errors: string[];
}

// Earlier wins: an error anywhere must show, and any folder still working means "not ready".
const STATE_PRIORITY: readonly IndexState[] = ['error', 'indexing', 'starting', 'embedding', 'paused', 'idle'];

/** The word the status bar shows once every folder is idle; end-to-end tests wait for it. */
export const READY_WORD = 'ready';

export function summarize(status: StatusResult): StatusSummary {
  const folders = status.folders;
  const state = STATE_PRIORITY.find((s) => folders.some((f) => f.state === s)) ?? 'starting';
  const sum = (pick: (f: FolderStatus) => number) => folders.reduce((total, f) => total + pick(f), 0);
  const working = folders.filter((f) => f.progress !== null);
  return {
    state,
    files: sum((f) => f.files),
    symbols: sum((f) => f.symbols),
    chunks: sum((f) => f.chunks),
    embedded: sum((f) => f.embedded),
    pending: sum((f) => f.pending),
    dbBytes: sum((f) => f.dbBytes),
    progress:
      working.length === 0
        ? null
        : {
            done: working.reduce((total, f) => total + (f.progress?.done ?? 0), 0),
            total: working.reduce((total, f) => total + (f.progress?.total ?? 0), 0),
          },
    errors: folders.filter((f) => f.error).map((f) => `${folderName(f)}: ${f.error}`),
  };
}

/** The status bar's text, codicons included. */
export function statusBarText(summary: StatusSummary): string {
  switch (summary.state) {
    case 'error':
      return '$(error) Code Index';
    case 'indexing':
      return summary.progress
        ? `$(sync~spin) Code Index ${formatCount(summary.progress.done)}/${formatCount(summary.progress.total)}`
        : '$(sync~spin) Code Index indexing';
    case 'embedding':
      return `$(sync~spin) Code Index embedding ${formatCount(summary.pending)}`;
    case 'starting':
      return '$(sync~spin) Code Index starting';
    case 'paused':
      return '$(debug-pause) Code Index paused';
    case 'idle':
      return `$(database) Code Index ${READY_WORD} · ${plural(summary.files, 'file')}`;
  }
}

/** The summary in plain words, for titles and screen readers. */
export function summaryWords(summary: StatusSummary): string {
  switch (summary.state) {
    case 'indexing':
      return summary.progress ? `indexing ${formatCount(summary.progress.done)}/${formatCount(summary.progress.total)}` : 'indexing';
    case 'embedding':
      return `embedding, ${formatCount(summary.pending)} pending`;
    case 'idle':
      return `${READY_WORD} · ${plural(summary.files, 'file')}`;
    default:
      return summary.state;
  }
}

/** One line of counts for a folder: what Show Status lists and the tooltip repeats. */
export function folderCounts(folder: FolderStatus): string {
  return [
    plural(folder.files, 'file'),
    plural(folder.symbols, 'symbol'),
    plural(folder.chunks, 'chunk'),
    `${formatCount(folder.embedded)} embedded${folder.model ? ` (${folder.model})` : ''}`,
    `${formatCount(folder.pending)} pending`,
    formatBytes(folder.dbBytes),
    ...parseIssueWords(folder),
  ].join(' · ');
}

/** Files whose definitions may be incomplete, only when there are any: `code-index status --verbose`
 *  in a terminal lists them. Counts a server older than these fields does not send read as none. */
export function parseIssueWords(folder: FolderStatus): string[] {
  const words: string[] = [];
  if (folder.parseErrorFiles) words.push(`${plural(folder.parseErrorFiles, 'file')} with syntax errors`);
  if (folder.oversizeFiles) words.push(`${formatCount(folder.oversizeFiles)} too long to parse whole`);
  if (folder.minifiedFiles) words.push(`${formatCount(folder.minifiedFiles)} minified`);
  return words;
}

/**
 * When the folder's index was last written: relative ("3 minutes ago") for a view made now, a clock
 * time for one that stays on screen (a tooltip would otherwise say "1 second ago" for an hour).
 */
export function lastUpdateWords(folder: FolderStatus, style: 'relative' | 'clock', now = Date.now()): string {
  if (!folder.lastUpdate) return 'never updated';
  if (style === 'relative') return `updated ${formatAge(folder.lastUpdate, now)}`;
  const at = new Date(folder.lastUpdate);
  return Number.isNaN(at.getTime()) ? `updated ${folder.lastUpdate}` : `updated at ${at.toLocaleString()}`;
}

/** The state in words, with progress while indexing. */
export function folderState(folder: FolderStatus): string {
  if (folder.state === 'indexing' && folder.progress) {
    return `indexing ${formatCount(folder.progress.done)}/${formatCount(folder.progress.total)}`;
  }
  return folder.state === 'idle' ? READY_WORD : folder.state;
}

export function folderName(folder: FolderStatus): string {
  const parts = folder.folder.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? folder.folder;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? '' : 's'}`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(value < 100 ? 1 : 0)} ${units[unit]}`;
}

const AGE_STEPS: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago", from an ISO time. */
export function formatAge(iso: string, now = Date.now()): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  let value = Math.max(0, (now - then) / 1000);
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of AGE_STEPS) {
    if (value < size) return format.format(-Math.floor(value), unit);
    value /= size;
  }
  return new Date(then).toISOString();
}
