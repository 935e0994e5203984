// Who calls a definition, in two tiers: `resolved`, the calls whose file's syntax (its imports, its
// receiver `this`/`self`/`Foo`, its enclosing scopes) says they reach it; `name-only`, the calls of
// the same name that the index cannot place. Calls that provably reach another definition, or a
// package from outside the workspace, are left out and counted.
import type { SqlConnection } from '../storage/driver.js';
import { splitCaller } from '../common/caller-name.js';
import { statement } from '../storage/statements.js';
import { parseQualifiedName, qualifierMatch, scopeOf } from './qualified-name.js';
import { findDefinitions } from './symbol-details.js';
import { definitionKey, TargetResolver, type DefinitionRef } from './call-targets.js';

export type CallTier = 'resolved' | 'name-only';

export interface CallSite {
  path: string;
  line: number;
  col: number;
  /** The qualified name of the definition making the call, or null at a file's top level. */
  caller: string | null;
  tier: CallTier;
  /** For a resolved call, the definition it reaches. */
  target: DefinitionRef | null;
}

export interface CallersAnswer {
  sites: CallSite[];
  /** Calls of the name that reach another definition or an outside package: left out. */
  elsewhere: number;
  /** How many definitions the name (or qualified name) picked. */
  definitions: number;
}

interface CallRow {
  path: string;
  language: string;
  line: number;
  col: number;
  caller: string | null;
  callee: string;
  target_module: string | null;
  target_container: string | null;
  target_name: string | null;
}

/** The name a `callers` query looks up: the last piece of a qualified name, else the text itself. */
export function calledName(query: string): string {
  return parseQualifiedName(query)?.name ?? query.trim();
}

/** The definitions a query names, bare (every one of that name) or qualified (those its qualifiers point at). */
export function definitionsNamed(conn: SqlConnection, query: string): DefinitionRef[] {
  const seen = new Set<string>();
  const refs: DefinitionRef[] = [];
  for (const d of findDefinitions(conn, query)) {
    const ref = { path: d.path, container: d.container, name: d.name, line: d.startLine };
    if (seen.has(definitionKey(ref))) continue;
    seen.add(definitionKey(ref));
    refs.push(ref);
  }
  return refs;
}

/**
 * The call sites of `query` (`parse_args`, `ArgumentParser.parse_args`), resolved first, each group
 * in path order; a qualified query puts the name-only calls made from where its qualifiers point first.
 */
export function findCallers(conn: SqlConnection, query: string): CallersAnswer {
  const name = calledName(query);
  const definitions = definitionsNamed(conn, query);
  const answer = callersOf(conn, name, definitions, new TargetResolver(conn));
  const qualified = parseQualifiedName(query);
  if (qualified && qualified.qualifiers.length > 0) {
    const near = (s: CallSite) =>
      s.tier === 'resolved'
        ? 2
        : qualifierMatch(qualified.qualifiers, scopeOf(s.path, s.caller === null ? null : splitCaller(s.caller).container));
    answer.sites = answer.sites
      .map((site, i) => ({ site, i, score: near(site) }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .map((s) => s.site);
  }
  return answer;
}

/** The calls of `name` that reach one of `definitions` (resolved) or may (name-only). */
export function callersOf(conn: SqlConnection, name: string, definitions: DefinitionRef[], resolver: TargetResolver): CallersAnswer {
  const wanted = new Map(definitions.map((d) => [definitionKey(d), d]));
  const rows = statement(
    conn,
    `SELECT f.path, f.language, c.line, c.col, c.caller, c.callee, c.target_module, c.target_container, c.target_name
    FROM calls c JOIN files f ON f.id = c.file_id WHERE c.callee = ? OR c.target_name = ? ORDER BY f.path, c.line, c.col`,
  ).all<CallRow>(name, name);
  const resolved: CallSite[] = [];
  const nameOnly: CallSite[] = [];
  let elsewhere = 0;
  for (const row of rows) {
    const site: CallSite = { path: row.path, line: row.line, col: row.col, caller: row.caller, tier: 'name-only', target: null };
    // A name the index defines nowhere (a library's function): every call of it may be meant.
    if (row.target_name === null || wanted.size === 0) {
      if (row.callee === name) nameOnly.push(site);
      continue;
    }
    const target = { module: row.target_module, container: row.target_container, name: row.target_name };
    const reached = resolver.resolve(row.path, row.language, target);
    if (reached.kind === 'unknown') nameOnly.push(site);
    else if (reached.kind === 'definition' && wanted.has(definitionKey(reached.definition))) {
      resolved.push({ ...site, tier: 'resolved', target: wanted.get(definitionKey(reached.definition))! });
    } else elsewhere++;
  }
  return { sites: [...resolved, ...nameOnly], elsewhere, definitions: definitions.length };
}
