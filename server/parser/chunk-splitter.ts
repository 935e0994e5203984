// Cuts a run of lines into chunks no longer than a line and character cap, with a little overlap;
// also the plain-text chunker used for files without a grammar or that cannot be parsed.
import * as crypto from 'node:crypto';
import type { Chunk, SymbolKindValue } from '../common/extract-types.js';
import { LineIndex } from './line-index.js';
import { CHUNK_MAX_CHARS, WINDOW_LINES, WINDOW_OVERLAP_LINES } from './limits.js';

export interface SplitOptions {
  maxLines: number;
  overlapLines: number;
  maxChars: number;
}

export const WINDOW_SPLIT: SplitOptions = {
  maxLines: WINDOW_LINES,
  overlapLines: WINDOW_OVERLAP_LINES,
  maxChars: CHUNK_MAX_CHARS,
};

/** sha1 hex of a text; the one-shot `crypto.hash` (Node 20.12+) is faster for small inputs. */
export const sha1: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha1', text, 'hex')
    : (text) => crypto.createHash('sha1').update(text).digest('hex');

/** Appends the chunks for lines `from`..`to` (1-based, inclusive) to `out`, skipping blank ones. */
export function splitLines(
  lines: LineIndex,
  from: number,
  to: number,
  symbol: string | null,
  kind: SymbolKindValue | null,
  options: SplitOptions,
  out: Chunk[],
): void {
  let first = from;
  while (first <= to) {
    if (lineLength(lines, first) > options.maxChars) {
      splitLongLine(lines, first, symbol, kind, options.maxChars, out);
      first++;
      continue;
    }
    let last = first;
    let chars = lineLength(lines, first) + 1;
    while (last < to && last - first + 1 < options.maxLines) {
      const next = lineLength(lines, last + 1) + 1;
      if (chars + next > options.maxChars) break;
      chars += next;
      last++;
    }
    pushChunk(lines.slice(first, last), first, last, symbol, kind, out);
    if (last >= to) break;
    // Overlap never exceeds half a window, so narrow (long-lined) windows do not repeat most lines.
    const overlap = Math.min(options.overlapLines, Math.floor((last - first + 1) / 2));
    first = Math.max(first + 1, last + 1 - overlap);
  }
}

/** Chunks for a whole text with no regard to its syntax: the fallback when there is no tree. */
export function lineWindowChunks(text: string): Chunk[] {
  const lines = new LineIndex(text);
  const chunks: Chunk[] = [];
  splitLines(lines, 1, lines.lineCount, null, null, WINDOW_SPLIT, chunks);
  return chunks;
}

function lineLength(lines: LineIndex, line: number): number {
  return lines.end(line) - lines.start(line);
}

/** A minified bundle can be one 50 MB line: cut it by characters so every chunk stays bounded. */
function splitLongLine(
  lines: LineIndex,
  line: number,
  symbol: string | null,
  kind: SymbolKindValue | null,
  maxChars: number,
  out: Chunk[],
): void {
  const text = lines.text;
  const end = lines.end(line);
  for (let start = lines.start(line); start < end;) {
    let cut = Math.min(start + maxChars, end);
    // Never cut between the two halves of a surrogate pair.
    if (cut < end && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
    pushChunk(text.slice(start, cut), line, line, symbol, kind, out);
    start = cut;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function pushChunk(
  text: string,
  startLine: number,
  endLine: number,
  symbol: string | null,
  kind: SymbolKindValue | null,
  out: Chunk[],
): void {
  if (!/\S/.test(text)) return;
  out.push({ startLine, endLine, text, hash: sha1(text), symbol, kind });
}
