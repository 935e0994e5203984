// Weighs the words of a chunk or a query for the builtin embedder: identifiers split into their
// words, those in comments and docstrings and in the names being defined counted extra, common words
// damped, and each word's count damped so that repetition is not volume.
import { identifiersOf } from '../text/tokens.js';
import type { Vocabulary, Word } from './builtin-features.js';

/** How much more one occurrence counts, by where it stands in a chunk. */
export interface FieldBoosts {
  /** Added for a definition's name (`def parse_config`): what the chunk is about. */
  name: number;
  /** Added for a word of a comment or docstring: the author describing the code in the searcher's words. */
  doc: number;
}

export const DEFAULT_BOOSTS: FieldBoosts = { name: 2, doc: 1 };

// Block and line comments of the C family, Python/shell/Ruby, HTML, and Python docstrings. A `#` opens
// a comment only when a space or `!` follows, so `#include` and `#[derive]` stay code.
const COMMENT = /"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n]*|#(?=[ \t!])[^\n]*|<!--[\s\S]*?(?:-->|$)/g;

// Definition headers are matched line by line, each pattern only on lines that could hold it: far
// cheaper than one multi-line pattern tried at every offset. Names allow any non-ASCII letter past
// U+00BF, which is looser than \p{L} but needs no Unicode-mode matching; splitIdentifier cleans up.
const NAME = String.raw`[A-Za-z_$\u00C0-\uFFFF][\w$\u00C0-\uFFFF]*`;
const MODIFIERS = String.raw`(?:(?:export|default|public|private|protected|internal|static|async|abstract|final|override|virtual|pub(?:\([a-z]+\))?|unsafe|extern|inline|open|suspend|data)[ \t]+)*`;
/** After a definition keyword (Go's receiver, Ruby's `self.` skipped): `def f`, `export async function f`, `func (r *R) F`. */
const KEYWORD_DEFINITION = new RegExp(
  String.raw`^[ \t]*${MODIFIERS}(?:def|function\*?|func|fn|fun|class|struct|interface|enum|trait|type|module|object|record|sub|proc)[ \t]+(?:\([^)\n]{0,200}\)[ \t]*)?(?:self\.)?(${NAME})`,
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
const NOT_A_NAME = new Set([
  'if',
  'for',
  'while',
  'switch',
  'catch',
  'with',
  'return',
  'else',
  'do',
  'try',
  'foreach',
  'lock',
  'using',
  'synchronized',
  'elif',
  'unless',
  'until',
]);

/** The words of one text and how much each counts, in first-seen order. */
export interface WordWeights {
  words: Word[];
  weights: number[];
}

export class TermWeigher {
  private readonly tally = new WordTally();

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly boosts: FieldBoosts = DEFAULT_BOOSTS,
  ) {}

  /** Each word of a chunk of code with its boosted count, damped to 1 + ln(count). */
  document(text: string): WordWeights {
    const { name, doc } = this.boosts;
    this.begin();
    const comments: number[] = [];
    let codeStart = 0;
    for (const m of text.matchAll(COMMENT)) {
      const at = m.index ?? 0;
      comments.push(at, at + m[0].length);
      this.addIdentifiers(text.slice(codeStart, at), 1);
      this.addIdentifiers(m[0], 1 + doc);
      codeStart = at + m[0].length;
    }
    this.addIdentifiers(text.slice(codeStart), 1);
    if (name > 0) this.addDefinitions(text, comments, name);
    return this.tally.result((count) => (count >= 1 ? 1 + Math.log(count) : count));
  }

  /** Each word of a search query once: a query is short and every word in it is meant. */
  query(text: string): WordWeights {
    this.begin();
    this.addIdentifiers(text, 1);
    return this.tally.result((count) => Math.min(count, 1));
  }

  private begin(): void {
    this.vocabulary.trim();
    this.tally.reset();
  }

  /** Boosts the names defined in `text` on lines that do not start inside a comment. */
  private addDefinitions(text: string, comments: number[], boost: number): void {
    let c = 0;
    for (let start = 0; start < text.length;) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      while (c < comments.length && comments[c + 1] <= start) c += 2;
      const inComment = c < comments.length && comments[c] <= start;
      const name = inComment ? null : definedName(text.slice(start, end));
      if (name && !NOT_A_NAME.has(name)) this.addIdentifier(name, boost);
      start = end + 1;
    }
  }

  private addIdentifiers(text: string, weight: number): void {
    for (const id of identifiersOf(text)) this.addIdentifier(id, weight);
  }

  /** Adds an identifier's words, each times its own weight. */
  private addIdentifier(identifier: string, weight: number): void {
    const split = this.vocabulary.identifier(identifier);
    for (let i = 0; i < split.words.length; i++) this.tally.add(split.words[i], weight * split.weights[i]);
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

/** Per-text sums over words, in arrays indexed by word slot: far cheaper than a Map per text. */
class WordTally {
  private sums = new Float64Array(4096);
  private marks = new Uint32Array(4096);
  private mark = 0;
  private readonly touched: Word[] = [];

  reset(): void {
    this.touched.length = 0;
    if (++this.mark === 0xffffffff) {
      this.marks.fill(0);
      this.mark = 1;
    }
  }

  add(word: Word, amount: number): void {
    const slot = word.slot;
    if (slot >= this.sums.length) this.grow(slot + 1);
    if (this.marks[slot] !== this.mark) {
      this.marks[slot] = this.mark;
      this.sums[slot] = 0;
      this.touched.push(word);
    }
    this.sums[slot] += amount;
  }

  result(damp: (count: number) => number): WordWeights {
    const words = this.touched.slice();
    return { words, weights: words.map((word) => damp(this.sums[word.slot])) };
  }

  private grow(size: number): void {
    const length = Math.max(size, this.sums.length * 2);
    const sums = new Float64Array(length);
    const marks = new Uint32Array(length);
    sums.set(this.sums);
    marks.set(this.marks);
    this.sums = sums;
    this.marks = marks;
  }
}
