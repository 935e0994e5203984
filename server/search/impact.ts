// What a change to a definition may reach: who calls it, who calls those, and so on, breadth first
// to a bounded depth and count. Only resolved calls are followed unless asked for name-only ones too:
// a name-only edge is a guess, and guesses multiply with every level.
import type { SqlConnection } from '../storage/driver.js';
import { splitCaller } from '../common/caller-name.js';
import { callersOf, definitionsNamed, type CallTier } from './callers.js';
import { definitionKey, TargetResolver, type DefinitionRef } from './call-targets.js';

export const IMPACT_DEFAULT_DEPTH = 3;
export const IMPACT_MAX_DEPTH = 6;
export const IMPACT_DEFAULT_MAX = 200;
export const IMPACT_MAX_MAX = 2000;

export interface ImpactOptions {
  depth: number;
  /** The most callers listed; the walk stops there and says it was cut. */
  max: number;
  /** Follow name-only calls too. */
  nameOnly: boolean;
}

export interface ImpactEntry {
  /** 1 for a direct caller, 2 for its callers, ... */
  depth: number;
  /** The calling definition's qualified name, or null for a file's top level. */
  caller: string | null;
  path: string;
  /** Where the calling definition starts (for the top level, the call's line). */
  line: number;
  /** The qualified name of the definition it calls. */
  calls: string;
  /** Where it calls it. */
  callLine: number;
  tier: CallTier;
}

export interface ImpactAnswer {
  definitions: number;
  entries: ImpactEntry[];
  /** True when `max` stopped the walk before `depth` did. */
  cut: boolean;
}

export function findImpact(conn: SqlConnection, query: string, options: ImpactOptions): ImpactAnswer {
  const resolver = new TargetResolver(conn);
  const start = definitionsNamed(conn, query);
  const seen = new Set(start.map(definitionKey));
  const entries: ImpactEntry[] = [];
  let frontier = start;
  for (let depth = 1; depth <= options.depth && frontier.length > 0; depth++) {
    const next: DefinitionRef[] = [];
    for (const [name, definitions] of byName(frontier)) {
      for (const site of callersOf(conn, name, definitions, resolver).sites) {
        if (site.tier !== 'resolved' && !options.nameOnly) continue;
        const callee = site.target ?? definitions[0];
        const caller = site.caller === null ? null : callerDefinition(resolver, site.path, site.caller);
        const key = caller === null ? `${site.path}\n(top level)\n${site.line}` : definitionKey(caller);
        if (seen.has(key)) continue;
        seen.add(key);
        if (entries.length >= options.max) return { definitions: start.length, entries, cut: true };
        entries.push({
          depth,
          caller: site.caller,
          path: site.path,
          line: caller?.line ?? site.line,
          calls: qualifiedName(callee),
          callLine: site.line,
          tier: site.tier,
        });
        if (caller !== null) next.push(caller);
      }
    }
    frontier = next;
  }
  return { definitions: start.length, entries, cut: false };
}

function byName(definitions: DefinitionRef[]): Map<string, DefinitionRef[]> {
  const groups = new Map<string, DefinitionRef[]>();
  for (const d of definitions) {
    const group = groups.get(d.name);
    if (group === undefined) groups.set(d.name, [d]);
    else group.push(d);
  }
  return groups;
}

/** The definition a call site's caller names (`Store.save` in src/store.ts). */
function callerDefinition(resolver: TargetResolver, path: string, caller: string): DefinitionRef {
  const { container, name } = splitCaller(caller);
  return resolver.definitionAt(path, container, name) ?? { path, container, name, line: 0 };
}

function qualifiedName(d: DefinitionRef): string {
  return d.container === null ? d.name : `${d.container}.${d.name}`;
}
