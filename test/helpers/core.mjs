// The built core and the native libraries, loaded the way the CLI loads them, for tests that drive
// the storage and indexer code in-process.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild } from './fresh-build.mjs';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The bundles under test: dist/, or CODE_INDEX_DIST (a copy of dist/ beside a node_modules link) to test a fixed build. */
const DIST = process.env.CODE_INDEX_DIST ? resolve(process.env.CODE_INDEX_DIST) : join(REPO_ROOT, 'dist');
export const CLI_PATH = join(DIST, 'cli.js');
const CORE_PATH = join(DIST, 'core.js');

if (!process.env.CODE_INDEX_DIST) freshBuild();
if (!existsSync(CORE_PATH) || !existsSync(CLI_PATH)) {
  throw new Error(`The tests run against the bundles in ${DIST}: run \`npm run build\` first.`);
}

const require = createRequire(join(REPO_ROOT, 'package.json'));

/** dist/core.js: storage, indexer, search, config. */
export const core = require(CORE_PATH);
/**
 * A plain SQLite connection, to read or damage an index file directly, as another program would.
 * It speaks the few better-sqlite3 calls the tests use, on the driver the process chose
 * (dist/core.js chooseDriver), so the same tests run on better-sqlite3 and on node:sqlite (Node 22).
 */
export class Database {
  constructor(path, { readonly = false, fileMustExist = false } = {}) {
    this.conn = core.chooseDriver().driver.open(path, { readonly, mustExist: fileMustExist });
    this.conn.exec('PRAGMA busy_timeout = 5000'); // better-sqlite3's default
    this.open = true;
  }
  exec(sql) {
    this.conn.exec(sql);
    return this;
  }
  prepare(sql) {
    const stmt = this.conn.prepare(sql);
    return { run: stmt.run, get: stmt.get, all: stmt.all, raw: () => ({ all: (...p) => stmt.all(...p).map(Object.values) }) };
  }
  /** `pragma('x = 1')` sets; `pragma('x')` gives the rows, `pragma('x', { simple: true })` the first value. */
  pragma(source, { simple = false } = {}) {
    if (source.includes('=')) return void this.conn.exec(`PRAGMA ${source}`);
    const rows = this.conn.prepare(`PRAGMA ${source}`).all();
    return simple ? Object.values(rows[0] ?? {})[0] : rows;
  }
  loadExtension(path) {
    this.conn.loadExtension(path);
  }
  close() {
    this.conn.close();
    this.open = false;
  }
}
/** sqlite-vec, to create and fill the vector table the embedder would. */
export const sqliteVec = require('sqlite-vec');

/** A reporter that keeps what the core reports, for assertions. */
export function collectingReporter() {
  const reporter = {
    warnings: [],
    progress() {},
    warn(message) {
      reporter.warnings.push(message);
    },
  };
  return reporter;
}
