// Blanks syntax a grammar does not know yet with spaces before a second parse, so the definitions
// around it still reach the tree. Only the parse sees the blanked text: every byte and UTF-16 offset,
// and every line and column, stays where it was, and names and signatures are read from the original.

/** One construct a grammar rejects: where it is in the text, and which characters to blank. */
export interface SyntaxShim {
  /** What the construct is, for docs and tests. */
  name: string;
  /** Matches exactly the characters to blank (context in lookarounds); they become spaces. */
  pattern: RegExp;
}

/**
 * TypeScript 4.7 variance annotations on type parameters (`interface STM<out A, in R = never>`,
 * `class Q<in out T>`): tree-sitter-typescript 0.23 has no rule for them and one breaks the parse
 * of all that follows. The modifier is blanked when it follows `<` or `,` and a type parameter name
 * follows it, then `,`, `>`, `=` or `extends`; in an expression `in` never sits there.
 */
const VARIANCE: SyntaxShim = {
  name: 'variance annotations',
  pattern: /(?<=[<,]\s*)(?:in\s+out|in|out)(?=\s+[\p{L}_$][\p{L}\p{N}_$]*\s*(?:[,>=]|extends\b))/gu,
};

export const TYPESCRIPT_SHIMS: readonly SyntaxShim[] = [VARIANCE];

/** The text with every shim's matches blanked (whitespace kept, so lines stay lines), or null when
 *  no shim matched. */
export function blankUnknownSyntax(text: string, shims: readonly SyntaxShim[]): string | null {
  let blanked: string | null = null;
  for (const shim of shims) {
    blanked = (blanked ?? text).replace(shim.pattern, (match) => match.replace(/\S/g, ' '));
  }
  return blanked === null || blanked === text ? null : blanked;
}
