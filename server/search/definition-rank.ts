// Which of several same-named definitions a query means: the one in the project's code over its
// tests, examples, vendored and generated copies; a class or function over a variable that aliases
// it; the one whose module path or container the query spells out. Each signal and its weight was
// kept for what it measured in bench/definitions.mjs (docs/search.md, "Ranking").
import { SymbolKind } from '../common/extract-types.js';
import { fileRole, rolesAskedFor, type FileRole } from './file-role.js';
import { qualifierMatch, scopeOf, type QualifiedName } from './qualified-name.js';

/**
 * How much a chunk of each role weighs in a fused search, against 1 for code. A role the query asks
 * for by name (`test urlopen`) weighs 1.
 */
export const ROLE_WEIGHT: Readonly<Record<FileRole, number>> = {
  code: 1,
  declaration: 0.8,
  example: 0.5,
  prose: 0.5,
  test: 0.4,
  vendored: 0.4,
  generated: 0.4,
};

/**
 * In a fused search, the chunk of a definition named exactly as the query weighs this much more:
 * rank fusion keeps only ranks, and `add_handler` lost to `add_handlers`, second by name and first by
 * BM25 (bench/definitions.mjs, auto mode).
 */
export const EXACT_NAME_WEIGHT = 2;

/** Points (matchName's scale: 10 per bonus unit, 1000 per tier) that move a definition within its tier. */
const POINTS = {
  /** Times (1 - ROLE_WEIGHT): a test's exact match stays above any prefix match, below code's. */
  role: 20,
  /** A variable, constant, field or property: usually the alias or re-export of the real thing. */
  leafKind: -6,
  /** Times qualifierMatch: a name whose module or container the query spells out. */
  qualified: 40,
} as const;

const LEAF_KINDS: ReadonlySet<number> = new Set([
  SymbolKind.Variable,
  SymbolKind.Constant,
  SymbolKind.Field,
  SymbolKind.Property,
  SymbolKind.EnumMember,
]);

/** What a query brings to the ranking of definitions: its qualifiers and the roles it asks for. */
export interface DefinitionQuery {
  qualified: QualifiedName | null;
  asked: ReadonlySet<FileRole>;
}

export function definitionQuery(qualified: QualifiedName | null, query: string): DefinitionQuery {
  return { qualified, asked: rolesAskedFor(query) };
}

/** The weight of a chunk or definition in the file at `path` for this query. */
export function roleWeight(query: DefinitionQuery, path: string, language?: string): number {
  const role = fileRole(path, language);
  return query.asked.has(role) ? 1 : ROLE_WEIGHT[role];
}

/** Points added to a name match's score for where the definition is and what it is. */
export function definitionPoints(query: DefinitionQuery, def: { path: string; kind: number; container: string | null }): number {
  let points = -POINTS.role * (1 - roleWeight(query, def.path));
  if (LEAF_KINDS.has(def.kind)) points += POINTS.leafKind;
  if (query.qualified && query.qualified.qualifiers.length > 0)
    points += POINTS.qualified * qualifierMatch(query.qualified.qualifiers, scopeOf(def.path, def.container));
  return points;
}
