// A name as people write it when they mean one definition among many of that name: `json.dumps`
// (module path), `ArgumentParser.parse_args` (container), `std::vector`, `Foo#bar`, `foo.bar()` (call
// syntax). The last piece is the name looked up; the pieces before it narrow which one.

export interface QualifiedName {
  name: string;
  /** The pieces before the name, outermost first (`['urllib', 'request']` for `urllib.request.urlopen`). */
  qualifiers: string[];
}

const SEPARATOR = /::|->|[.#\\/]/;
const IDENTIFIER = /^[\p{L}_$][\p{L}\p{N}_$]*$/u;

/** The name and its qualifiers, or null when `query` is not one (possibly qualified) identifier. */
export function parseQualifiedName(query: string): QualifiedName | null {
  const text = query.trim().replace(/\(\s*\)$/, '');
  if (!text || /\s/.test(text)) return null;
  const pieces = text.split(SEPARATOR);
  if (!pieces.every((p) => IDENTIFIER.test(p))) return null;
  return { name: pieces[pieces.length - 1], qualifiers: pieces.slice(0, -1) };
}

/** File-name parts that say nothing about the module (`pkg/__init__.py` is module `pkg`). */
const ANONYMOUS_FILES = new Set(['__init__', '__main__', 'index', 'mod', 'lib', 'main']);

/** Where a definition sits: its file's module path, then its containers (`['argparse', 'ArgumentParser']`). */
export function scopeOf(path: string, container: string | null): string[] {
  const parts = path
    .replace(/\.[^./]+$/, '')
    .replace(/\.d$/, '')
    .split('/');
  if (ANONYMOUS_FILES.has(parts[parts.length - 1])) parts.pop();
  return [...parts, ...(container ? container.split(SEPARATOR) : [])].filter((p) => p.length > 0);
}

/**
 * How well `qualifiers` describe `scope`, from 0 (not at all) to 1: each qualifier found, in order,
 * among the scope's pieces (case-insensitive, as `Response.cookie` names `lib/response.js`), with the
 * last qualifier right next to the name scoring highest.
 */
export function qualifierMatch(qualifiers: readonly string[], scope: readonly string[]): number {
  if (qualifiers.length === 0) return 0;
  const lower = scope.map((s) => s.toLowerCase());
  let at = lower.length;
  let found = 0;
  // From the innermost qualifier outwards, each one further out in the scope.
  for (let i = qualifiers.length - 1; i >= 0; i--) {
    const q = qualifiers[i].toLowerCase();
    const j = at > 0 ? lower.lastIndexOf(q, at - 1) : -1;
    if (j < 0) continue;
    if (i === qualifiers.length - 1 && j === lower.length - 1) found += 0.5;
    found++;
    at = j;
  }
  return found / (qualifiers.length + 0.5);
}
