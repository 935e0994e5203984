// Weighs the words of a chunk or a query for the builtin embedder: identifiers split into their
// words, those in comments and docstrings and in the names being defined counted extra, common words
// damped, and each word's count damped so that repetition is not volume.
import { identifiersOf, splitIdentifier } from '../search/tokens.js';
import { priorWeight } from './builtin-stopwords.js';

/** How much more one occurrence counts, by where it stands in a chunk. */
export interface FieldBoosts {
  /** Added for a definition's name (`def parse_config`): what the chunk is about. */
  name: number;
  /** Added for a word of a comment or docstring: the author describing the code in the searcher's words. */
  doc: number;
}

export interface TermOptions {
  boosts: FieldBoosts;
  /** Weight of a whole multi-part identifier (`parse_config`) next to its words. */
  wholeIdentifier: number;
}

export const DEFAULT_TERMS: TermOptions = { boosts: { name: 2, doc: 1 }, wholeIdentifier: 0.5 };

// Block and line comments of the C family, Python/shell/Ruby, HTML, and Python docstrings. A `#` opens
// a comment only when a space or `!` follows, so `#include` and `#[derive]` stay code.
const COMMENT = /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|#(?=[ \t!])[^\n]*|<!--[\s\S]*?(?:-->|$)/g;

// Definition headers are matched line by line, each pattern only on lines that could hold it: far
// cheaper than one multi-line pattern tried at every offset. Names allow any non-ASCII letter past
// U+00BF, which is looser than \p{L} but needs no Unicode-mode matching; splitIdentifier cleans up.
const NAME = String.raw`[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*`;
const MODIFIERS = String.raw`(?:(?:export|default|public|private|protected|internal|static|async|abstract|final|override|virtual|pub(?:\([a-z]+\))?|unsafe|extern|inline|open|suspend|data)[ \t]+)*`;
/** After a definition keyword (Go's method receiver skipped): `def f`, `export async function f`, `func (r *R) F`. */
const KEYWORD_DEFINITION = new RegExp(
  String.raw`^[ \t]*${MODIFIERS}(?:def|function\*?|func|fn|fun|class|struct|interface|enum|trait|type|module|object|record|sub|proc)[ \t]+(?:\([^)\n]{0,200}\)[ \t]*)?(${NAME})`,
);
/** A function expression bound to a name: `const f = (a) => ...`, `let f = function`. */
const BOUND_FUNCTION = new RegExp(
  String.raw`^[ \t]*(?:export[ \t]+)?(?:const|let|var)[ \t]+(${NAME})[ \t]*(?::[^=\n]{0,100})?=[ \t]*(?:async[ \t]*)?(?:function\b|\([^)\n]{0,200}\)[^=\n]{0,100}=>|${NAME}[ \t]*=>)`,
);
/** A C-family function or method header that opens its body on the same line: `public int f(String s) {`. */
const BRACE_HEADER = new RegExp(
  String.raw`^[ \t]*(?:[\w$\u00C0-\uFFFF<>\[\],.?*&:]{1,100}[ \t]+){0,6}(${NAME})[ \t]*\([^;\n]{0,300}\)[^;=\n]{0,100}\{\s*$`,
);

/** Words that look like a name in a C-family header but open a block: `if (x) {`, `catch (e) {`. */
const NOT_A_NAME = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'return', 'else', 'do', 'try',
  'foreach', 'lock', 'using', 'synchronized', 'elif', 'unless', 'until']);

/** One identifier's words with their prior weights, and the whole identifier when it has several. */
interface Split {
  words: string[];
  priors: number[];
  whole: string | null;
}

const CACHE_LIMIT = 100_000;

export class TermWeigher {
  private readonly splits = new Map<string, Split>();

  constructor(private readonly options: TermOptions = DEFAULT_TERMS) {}

  /** Each word of a chunk of code with its boosted count, damped to 1 + ln(count). */
  document(text: string): Map<string, number> {
    const { name, doc } = this.options.boosts;
    const words = new Map<string, number>();
    const comments: number[] = [];
    let codeStart = 0;
    for (const m of text.matchAll(COMMENT)) {
      const at = m.index ?? 0;
      comments.push(at, at + m[0].length);
      this.addIdentifiers(words, text.slice(codeStart, at), 1);
      this.addIdentifiers(words, m[0], 1 + doc);
      codeStart = at + m[0].length;
    }
    this.addIdentifiers(words, text.slice(codeStart), 1);
    if (name > 0) this.addDefinitions(words, text, comments, name);
    for (const [word, count] of words) words.set(word, count >= 1 ? 1 + Math.log(count) : count);
    return words;
  }

  /** Each word of a search query once: a query is short and every word in it is meant. */
  query(text: string): Map<string, number> {
    const words = new Map<string, number>();
    this.addIdentifiers(words, text, 1);
    for (const [word, count] of words) words.set(word, Math.min(count, 1));
    return words;
  }

  /** Boosts the names defined in `text` on lines that do not start inside a comment. */
  private addDefinitions(words: Map<string, number>, text: string, comments: number[], boost: number): void {
    let c = 0;
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      while (c < comments.length && comments[c + 1] <= start) c += 2;
      const inComment = c < comments.length && comments[c] <= start;
      const name = inComment ? null : definedName(text.slice(start, end));
      if (name && !NOT_A_NAME.has(name)) this.addIdentifier(words, name, boost);
      start = end + 1;
    }
  }

  private addIdentifiers(words: Map<string, number>, text: string, weight: number): void {
    for (const id of identifiersOf(text)) this.addIdentifier(words, id, weight);
  }

  /** Adds an identifier's words, each times its prior, and the whole identifier when it has several. */
  private addIdentifier(words: Map<string, number>, identifier: string, weight: number): void {
    const split = this.split(identifier);
    for (let i = 0; i < split.words.length; i++) {
      const add = weight * split.priors[i];
      if (add > 0) words.set(split.words[i], (words.get(split.words[i]) ?? 0) + add);
    }
    const whole = weight * this.options.wholeIdentifier;
    if (split.whole && whole > 0) words.set(split.whole, (words.get(split.whole) ?? 0) + whole);
  }

  private split(identifier: string): Split {
    let split = this.splits.get(identifier);
    if (!split) {
      // Cleared rather than evicted one by one: results never depend on what is cached.
      if (this.splits.size >= CACHE_LIMIT) this.splits.clear();
      const words = splitIdentifier(identifier);
      split = { words, priors: words.map(priorWeight), whole: words.length > 1 ? words.join('_') : null };
      this.splits.set(identifier, split);
    }
    return split;
  }
}

/** The name a line of code defines, or null. */
function definedName(line: string): string | null {
  const m =
    KEYWORD_DEFINITION.exec(line) ??
    (line.includes('=') ? BOUND_FUNCTION.exec(line) : null) ??
    (line.trimEnd().endsWith('{') ? BRACE_HEADER.exec(line) : null);
  return m ? m[1] : null;
}
