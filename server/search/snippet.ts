// Picks the lines of a chunk worth showing for a query: the short run of lines with most query words.
import { splitIdentifier, identifiersOf } from '../text/tokens.js';

const SNIPPET_LINES = 3;
const MAX_LINE_CHARS = 160;

export function makeSnippet(text: string, words: string[], startLine: number): { snippet: string; line: number } {
  const lines = text.split('\n');
  const wanted = new Set(words);
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < lines.length; i++) {
    const score = scoreLine(lines[i], wanted);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  const picked = lines.slice(best, best + SNIPPET_LINES).filter((l) => l.trim().length > 0);
  return { snippet: dedent(picked).map(clip).join('\n'), line: startLine + best };
}

/** The lines without the indentation they all share, so a body still reads as nested in its head. */
function dedent(lines: string[]): string[] {
  const shared = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(Number.isFinite(shared) ? shared : 0).trimEnd());
}

function scoreLine(line: string, wanted: Set<string>): number {
  if (wanted.size === 0) return line.trim() ? 0 : -1;
  let score = 0;
  for (const id of identifiersOf(line)) {
    for (const part of splitIdentifier(id)) if (wanted.has(part)) score++;
  }
  return score;
}

function clip(line: string): string {
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
}
