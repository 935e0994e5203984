// Line-window chunks for text without a grammar: fixed windows with a little overlap, and long
// lines cut so no chunk grows without bound.
import { createHash } from 'node:crypto';
import type { Chunk } from './extract-types.js';

const WINDOW_LINES = 60;
const OVERLAP_LINES = 5;
const MAX_CHUNK_CHARS = 6000;

export function hashText(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function lineWindowChunks(text: string, fromLine = 1, toLine?: number): Chunk[] {
  const lines = text.split(/\r?\n/);
  const last = Math.min(toLine ?? lines.length, lines.length);
  const chunks: Chunk[] = [];
  for (let start = fromLine; start <= last; start += WINDOW_LINES - OVERLAP_LINES) {
    const end = Math.min(last, start + WINDOW_LINES - 1);
    pushBounded(chunks, lines.slice(start - 1, end).join('\n'), start, end);
    if (end === last) break;
  }
  return chunks;
}

/** Adds one chunk, or several when its text is too long (a minified line): cut by characters. */
function pushBounded(chunks: Chunk[], text: string, startLine: number, endLine: number): void {
  if (!text.trim()) return;
  for (let at = 0; at < text.length; at += MAX_CHUNK_CHARS) {
    const piece = text.slice(at, at + MAX_CHUNK_CHARS);
    if (piece.trim()) chunks.push({ startLine, endLine, text: piece, hash: hashText(piece), symbol: null, kind: null });
  }
}
