// Whether indexing of a folder is paused, kept in `.codeindex/state.json` so a pause survives a
// restart of the server or of the editor.
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { STATE_FILE, indexFile } from '../common/index-paths.js';

function statePath(root: string): string {
  return indexFile(root, STATE_FILE);
}

export function readPaused(root: string): boolean {
  try {
    return JSON.parse(readFileSync(statePath(root), 'utf8')).paused === true;
  } catch {
    return false;
  }
}

export function writePaused(root: string, paused: boolean): void {
  const path = statePath(root);
  // Write then rename: a crash never leaves a half-written file.
  writeFileSync(`${path}.tmp`, `${JSON.stringify({ paused })}\n`);
  renameSync(`${path}.tmp`, path);
}
