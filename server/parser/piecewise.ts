// The cheaper path for files too long to parse whole (over MAX_PARSE_CHARS, or past the parse
// deadline): the text is cut at top-level lines into pieces, each piece is parsed on its own, and
// the definitions, calls, imports and exports found are moved back to their lines in the file.
// Pieces start at the start of a line, so columns need no shift and every position stays exact.
import type { FileExtract, SourceRange } from '../common/extract-types.js';
import { lineWindowChunks } from './chunk-splitter.js';
import { PIECE_MAX_CHARS } from './limits.js';

/** A piece of a text: its lines and the line (1-based) it starts at. */
export interface TextPiece {
  text: string;
  firstLine: number;
}

/**
 * Cuts `text` into pieces of at most PIECE_MAX_CHARS (a single longer line is a piece of its own),
 * each ending before the least indented line of its second half: a line at the outermost level of
 * the file, so a definition is cut only when it is longer than half a piece.
 */
export function splitIntoPieces(text: string): TextPiece[] {
  const pieces: TextPiece[] = [];
  let start = 0;
  let firstLine = 1;
  while (start < text.length) {
    const end = text.length - start <= PIECE_MAX_CHARS ? text.length : cutBefore(text, start);
    const piece = text.slice(start, end);
    pieces.push({ text: piece, firstLine });
    firstLine += countNewlines(piece);
    start = end;
  }
  return pieces;
}

/** Where the piece starting at `start` ends: the start of the least indented line in its second half. */
function cutBefore(text: string, start: number): number {
  const limit = start + PIECE_MAX_CHARS;
  let best = -1;
  let bestIndent = Infinity;
  for (let i = text.indexOf('\n', start + PIECE_MAX_CHARS / 2); i !== -1 && i + 1 < limit; i = text.indexOf('\n', i + 1)) {
    const indent = indentOf(text, i + 1);
    // The latest of the least indented lines: the piece is as long as it may be.
    if (indent !== null && indent <= bestIndent) {
      best = i + 1;
      bestIndent = indent;
    }
  }
  if (best !== -1) return best;
  // No line starts in the second half (one very long line): the piece ends at the next line.
  const next = text.indexOf('\n', start);
  return next === -1 ? text.length : next + 1;
}

/** Spaces and tabs before the first character of the line at `at`, or null for a line that is no
 *  place to cut: a blank one, or one that closes a bracket (the end of the definition above it). */
function indentOf(text: string, at: number): number | null {
  let i = at;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return i >= text.length || '\r\n)]}'.includes(text[i]) ? null : i - at;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * What a file yields from its pieces: plain line-window chunks over the whole text (as before), and
 * the definitions of every piece `extractPiece` could parse (null: that piece yields nothing).
 * Syntax errors at the cuts are the cut's, not the file's, so none are reported.
 */
export function extractInPieces(text: string, language: string, extractPiece: (piece: string) => FileExtract | null): FileExtract {
  const whole: FileExtract = { language, chunks: lineWindowChunks(text), symbols: [], calls: [], imports: [], exports: [] };
  for (const piece of splitIntoPieces(text)) {
    const found = extractPiece(piece.text);
    if (found === null) continue;
    const shift = piece.firstLine - 1;
    for (const s of found.symbols) whole.symbols.push({ ...s, range: moved(s.range, shift), nameRange: moved(s.nameRange, shift) });
    for (const c of found.calls) whole.calls.push({ ...c, line: c.line + shift });
    for (const i of found.imports) whole.imports.push({ ...i, line: i.line + shift });
    for (const e of found.exports) whole.exports.push({ ...e, line: e.line + shift });
  }
  return whole;
}

function moved(range: SourceRange, lines: number): SourceRange {
  return { ...range, startLine: range.startLine + lines, endLine: range.endLine + lines };
}
