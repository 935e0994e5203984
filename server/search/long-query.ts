// Long queries (an issue report, a stack trace, a paragraph: what agents send) are weighed as
// evidence, not as a conjunction: every word in more than a tenth of the chunks says nothing and is
// dropped, the rest are OR-ed for BM25 to weigh by rarity, and, when files are ranked (--group file),
// two things in the text count as strong evidence for a file: its path written out
// (`sympy/core/basic.py`, a traceback's `File "..."` line) and a name it defines, written as code
// (`parse_expr`, `BlockMatrix`, `Point.distance`). Measured in
// docs/search.md ("Long queries"); the weights were chosen on 27 of the 77 swebl-dev issues and
// checked on the other 50.
import type { SqlConnection } from '../storage/driver.js';
import { escapeLike, statement } from '../storage/statements.js';
import { SymbolKind } from '../common/extract-types.js';
import type { ParsedQuery } from './query-syntax.js';
import { languageForPath } from '../parser/languages.js';

export const LONG_QUERY = {
  /** A word in more than this share of the chunks is dropped (in at most LIMIT of them, it is kept). */
  commonShare: 0.1,
  /** Weight of a chunk in a file whose path the query spells out. */
  mentionedPath: 3,
  /** Weight of a chunk in a file that defines a name the query writes as code. */
  definedName: 2,
  /** A name defined in more files than this says little about which one is meant. */
  definedNameFiles: 3,
} as const;

export function isLongQuery(parsed: ParsedQuery): boolean {
  return parsed.long;
}

const COUNT_SQL = 'SELECT count(*) AS n FROM (SELECT 1 FROM chunks_fts WHERE chunks_fts MATCH ? LIMIT ?)';

/** The words of a long query that are rare enough to say something, in query order. */
export function selectiveWords(conn: SqlConnection, words: readonly string[]): string[] {
  const total = statement(conn, 'SELECT count(*) AS n FROM chunks').get<{ n: number }>()?.n ?? 0;
  const cap = Math.max(1, Math.floor(total * LONG_QUERY.commonShare));
  const count = statement(conn, COUNT_SQL);
  // The count stops at cap + 1: a common word costs no more than a rare one past that.
  const kept = words.filter((w) => {
    const n = count.get<{ n: number }>(`"${w.replace(/"/g, '""')}"`, cap + 1)?.n ?? 0;
    return n > 0 && n <= cap;
  });
  return kept.length > 0 ? kept : [...words];
}

/** A file path as people write it: a word with a slash or a dot and an extension, `a/b.py`, `b.ts`. */
const PATH_TOKEN = /[\w.@-]*(?:[/\\][\w.@-]+)*\.[A-Za-z][\w]{0,7}\b/g;
/** A name written as code: snake_case, camelCase, PascalCase with a second hump, or dotted a.b. */
const CODE_NAME = /[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*/g;
const LOOKS_LIKE_CODE = /_|[a-z][A-Z]|^[A-Z][a-z0-9]+[A-Z]|\./;
const DEFINITION_KINDS = [SymbolKind.Class, SymbolKind.Function, SymbolKind.Method, SymbolKind.Interface];

/** The last two segments of a written path, to match it against the index's paths by suffix. */
function pathTail(token: string): string | null {
  const parts = token.replace(/\\/g, '/').split('/').filter(Boolean);
  if (parts.length === 0) return null;
  const tail = parts.slice(-2).join('/');
  // `e.g.`, `1.5` or `sympy.core` are not paths: the name must end in a source file's extension.
  return languageForPath(tail) !== 'text' ? tail : null;
}

/**
 * How much each file's chunks weigh for what the query's text points at: its written-out paths and
 * the names it writes as code that few files define. Files the query does not point at are absent.
 */
export function queryEvidence(conn: SqlConnection, text: string): Map<string, number> {
  const weight = new Map<string, number>();
  const raise = (path: string, by: number) => weight.set(path, Math.max(weight.get(path) ?? 1, 1) * by);

  const tails = new Set<string>();
  for (const m of text.matchAll(PATH_TOKEN)) {
    const tail = pathTail(m[0]);
    if (tail) tails.add(tail);
  }
  if (tails.size > 0) {
    const byTail = statement(conn, `SELECT path FROM files WHERE path = ? OR path LIKE '%/' || ? ESCAPE '\\'`);
    for (const tail of tails) {
      for (const { path } of byTail.all<{ path: string }>(tail, escapeLike(tail))) raise(path, LONG_QUERY.mentionedPath);
    }
  }

  const names = new Set<string>();
  for (const m of text.matchAll(CODE_NAME)) if (LOOKS_LIKE_CODE.test(m[0])) names.add(m[0].split('.').at(-1) ?? m[0]);
  const definers = statement(
    conn,
    `SELECT DISTINCT f.path FROM symbols s JOIN files f ON f.id = s.file_id
    WHERE s.name = ? AND s.kind IN (${DEFINITION_KINDS.join(', ')}) LIMIT ?`,
  );
  const boosted = new Set<string>();
  for (const name of names) {
    const paths = definers.all<{ path: string }>(name, LONG_QUERY.definedNameFiles + 1).map((r) => r.path);
    if (paths.length <= LONG_QUERY.definedNameFiles) for (const p of paths) boosted.add(p);
  }
  for (const p of boosted) raise(p, LONG_QUERY.definedName);
  return weight;
}
