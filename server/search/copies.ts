// Among copies of one definition, the original first. A bundle (`moment.js` beside the `src/` it was
// built from), a vendored copy or a generated build repeats a definition under the same name, kind and
// length; the path names no role when the bundle sits at the package root, so the path-based role
// prior (file-role.ts) cannot tell them apart and the shallower path won. A bundle or a wrapper adds
// to the module it copies: copies are ordered by the size of their file, smallest first, and take the
// places the group already had. (Counting each file's definitions instead did as well and cost Ctrl+T
// a query per file, 30% of its time on 200,000 symbols; the size comes with the row.) Measured on
// bench/definitions.mjs --set held-out (docs/search.md, "Ranking").
import { fileRole } from './file-role.js';

interface Definition {
  name: string;
  kind: number;
  container: string | null;
  /** The name match's score with its points: only copies the points cannot tell apart are reordered. */
  score: number;
  path: string;
  startLine: number;
  endLine: number;
}

/** The size in bytes of the file a hit is in. */
export type FileSize<T> = (hit: T) => number;

/**
 * Reorders `hits` (already ranked) so that within each group of copies the smallest file comes first,
 * and names the copies in a larger file than their group's original: what a fused search weighs as
 * generated output (a bundle's copy of a module's function).
 */
export function originalsFirst<T extends Definition>(hits: T[], sizeOf: FileSize<T>): { hits: T[]; laterCopies: Set<T> } {
  const out = hits.slice();
  const laterCopies = new Set<T>();
  for (const { slots, ordered } of copyGroups(hits, sizeOf)) {
    slots.forEach((slot, j) => (out[slot] = ordered[j].hit));
    for (const { hit, size } of ordered) if (size > ordered[0].size) laterCopies.add(hit);
  }
  return { hits: out, laterCopies };
}

/**
 * Groups of copies (same name, container, kind and length, in more than one file of one role, and
 * the same score but for the path-depth tie-break: a test's copy or one the query's qualifiers
 * point away from stays where it was), each ordered smallest file first.
 */
function copyGroups<T extends Definition>(hits: T[], sizeOf: FileSize<T>) {
  // Ctrl+T runs this on every keystroke: group by the cheap fields, read roles only inside a group.
  const groups = new Map<string, number[]>();
  hits.forEach((hit, i) => {
    const key = `${Math.round(hit.score)}\u0000${hit.kind}\u0000${hit.endLine - hit.startLine}\u0000${hit.container ?? ''}\u0000${hit.name}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const copies: number[][] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const byRole = new Map<string, number[]>();
    for (const i of group) {
      const role = fileRole(hits[i].path);
      const same = byRole.get(role);
      if (same) same.push(i);
      else byRole.set(role, [i]);
    }
    for (const same of byRole.values()) if (same.length > 1 && new Set(same.map((i) => hits[i].path)).size > 1) copies.push(same);
  }
  return copies.map((slots) => ({
    slots,
    ordered: slots.map((i) => ({ hit: hits[i], size: sizeOf(hits[i]) })).sort((a, b) => a.size - b.size),
  }));
}
