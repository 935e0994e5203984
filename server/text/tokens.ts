// Splits code text into the words people search with: `parseConfig`, `parse_config` and
// `ParseConfig` all yield "parse" and "config", so a query in plain words finds identifiers.

const IDENTIFIER = /[\p{L}\p{N}_$]+/gu;
const HUMPS = /[\p{Lu}]+(?![\p{Ll}])|[\p{Lu}]?[\p{Ll}]+|\p{N}+/gu;

/** The lower-cased parts of one identifier: `HTTPServerError2` -> http, server, error, 2. */
export function splitIdentifier(identifier: string): string[] {
  const parts: string[] = [];
  for (const piece of identifier.split(/[_$]+/)) {
    if (!piece) continue;
    for (const m of piece.matchAll(HUMPS)) parts.push(m[0].toLowerCase());
  }
  return parts;
}

/** Every identifier of `text`, lower-cased whole. */
export function identifiersOf(text: string): string[] {
  return text.match(IDENTIFIER) ?? [];
}

/**
 * The words a chunk is indexed under: each identifier whole (lower-cased) and, when it has several
 * parts, each part too. Order is kept so phrase-like proximity still means something.
 */
export function indexWords(text: string): string[] {
  const words: string[] = [];
  for (const id of identifiersOf(text)) {
    const whole = id.toLowerCase().replace(/^[_$]+|[_$]+$/g, '');
    if (!whole) continue;
    const parts = splitIdentifier(id);
    if (parts.length === 1 && parts[0] === whole) {
      words.push(whole);
    } else {
      if (!/^\p{N}+$/u.test(whole)) words.push(whole.replace(/[$]/g, '_'));
      words.push(...parts);
    }
  }
  return words;
}

/** ASCII identifier characters ([A-Za-z0-9_$]); beyond ASCII, IDENTIFIER's \p{L}\p{N} decide. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9_$]/.test(String.fromCharCode(c)) ? 1 : 0;
const WIDE_WORD = /^[\p{L}\p{N}]$/u;
/** indexWords of one identifier, joined: code repeats its identifiers, so most are looked up. */
const wordsById = new Map<string, string>();
const WORDS_CACHE_LIMIT = 100_000;

/**
 * `indexWords(text).join(' ')`, the FTS column text of a chunk, without a Unicode regex pass over
 * every character and without splitting the same identifier again: a third of the parse threads'
 * time went to indexWords before.
 */
export function indexText(text: string): string {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    let width = wordWidth(text, i);
    if (width === 0) {
      i += isPairAt(text, i) ? 2 : 1;
      continue;
    }
    const start = i;
    // An identifier of lower-case ASCII letters only is its own single word: no lookup needed.
    let plain = true;
    do {
      if (plain) {
        const c = text.charCodeAt(i);
        plain = c >= 97 && c <= 122;
      }
      i += width;
    } while (i < n && (width = wordWidth(text, i)) > 0);
    const id = text.slice(start, i);
    const words = plain ? id : identifierWords(id);
    if (words !== '') out.push(words);
  }
  return out.join(' ');
}

/** The UTF-16 length of the identifier character at `i`, or 0 when it is none. */
function wordWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 128) return ASCII_WORD[c];
  const pair = isPairAt(text, i);
  return WIDE_WORD.test(pair ? text.slice(i, i + 2) : text[i]) ? (pair ? 2 : 1) : 0;
}

/** Whether a surrogate pair (one code point, as the `u` regexes see it) starts at `i`. */
function isPairAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff) return false;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff;
}

function identifierWords(id: string): string {
  let words = wordsById.get(id);
  if (words === undefined) {
    words = indexWords(id).join(' ');
    if (wordsById.size >= WORDS_CACHE_LIMIT) wordsById.clear();
    wordsById.set(id, words);
  }
  return words;
}

/** The search words of a free-text query: its identifiers split into parts, lower-cased, deduplicated. */
export function queryWords(query: string): string[] {
  const seen = new Set<string>();
  for (const id of identifiersOf(query)) {
    for (const part of splitIdentifier(id)) seen.add(part);
  }
  return [...seen];
}
