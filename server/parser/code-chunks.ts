// Chunks that follow the code: one per function or method (split when long), a class's own lines
// (header, fields) apart from its methods, and line windows over the top-level code in between.
//
// So that no text is embedded twice, a class chunk is the class minus its methods: its header and
// fields, and whatever sits between members; each method of two lines or more is a chunk of its
// own. A function keeps what is nested in it (closures, local classes) in its chunk. One-line members
// stay in the surrounding chunk, and a lone closing brace joins the chunk before it. A definition's
// chunk starts at its doc comment and decorators.
import type { Chunk, SymbolKindValue } from '../common/extract-types.js';
import { splitLines, WINDOW_SPLIT, type SplitOptions } from './chunk-splitter.js';
import type { LineIndex } from './line-index.js';
import { CHUNK_MAX_CHARS, DEFINITION_MAX_LINES, DEFINITION_MIN_LINES, WINDOW_OVERLAP_LINES } from './limits.js';
import type { PlacedDefinition } from './symbol-builder.js';

const DEFINITION_SPLIT: SplitOptions = {
  maxLines: DEFINITION_MAX_LINES,
  overlapLines: WINDOW_OVERLAP_LINES,
  maxChars: CHUNK_MAX_CHARS,
};

/** A run of lines that becomes one or more chunks; symbol null means top-level code. */
interface LineRange {
  from: number;
  to: number;
  symbol: string | null;
  kind: SymbolKindValue | null;
}

export function codeChunks(lines: LineIndex, placed: PlacedDefinition[]): Chunk[] {
  const ranges = mergeTrivialRanges(lines, assignLines(lines.lineCount, chunkUnits(placed)));
  const chunks: Chunk[] = [];
  for (const range of ranges) {
    let { from, to } = range;
    while (from <= to && lines.isBlank(from)) from++;
    while (to >= from && lines.isBlank(to)) to--;
    if (from > to) continue;
    const options = range.symbol === null ? WINDOW_SPLIT : DEFINITION_SPLIT;
    splitLines(lines, from, to, range.symbol, range.kind, options, chunks);
  }
  return chunks;
}

/** Definitions big enough for chunks of their own, outermost first. */
function chunkUnits(placed: PlacedDefinition[]): PlacedDefinition[] {
  const units = placed.filter((d) => d.role !== 'leaf' && d.lastLine - d.firstLine + 1 >= DEFINITION_MIN_LINES);
  return units.sort((a, b) => a.firstLine - b.firstLine || b.lastLine - a.lastLine);
}

/**
 * Gives every line one owner: the body it is in (bodies keep everything nested in them), else the
 * innermost container, else the top level. Walks units in order with a stack of open containers.
 */
function assignLines(lineCount: number, units: PlacedDefinition[]): LineRange[] {
  const ranges: LineRange[] = [];
  const open: PlacedDefinition[] = [];
  let next = 1;
  const fill = (upTo: number): void => {
    if (upTo < next) return;
    const owner = open.length > 0 ? open[open.length - 1] : null;
    ranges.push({ from: next, to: upTo, symbol: owner?.qualifiedName ?? null, kind: owner?.kind ?? null });
    next = upTo + 1;
  };
  for (const unit of units) {
    while (open.length > 0 && open[open.length - 1].lastLine < unit.firstLine) {
      fill(open[open.length - 1].lastLine);
      open.pop();
    }
    // Already owned: nested in a body, or sharing a line with the definition before it.
    if (unit.lastLine < next) continue;
    fill(unit.firstLine - 1);
    if (unit.role === 'container') {
      open.push(unit);
    } else {
      ranges.push({ from: next, to: unit.lastLine, symbol: unit.qualifiedName, kind: unit.kind });
      next = unit.lastLine + 1;
    }
  }
  for (let i = open.length - 1; i >= 0; i--) {
    fill(open[i].lastLine);
    open.pop();
  }
  fill(lineCount);
  return ranges;
}

/**
 * A range with nothing but punctuation and blanks (a class's closing brace, `});`) joins the chunk
 * before it, or the one after when there is none, rather than becoming a chunk of its own.
 */
function mergeTrivialRanges(lines: LineIndex, ranges: LineRange[]): LineRange[] {
  const merged: LineRange[] = [];
  let carriedFrom: number | null = null;
  for (const range of ranges) {
    if (isTrivial(lines, range)) {
      const previous = merged[merged.length - 1];
      if (previous !== undefined && previous.to + 1 === range.from) previous.to = range.to;
      else carriedFrom ??= range.from;
      continue;
    }
    if (carriedFrom !== null) {
      merged.push({ ...range, from: carriedFrom });
      carriedFrom = null;
    } else merged.push(range);
  }
  if (carriedFrom !== null) merged.push({ from: carriedFrom, to: lines.lineCount, symbol: null, kind: null });
  return merged;
}

function isTrivial(lines: LineIndex, range: LineRange): boolean {
  const text = lines.text;
  for (let i = lines.start(range.from), end = lines.end(range.to); i < end; i++) {
    const c = text.charCodeAt(i);
    // Letters, digits, `_`, `$` and anything beyond ASCII make a line worth a chunk.
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c > 127) {
      return false;
    }
  }
  return true;
}
