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

/** The search words of a free-text query: its identifiers split into parts, lower-cased, deduplicated. */
export function queryWords(query: string): string[] {
  const seen = new Set<string>();
  for (const id of identifiersOf(query)) {
    for (const part of splitIdentifier(id)) seen.add(part);
  }
  return [...seen];
}
