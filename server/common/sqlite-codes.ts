// SQLite's result codes as both drivers report them, named: what errors and retries decide on.

/**
 * The SQLite result-code name of an error from either driver (`SQLITE_BUSY`, `SQLITE_CORRUPT`, ...),
 * extended codes folded to their primary, or undefined when the error is not SQLite's.
 */
export function sqliteCode(err: unknown): string | undefined {
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { code?: unknown; errcode?: unknown; errstr?: unknown; message?: unknown };
  if (typeof e.code === 'string' && e.code.startsWith('SQLITE_')) {
    const m = /^SQLITE_[A-Z]+/.exec(e.code);
    return m ? m[0] : e.code;
  }
  if (typeof e.errcode === 'number') return PRIMARY_CODES[e.errcode & 0xff];
  return undefined;
}

const PRIMARY_CODES: Record<number, string> = {
  1: 'SQLITE_ERROR',
  2: 'SQLITE_INTERNAL',
  3: 'SQLITE_PERM',
  4: 'SQLITE_ABORT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
  10: 'SQLITE_IOERR',
  11: 'SQLITE_CORRUPT',
  12: 'SQLITE_NOTFOUND',
  13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN',
  15: 'SQLITE_PROTOCOL',
  17: 'SQLITE_SCHEMA',
  18: 'SQLITE_TOOBIG',
  19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH',
  21: 'SQLITE_MISUSE',
  23: 'SQLITE_AUTH',
  26: 'SQLITE_NOTADB',
};
