// The index's schema and its migrations: the one place that knows table layouts and the version.
// Lines are stored 1-based and inclusive, columns 0-based UTF-16 offsets (as LSP counts them).
import type { SqlConnection } from './driver.js';
import { statement } from './statements.js';
import { SKETCH_BITS } from './sketch.js';
import { encodeVector, storedVector } from './vector-codec.js';

/** Bump with a new entry in MIGRATIONS; `PRAGMA user_version` records what a file holds. */
export const SCHEMA_VERSION = 7;
/** `PRAGMA application_id` of our files ('CIDX'), so a foreign SQLite file is recognised. */
export const APPLICATION_ID = 0x43494458;

/** FTS5 columns and their BM25 weights: a hit in a definition's name counts most, then the path. */
export const FTS_COLUMNS = ['name', 'path', 'body'] as const;
export const FTS_TABLE = 'chunks_fts';
export const FTS_WEIGHTS = [6, 2, 1] as const;

const V1 = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL UNIQUE,
  size INTEGER NOT NULL,
  mtime_ms INTEGER NOT NULL,
  hash TEXT NOT NULL,
  language TEXT NOT NULL,
  indexed_at INTEGER NOT NULL,
  parse_errors INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE chunks (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  start_line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  hash TEXT NOT NULL,
  text TEXT NOT NULL,
  symbol TEXT,
  kind INTEGER
);
CREATE INDEX chunks_file ON chunks(file_id);
CREATE INDEX chunks_hash ON chunks(hash);

-- Contentless: the words (identifiers split into parts) are indexed, the text lives in chunks.
CREATE VIRTUAL TABLE chunks_fts USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content = '', contentless_delete = 1,
  tokenize = 'porter unicode61 remove_diacritics 2'
);

-- AUTOINCREMENT: ids are never reused, so a reader's in-memory name list can load only new rows.
CREATE TABLE symbols (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  kind INTEGER NOT NULL,
  container TEXT,
  start_line INTEGER NOT NULL, start_col INTEGER NOT NULL,
  end_line INTEGER NOT NULL, end_col INTEGER NOT NULL,
  name_line INTEGER NOT NULL, name_col INTEGER NOT NULL,
  name_end_line INTEGER NOT NULL, name_end_col INTEGER NOT NULL,
  signature TEXT NOT NULL,
  doc TEXT
);
CREATE INDEX symbols_file ON symbols(file_id);
CREATE INDEX symbols_name ON symbols(name COLLATE NOCASE);

CREATE TABLE calls (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  callee TEXT NOT NULL,
  caller TEXT,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL
);
CREATE INDEX calls_file ON calls(file_id);
CREATE INDEX calls_callee ON calls(callee);

CREATE TABLE imports (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  module TEXT NOT NULL,
  names TEXT NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL
);
CREATE INDEX imports_file ON imports(file_id);

CREATE TABLE exports (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL
);
CREATE INDEX exports_file ON exports(file_id);

-- One row per embedded content hash; its id is the rowid of its sketch in the vec0 table, which
-- the embedder creates once it knows the model (no FOREIGN KEY may point at vec0). Version 2 adds
-- the full vector (float32 blob).
CREATE TABLE embeddings (
  id INTEGER PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE
);

-- Which embedder process is working on a hash, until when: two embedders never embed the same
-- content, and a killed one's claims lapse so another picks its work up.
CREATE TABLE embed_claims (
  hash TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
`;

// Version 2: each embedding row keeps its full vector, and sqlite-vec holds 512-bit sketches of them
// (SKETCH_TABLE) instead of the full float vectors, which made every query scan 100 MB. The old
// vectors are dropped: the embedder embeds again (builtin: seconds; a remote model: as at first).
const V2 = `
DROP TABLE IF EXISTS vectors;
DELETE FROM embeddings;
DELETE FROM embed_claims;
DELETE FROM meta WHERE key LIKE 'embedding.%';
ALTER TABLE embeddings ADD COLUMN vector BLOB;
`;

// Version 3: what indexing had to say about each file, kept so that it can be listed at any time
// (`code-index status --verbose`), not only by the run that read the file. A file's warnings are
// replaced with its rows. Paths left out entirely (binary, too large, unreadable; reason 'walk' for
// what the walk could not enter) have no `files` row, so their message is kept by path. A version 2
// index knows no warnings of the files it holds: each file is stamped as changed (mtime -1, no hash),
// so the next pass reads and extracts it once more; its vectors stay, keyed by content hash.
const V3 = `
CREATE TABLE file_warnings (
  id INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL REFERENCES files(id) ON DELETE CASCADE,
  message TEXT NOT NULL
);
CREATE INDEX file_warnings_file ON file_warnings(file_id);

CREATE TABLE skipped_files (
  path TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  message TEXT NOT NULL,
  skipped_at INTEGER NOT NULL
) WITHOUT ROWID;

UPDATE files SET mtime_ms = -1, hash = '';
`;

// Version 4: how each file's parse went, so that `status` can list the files whose definitions may
// be incomplete: the line of the first syntax error (with parse_errors), and parse_skip, why a file
// was not parsed whole (ParseSkip: 'too-long', 'deadline', 'minified'), or NULL. Only the files that
// can have either are read again once: those with errors, and those of at least 64,000 bytes (no
// smaller file is long enough to be skipped: MINIFIED_MIN_CHARS, 64,000 UTF-16 units, when this
// was written); the files too long to parse also gain their definitions then.
const V4 = `
ALTER TABLE files ADD COLUMN parse_error_line INTEGER;
ALTER TABLE files ADD COLUMN parse_skip TEXT;
UPDATE files SET mtime_ms = -1, hash = '' WHERE parse_errors > 0 OR size >= 64000;
`;

// Version 5: one row per distinct definition name with how many definitions carry it, which is what
// Ctrl+T, `symbols` and the hybrid name signal search (search/symbol-names.ts) instead of every
// reader loading every name. Triggers on `symbols` keep it, so every writer (the indexer, a file's
// cascade delete, repair) updates it in the transaction that changes the symbols, whichever
// process that is. `lower` is SQLite's lower(), which folds ASCII only: a name with any character
// outside printable ASCII is marked `wide` and matched in JavaScript (toLowerCase), as before.
// The triggers find a row by `name` alone, so a build whose lower() folds more cannot unbalance it.
const V5 = `
CREATE TABLE symbol_names (
  name TEXT PRIMARY KEY,
  lower TEXT NOT NULL,
  refs INTEGER NOT NULL,
  wide INTEGER NOT NULL
) WITHOUT ROWID;
-- Covers a prefix range: a range that had to read each row from the table took ten times as long.
CREATE INDEX symbol_names_lower ON symbol_names(lower, wide, refs);
CREATE INDEX symbol_names_wide ON symbol_names(wide) WHERE wide;
CREATE TRIGGER symbols_name_added AFTER INSERT ON symbols BEGIN
  INSERT INTO symbol_names (name, lower, refs, wide) VALUES (NEW.name, lower(NEW.name), 1, NEW.name GLOB '*[^ -~]*')
  ON CONFLICT (name) DO UPDATE SET refs = refs + 1;
END;
CREATE TRIGGER symbols_name_removed AFTER DELETE ON symbols BEGIN
  UPDATE symbol_names SET refs = refs - 1 WHERE name = OLD.name;
  DELETE FROM symbol_names WHERE name = OLD.name AND refs <= 0;
END;
-- No writer renames a symbol in place (a file's rows are deleted and inserted anew), but one that did
-- must not leave the names behind.
CREATE TRIGGER symbols_name_changed AFTER UPDATE OF name ON symbols BEGIN
  UPDATE symbol_names SET refs = refs - 1 WHERE name = OLD.name;
  DELETE FROM symbol_names WHERE name = OLD.name AND refs <= 0;
  INSERT INTO symbol_names (name, lower, refs, wide) VALUES (NEW.name, lower(NEW.name), 1, NEW.name GLOB '*[^ -~]*')
  ON CONFLICT (name) DO UPDATE SET refs = refs + 1;
END;
INSERT INTO symbol_names (name, lower, refs, wide)
  SELECT name, lower(name), count(*), name GLOB '*[^ -~]*' FROM symbols GROUP BY name;
`;

// Version 6: full vectors are kept as int8 scaled by their own largest entry (vector-codec.ts), 512
// bytes instead of 2,048 for the builtin, which made a row fill a 4 KB page on its own (~4.1 KB a
// vector; now ~640 B). The float32 vectors are converted in place, so no model embeds again. In
// JavaScript: the same in SQL (sqlite-vec's vec_each and vec_int8) took 15 s for 48,857 vectors.
function v6(conn: SqlConnection): void {
  const dims = Number(statement(conn, "SELECT value FROM meta WHERE key = 'embedding.dimensions'").get<{ value: string }>()?.value);
  if (!(dims > 0)) return; // no model, so no vectors
  const page = statement(conn, 'SELECT id, vector FROM embeddings WHERE id > ? AND vector IS NOT NULL ORDER BY id LIMIT 1000');
  const update = statement(conn, 'UPDATE embeddings SET vector = ? WHERE id = ?');
  for (let after = 0; ;) {
    const rows = page.all<{ id: number; vector: unknown }>(after);
    if (rows.length === 0) break;
    for (const row of rows) {
      const stored = storedVector(row.vector, dims);
      // A blob of neither size was already unusable and stays as it was (`check` reports it).
      if (stored instanceof Float32Array) update.run(encodeVector(stored), row.id);
    }
    after = rows[rows.length - 1].id;
  }
}

// Version 7: what each call is made on and where the file's syntax says it goes (CallTarget in
// common/extract-types.ts), so that `callers` can tell the calls that provably reach a definition
// from those that only share its name; caller_name, the last piece of caller, so `callees` looks a
// bare name up by index instead of a LIKE scan. Imports keep the names they bind and whether they
// re-export (`export { a } from './x'`), which a call through a barrel file is followed along. Every
// file is read once more to fill them in; vectors stay, keyed by content hash.
const V7 = `
ALTER TABLE calls ADD COLUMN caller_name TEXT;
ALTER TABLE calls ADD COLUMN qualifier TEXT;
ALTER TABLE calls ADD COLUMN target_module TEXT;
ALTER TABLE calls ADD COLUMN target_container TEXT;
ALTER TABLE calls ADD COLUMN target_name TEXT;
CREATE INDEX calls_caller_name ON calls(caller_name);
CREATE INDEX calls_target_name ON calls(target_name);
ALTER TABLE imports ADD COLUMN bindings TEXT;
ALTER TABLE imports ADD COLUMN reexport INTEGER NOT NULL DEFAULT 0;
UPDATE files SET mtime_ms = -1, hash = '';
`;

/** What `skipped_files.reason` holds for a path the walk could not enter or stat. */
export const WALK_SKIP = 'walk';

/** MIGRATIONS[n] takes a database from user_version n to n + 1: SQL, or code where SQL is too slow. */
const MIGRATIONS: ReadonlyArray<string | ((conn: SqlConnection) => void)> = [V1, V2, V3, V4, V5, v6, V7];

/** The vec0 table holding the sketch of each row of `embeddings` (same rowid), for the first pass. */
export const SKETCH_TABLE = 'vector_sketches';

export function hasSketchTable(conn: SqlConnection): boolean {
  return statement(conn, 'SELECT 1 AS n FROM sqlite_master WHERE name = ?').get(SKETCH_TABLE) !== undefined;
}

export function sketchTableSql(): string {
  return `CREATE VIRTUAL TABLE IF NOT EXISTS ${SKETCH_TABLE} USING vec0(sketch bit[${SKETCH_BITS}])`;
}

/** Applies the migrations from `from` up to SCHEMA_VERSION; the caller holds a write transaction. */
export function migrate(conn: SqlConnection, from: number): void {
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (typeof step === 'string') conn.exec(step);
    else step(conn);
  }
  conn.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
  conn.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
}
