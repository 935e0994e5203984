// Blanks syntax a grammar does not know yet with spaces before a second parse, so the definitions
// around it still reach the tree. Only the parse sees the blanked text: every byte and UTF-16 offset,
// and every line and column, stays where it was, and names and signatures are read from the original.

/** One construct a grammar rejects: where it is in the text, and which characters to blank. */
export interface SyntaxShim {
  /** What the construct is, for docs and tests. */
  name: string;
  /** Matches exactly the characters to replace (context in lookarounds). */
  pattern: RegExp;
  /** What a match becomes, of the same length; its non-blank characters turn into spaces when absent. */
  replace?(match: string, offset: number, text: string): string;
}

/**
 * TypeScript 4.7 variance annotations on type parameters (`interface STM<out A, in R = never>`,
 * `class Q<in out T>`): tree-sitter-typescript 0.23 has no rule for them and one breaks the parse
 * of all that follows. The modifier is blanked when it follows `<` or `,` (block comments between
 * allowed, as zod's `@ts-ignore Cast variance` ones) and a type parameter name
 * follows it, then `,`, `>`, `=` or `extends`; in an expression `in` never sits there.
 */
const VARIANCE: SyntaxShim = {
  name: 'variance annotations',
  pattern: /(?<=[<,]\s*(?:\/\*[\s\S]*?\*\/\s*)*)(?:in\s+out|in|out)(?=\s+[\p{L}_$][\p{L}\p{N}_$]*\s*(?:[,>=]|extends\b))/gu,
};

/**
 * Call signatures in a type literal or interface that start a line of their own after a member
 * with no `;` (effect's overloaded `dual` signatures: `(n: number): <A>(a: A) => Iterable<A>` then
 * `<A>(self: A, n: number): ...` on the next line). TypeScript ends a member at the line break;
 * the grammar's automatic semicolon does not come before `(` or `<`, as in JavaScript, and reads
 * the pair as one type called with arguments. The last blank before such a line's `(` or `<`
 * becomes the `;` the grammar wants, when the code before the line (comments skipped) ends a type.
 */
const CALL_SIGNATURE_LINE: SyntaxShim = {
  name: 'call signatures on their own line',
  pattern: /(?<=\n[ \t]*)[ \t](?=[(<][\p{L}_$(),.[\]{} ]*[)>:,=\p{L}]|<[ \t]*\r?\n)/gu,
  replace: (match, offset, text) => (endsType(text, offset) ? ';' : match),
};

/** Words after which a `(` or `<` on the next line is their operand, not a new member. */
const OPERAND_KEYWORDS = new Set([
  'extends',
  'keyof',
  'typeof',
  'infer',
  'return',
  'in',
  'as',
  'is',
  'satisfies',
  'new',
  'await',
  'yield',
  'case',
  'of',
  'unique',
  'readonly',
]);

/** Whether the code before `offset`, past blanks and comments, ends a type (`A`, `A<B>`, `)`, `]`, `}`). */
function endsType(text: string, offset: number): boolean {
  let end = offset;
  for (;;) {
    while (end > 0 && /\s/.test(text[end - 1])) end--;
    if (text.startsWith('*/', end - 2)) {
      end = text.lastIndexOf('/*', end - 2);
      if (end === -1) return false;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', end - 1) + 1;
    const comment = text.slice(lineStart, end).indexOf('//');
    if (comment !== -1 && !/['"`]/.test(text.slice(lineStart, lineStart + comment))) {
      end = lineStart + comment;
      continue;
    }
    if (text.startsWith('=>', end - 2)) return false;
    const word = /[\p{L}\p{N}_$]+$/u.exec(text.slice(Math.max(0, end - 12), end))?.[0];
    if (word !== undefined) return !OPERAND_KEYWORDS.has(word);
    return end > 0 && /[>)\]}]/.test(text[end - 1]);
  }
}

/**
 * An escaped backtick inside a template literal type (`` type M = `use \`class X\`` ``, effect's
 * Schema.ts) ends the type for the grammar, and the rest of the file is an error. Blanked, the
 * literal is still one literal; an escaped backslash before a backtick is left alone.
 */
const ESCAPED_BACKTICK: SyntaxShim = {
  name: 'escaped backticks in template literal types',
  pattern: /(?<=(?:^|[^\\])(?:\\\\)*)\\`/g,
};

export const TYPESCRIPT_SHIMS: readonly SyntaxShim[] = [VARIANCE, CALL_SIGNATURE_LINE, ESCAPED_BACKTICK];

/**
 * C and C++ attribute macros the grammar cannot expand (libstdc++'s
 * `namespace std _GLIBCXX_VISIBILITY(default)`, `_GLIBCXX_BEGIN_NAMESPACE_VERSION` alone on a line,
 * `_GLIBCXX20_CONSTEXPR void f()`): an upper-case macro with arguments between a namespace's name
 * and its `{`, and reserved upper-case names (`_X_Y`, which only the implementation may define)
 * alone on a line or before a declaration.
 */
const NAMESPACE_MACRO: SyntaxShim = {
  name: 'attribute macros after a namespace name',
  pattern: /(?<=\bnamespace[ \t]+[\w:]+[ \t]+)[A-Z_][A-Z0-9_]*[ \t]*\([^()\n]*\)(?=\s*\{)/g,
};
const RESERVED_MACRO: SyntaxShim = {
  name: 'reserved upper-case macros',
  pattern: /(?<=^|[ \t])_[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+(?=[ \t]*$|[ \t]+[A-Za-z_~])/gm,
};

export const C_FAMILY_SHIMS: readonly SyntaxShim[] = [NAMESPACE_MACRO, RESERVED_MACRO];

/** The text with every shim's matches replaced (same length, line breaks kept), or null when
 *  nothing changed. */
export function blankUnknownSyntax(text: string, shims: readonly SyntaxShim[]): string | null {
  let blanked: string | null = null;
  for (const shim of shims) {
    const source: string = blanked ?? text;
    const replace = shim.replace ?? ((match: string) => match.replace(/\S/g, ' '));
    blanked = source.replace(shim.pattern, (match: string, offset: number) => replace(match, offset, source));
  }
  return blanked === null || blanked === text ? null : blanked;
}
