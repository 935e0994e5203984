// Lists the files of a workspace that belong in the index: ignore rules applied, symlinks followed
// only while they stay inside the workspace, loops cut, unreadable folders skipped with a warning.
import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, sep } from 'node:path';
import type { IgnoreRules } from './ignore-rules.js';
import type { Reporter } from '../common/reporter.js';

export interface WalkedFile {
  /** Relative to the root, '/'-separated. */
  path: string;
  size: number;
  mtimeMs: number;
}

/** Told of each path the walk could not enter or stat, beside the reporter's warning. */
export type WalkSkipListener = (path: string, message: string) => void;

export function walkWorkspace(root: string, rules: IgnoreRules, reporter: Reporter, onSkip?: WalkSkipListener): WalkedFile[] {
  const realRoot = realpathSync(root);
  const skip = (path: string, message: string) => {
    reporter.warn(`${path}: ${message}`);
    onSkip?.(path, message);
  };
  const files: WalkedFile[] = [];
  const seenDirs = new Set<string>([realRoot]);
  const stack: string[] = [''];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(join(root, dir), { withFileTypes: true });
    } catch (err) {
      skip(dir || '.', `folder not indexed: could not be read (${(err as Error).message})`);
      continue;
    }
    for (const entry of entries) {
      const rel = dir ? `${dir}/${entry.name}` : entry.name;
      const kind = classify(root, realRoot, rel, entry, seenDirs, skip);
      if (!kind || rules.matches(rel, kind.isDir)) continue;
      if (kind.isDir) stack.push(rel);
      else files.push({ path: rel, size: kind.size, mtimeMs: kind.mtimeMs });
    }
  }
  return files;
}

type EntryKind = { isDir: true } | { isDir: false; size: number; mtimeMs: number };

function classify(
  root: string,
  realRoot: string,
  rel: string,
  entry: Dirent,
  seenDirs: Set<string>,
  skip: WalkSkipListener,
): EntryKind | null {
  const abs = join(root, rel);
  try {
    if (entry.isSymbolicLink()) {
      const target = realpathSync(abs);
      if (target !== realRoot && !target.startsWith(realRoot + sep)) return null; // never leave the workspace
      const st = statSync(target);
      if (st.isDirectory()) {
        if (seenDirs.has(target)) return null; // a loop, or a folder already walked
        seenDirs.add(target);
        return { isDir: true };
      }
      return st.isFile() ? { isDir: false, size: st.size, mtimeMs: st.mtimeMs } : null;
    }
    if (entry.isDirectory()) {
      seenDirs.add(realpathSync(abs));
      return { isDir: true };
    }
    if (!entry.isFile()) return null;
    const st = statSync(abs);
    return { isDir: false, size: st.size, mtimeMs: st.mtimeMs };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ELOOP') skip(rel, `not indexed: could not be read (${(err as Error).message})`);
    return null;
  }
}
