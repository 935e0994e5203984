// Errors a user may see: each says which file, what went wrong and what to do. No raw SQLite text
// reaches a user; every SQLite failure is translated here.
import { sqliteCode } from './sqlite-codes.js';

export type IndexErrorCode =
  | 'NOT_AN_INDEX'
  | 'CORRUPT'
  | 'NEWER_SCHEMA'
  | 'BUSY'
  | 'DISK_FULL'
  | 'READ_ONLY'
  | 'CANNOT_OPEN'
  | 'IO'
  | 'NO_INDEX'
  | 'BAD_CONFIG'
  | 'BAD_ARGUMENT'
  | 'WORKER_DIED'
  | 'INTERNAL';

export class IndexError extends Error {
  constructor(
    readonly code: IndexErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'IndexError';
  }
}

/**
 * Whether `err` is an IndexError, from this bundle or another: `code-index serve` runs in a bundle
 * of its own (cli-serve.js) with its own copy of the class, so `instanceof` misses its errors.
 */
export function isIndexError(err: unknown): err is IndexError {
  return err instanceof Error && err.name === 'IndexError' && typeof (err as { code?: unknown }).code === 'string';
}

/** CODE_INDEX_TRACE=1 has the CLI say on stderr who answered, and the stack of an unexpected failure. */
export const TRACE_ENV = 'CODE_INDEX_TRACE';

/**
 * Turns any failure met while using the database at `dbPath` into an IndexError a user can act on.
 * With `dbPath` null (a failure whose file is not known where it is caught) the messages say "the index".
 */
export function toIndexError(err: unknown, dbPath: string | null): IndexError {
  if (isIndexError(err)) return err;
  const code = sqliteCode(err);
  // "The index <file>" when the file is known, "The index" alone when not (never "the index the index").
  const theIndex = dbPath === null ? 'the index' : `the index ${dbPath}`;
  const TheIndex = dbPath === null ? 'The index' : `The index ${dbPath}`;
  switch (code) {
    case 'SQLITE_NOTADB':
      return new IndexError(
        'NOT_AN_INDEX',
        `${dbPath ?? 'The index'} is not a Code Index database (not a SQLite file). Move it away, or run \`code-index check --repair\` to rebuild the index.`,
        err,
      );
    case 'SQLITE_CORRUPT':
      return new IndexError(
        'CORRUPT',
        `${TheIndex} is damaged. Run \`code-index check --repair\` to rebuild it (the damaged file is kept as a backup).`,
        err,
      );
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new IndexError(
        'BUSY',
        `${TheIndex} stayed locked by another process for too long. Try again; if it persists, look for a stuck code-index process.`,
        err,
      );
    case 'SQLITE_FULL':
      return new IndexError(
        'DISK_FULL',
        `The disk holding ${theIndex} is full. Free some space and run the command again; nothing already indexed was lost.`,
        err,
      );
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return new IndexError('READ_ONLY', `${TheIndex} cannot be written (read-only file or folder). Check its permissions.`, err);
    case 'SQLITE_CANTOPEN':
      return new IndexError('CANNOT_OPEN', `Cannot open ${theIndex}. Check that its folder exists and is writable.`, err);
    case 'SQLITE_IOERR':
      return new IndexError('IO', `A disk error occurred while using ${theIndex}. Check the disk and run \`code-index check\`.`, err);
    default: {
      const detail = err instanceof Error ? err.message : String(err);
      return new IndexError('INTERNAL', `Unexpected error while using ${theIndex}: ${detail}`, err);
    }
  }
}
