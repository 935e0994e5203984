// A long-lived reader's compact copy of the distinct definition names (the symbol_names table): two
// flat strings and two typed arrays instead of millions of JS strings, scanned for the subsequence and
// substring matches the table's index cannot answer (symbol-names.ts does the rest in SQL).
import type { SqlConnection } from '../storage/driver.js';
import { dataVersion, statement } from '../storage/statements.js';

/**
 * A list that went stale is reloaded at most this often; in between, a query is answered from the
 * table (the same answer, a scan in SQL), so a keystroke during indexing does not pay a reload per commit.
 */
const RELOAD_AFTER_MS = 2_000;

export interface NameList {
  /** Every name outside `wide` (printable ASCII only), each followed by '\n'. */
  readonly names: string;
  /** Where each name starts in `names`; one more entry, the end. */
  readonly starts: Int32Array;
  /** Which character classes each name holds, case folded (maskOf): most names fail a query on this alone. */
  readonly masks: Uint32Array;
  readonly dataVersion: number;
  readonly loadedAt: number;
}

const held = new WeakMap<SqlConnection, NameList | null>();

/** Makes `conn` keep a NameList: for a connection that answers many queries (a server's reader). */
export function holdNameList(conn: SqlConnection): void {
  if (!held.has(conn)) held.set(conn, null);
}

/**
 * The connection's list, loaded or brought up to date if it holds one and that is worth it now; null
 * when the caller should scan the table instead. A query passes `mayReload` false: a stale list is
 * then reloaded only once RELOAD_AFTER_MS have passed since the last load; warming reloads at once.
 */
export function nameList(conn: SqlConnection, mayReload: boolean): NameList | null {
  if (!held.has(conn)) return null;
  const list = held.get(conn) ?? null;
  const version = dataVersion(conn);
  if (list && list.dataVersion === version) return list;
  if (list && !mayReload && Date.now() - list.loadedAt < RELOAD_AFTER_MS) return null;
  const fresh = loadNameList(conn, version);
  held.set(conn, fresh);
  return fresh;
}

function loadNameList(conn: SqlConnection, version: number): NameList {
  // One string built by SQLite: a row per name would cost an object and a string each.
  const row = statement(conn, 'SELECT group_concat(name, char(10)) AS names, count(*) AS n FROM symbol_names WHERE NOT wide').get<{
    names: string | null;
    n: number;
  }>();
  const names = row?.names ? `${row.names}\n` : '';
  const count = row?.n ?? 0;
  const starts = new Int32Array(count + 1);
  const masks = new Uint32Array(count);
  let at = 0;
  for (let k = 0; k < count; k++) {
    starts[k] = at;
    let mask = 0;
    let c = names.charCodeAt(at);
    while (c !== NEWLINE) {
      mask |= bitOf(fold(c));
      c = names.charCodeAt(++at);
    }
    masks[k] = mask;
    at++;
  }
  starts[count] = at;
  return { names, starts, masks, dataVersion: version, loadedAt: Date.now() };
}

const NEWLINE = 10;

/** ASCII lowercase of a character code: the list holds printable ASCII only, so this is toLowerCase. */
function fold(c: number): number {
  return c >= 65 && c <= 90 ? c | 32 : c;
}

/** One bit per letter, one per digit pair, one for `_`, one for everything else. */
function bitOf(c: number): number {
  if (c >= 97 && c <= 122) return 1 << (c - 97);
  if (c >= 48 && c <= 57) return 1 << (26 + ((c - 48) >> 1));
  return 1 << 31; // `_` and anything else: a coarse bit still only filters out
}

export function maskOf(lowerQuery: string): number {
  let mask = 0;
  for (let i = 0; i < lowerQuery.length; i++) mask |= bitOf(lowerQuery.charCodeAt(i));
  return mask >>> 0;
}

/** Names whose lowercase form holds `q` (lowercase) as a subsequence, prefixes included. */
export function subsequenceNames(list: NameList, q: string): string[] {
  const { names, starts, masks } = list;
  if (!isAscii(q)) return []; // no ASCII name lowercases to a non-ASCII character
  const qMask = maskOf(q);
  const out: string[] = [];
  for (let k = 0; k < masks.length; k++) {
    if ((masks[k] & qMask) >>> 0 !== qMask) continue;
    const end = starts[k + 1] - 1;
    let j = 0;
    for (let i = starts[k]; i < end && j < q.length; i++) if (fold(names.charCodeAt(i)) === q.charCodeAt(j)) j++;
    if (j === q.length) out.push(names.slice(starts[k], end));
  }
  return out;
}

/**
 * Names whose lowercase form contains `q` (lowercase): one case-insensitive regular expression over
 * the whole list, which with an ASCII pattern on ASCII text folds exactly as toLowerCase does.
 */
export function namesContaining(list: NameList, q: string): string[] {
  const { names, starts } = list;
  if (!isAscii(q) || q.includes('\n')) return [];
  const pattern = new RegExp(q.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'), 'gi');
  const out: string[] = [];
  for (let m = pattern.exec(names); m; m = pattern.exec(names)) {
    const k = entryAt(starts, m.index);
    const end = starts[k + 1] - 1;
    out.push(names.slice(starts[k], end));
    pattern.lastIndex = end + 1;
  }
  return out;
}

function isAscii(q: string): boolean {
  for (let i = 0; i < q.length; i++) if (q.charCodeAt(i) > 127) return false;
  return true;
}

/** The entry whose text holds offset `at`: the last start at or before it. */
function entryAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
