// Counts the identifiers of a chunk or a query for the builtin embedder: those in comments and
// docstrings and those being defined count extra, and the count is damped so repetition is not volume.
import { identifiersOf } from '../search/tokens.js';

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

// A name being defined: after a definition keyword, or bound to a function expression. Parenthesised
// parts are bounded so a long line without `)` cannot make the scan quadratic.
const DEFINITION =
  /\b(?:def|function|func|fn|class|struct|interface|enum|trait|type|module|sub|proc)\s+\*?\s*(?:\([^)\n]{0,200}\)\s*)?([\p{L}_$][\p{L}\p{N}_$]*)|\b(?:const|let|var)\s+([\p{L}_$][\p{L}\p{N}_$]*)\s*=\s*(?:async\s+)?(?:function\b|\([^)\n]{0,200}\)\s*=>|[\p{L}_$][\p{L}\p{N}_$]*\s*=>)/gu;

/** Each identifier of a chunk of code with its boosted count damped to 1 + ln(count). */
export function documentIdentifiers(text: string, boosts: FieldBoosts = DEFAULT_BOOSTS): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (id: string, weight: number) => counts.set(id, (counts.get(id) ?? 0) + weight);
  const addCode = (code: string) => {
    for (const id of identifiersOf(code)) add(id, 1);
    if (boosts.name <= 0) return;
    for (const m of code.matchAll(DEFINITION)) {
      const id = m[1] ?? m[2];
      if (id) add(id, boosts.name);
    }
  };
  let codeStart = 0;
  for (const m of text.matchAll(COMMENT)) {
    const at = m.index ?? 0;
    addCode(text.slice(codeStart, at));
    for (const id of identifiersOf(m[0])) add(id, 1 + boosts.doc);
    codeStart = at + m[0].length;
  }
  addCode(text.slice(codeStart));
  for (const [id, count] of counts) counts.set(id, 1 + Math.log(count));
  return counts;
}

/** Each distinct identifier of a search query, once: a query is short and every word in it is meant. */
export function queryIdentifiers(query: string): Map<string, number> {
  return new Map(identifiersOf(query).map((id) => [id, 1]));
}
