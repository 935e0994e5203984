// Among copies of one definition, the original first. A bundle (`moment.js` beside the `src/` it was
// built from), a vendored copy or a generated build repeats a definition under the same name, kind and
// length; the path names no role when the bundle sits at the package root, so the path-based role
// prior (file-role.ts) cannot tell them apart and the shallower path won. The module that defines a
// few things is the original of the file that holds them all: copies are ordered by how many
// definitions their file holds, fewest first, and take the places the group already had. Measured on
// bench/definitions.mjs --set held-out (docs/search.md, "Copies").
import type { SqlConnection } from '../storage/driver.js';
import { statement } from '../storage/statements.js';
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

/** Reorders `hits` (already ranked) so that within each group of copies the smallest file comes first. */
export function originalsFirst<T extends Definition>(conn: SqlConnection, hits: T[]): T[] {
  const out = hits.slice();
  for (const { slots, ordered } of copyGroups(conn, hits)) slots.forEach((slot, j) => (out[slot] = ordered[j].hit));
  return out;
}

/**
 * The hits that are copies in a file holding more definitions than their group's original: what a
 * fused search weighs as generated output (a bundle's copy of a module's function).
 */
export function laterCopies<T extends Definition>(conn: SqlConnection, hits: T[]): Set<T> {
  const later = new Set<T>();
  for (const { ordered } of copyGroups(conn, hits)) for (const { hit, size } of ordered) if (size > ordered[0].size) later.add(hit);
  return later;
}

/**
 * Groups of copies (same name, container, kind and length, in more than one file of one role, and
 * the same score but for the path-depth tie-break: a test's copy or one the query's qualifiers
 * point away from stays where it was), each ordered fewest definitions first.
 */
function copyGroups<T extends Definition>(conn: SqlConnection, hits: T[]) {
  const groups = new Map<string, number[]>();
  hits.forEach((hit, i) => {
    const key = [Math.round(hit.score), fileRole(hit.path), hit.kind, hit.endLine - hit.startLine, hit.container ?? '', hit.name].join(
      '\u0000',
    );
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  const copies = [...groups.values()].filter((group) => group.length > 1 && new Set(group.map((i) => hits[i].path)).size > 1);
  if (copies.length === 0) return [];
  const count = statement(conn, `SELECT COUNT(*) AS n FROM symbols WHERE file_id = (SELECT id FROM files WHERE path = ?)`);
  const sizes = new Map<string, number>();
  const sizeOf = (path: string) => {
    let n = sizes.get(path);
    if (n === undefined) sizes.set(path, (n = count.get<{ n: number }>(path)?.n ?? 0));
    return n;
  };
  return copies.map((slots) => ({
    slots,
    ordered: slots.map((i) => ({ hit: hits[i], size: sizeOf(hits[i].path) })).sort((a, b) => a.size - b.size),
  }));
}
