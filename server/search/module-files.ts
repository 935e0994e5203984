// Which indexed file an import's module specifier names, as the language finds it: `./util` from
// src/a.ts is src/util.ts (or .tsx, .js, util/index.ts, ...), `.helpers` from pkg/app.py is
// pkg/helpers.py. A specifier that names no indexed file is a package from outside (`fs`, `os`).
import { posix } from 'node:path';
import type { SqlConnection } from '../storage/driver.js';
import { escapeLike, statement } from '../storage/statements.js';

/** The file a specifier names; `external` when it names none of the workspace's files. */
export type ModuleFile = string | 'external';

const ECMASCRIPT = new Set(['typescript', 'tsx', 'javascript']);
/** What `./x` may be on disk, in the order TypeScript's and Node's resolution try them. */
const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];
/** `./x.js` written in TypeScript sources names ./x.ts. */
const EMITTED_EXTENSION = /\.(m|c)?jsx?$/;

export class ModuleFiles {
  private readonly cache = new Map<string, ModuleFile>();

  constructor(private readonly conn: SqlConnection) {}

  resolve(fromPath: string, language: string, specifier: string): ModuleFile {
    const key = `${language}\n${posix.dirname(fromPath)}\n${specifier}`;
    let found = this.cache.get(key);
    if (found === undefined) {
      found = this.find(fromPath, language, specifier);
      this.cache.set(key, found);
    }
    return found;
  }

  private find(fromPath: string, language: string, specifier: string): ModuleFile {
    if (ECMASCRIPT.has(language)) return this.scriptModule(fromPath, specifier);
    if (language === 'python') return this.pythonModule(fromPath, specifier);
    return 'external';
  }

  /** A relative specifier from the importing file's folder; a bare one from the root (baseUrl), else a package. */
  private scriptModule(fromPath: string, specifier: string): ModuleFile {
    const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
    const base = relative ? posix.normalize(posix.join(posix.dirname(fromPath), specifier)) : specifier;
    if (base.startsWith('../') || base === '..') return 'external';
    const stem = base.replace(/\/$/, '');
    const candidates = [stem, ...SCRIPT_EXTENSIONS.map((e) => stem + e), ...SCRIPT_EXTENSIONS.map((e) => `${stem}/index${e}`)];
    if (EMITTED_EXTENSION.test(stem)) {
      const bare = stem.replace(EMITTED_EXTENSION, '');
      candidates.unshift(`${bare}.ts`, `${bare}.tsx`, `${bare}.mts`, `${bare}.cts`);
    }
    return candidates.find((path) => this.isFile(path)) ?? 'external';
  }

  /** `.x`/`..x` from the importing file's package; `a.b` from any folder that holds a/b.py (the nearest wins). */
  private pythonModule(fromPath: string, specifier: string): ModuleFile {
    const dots = /^\.*/.exec(specifier)![0].length;
    const rest = specifier.slice(dots).split('.').filter(Boolean).join('/');
    if (dots > 0) {
      let dir = posix.dirname(fromPath);
      for (let i = 1; i < dots; i++) dir = posix.dirname(dir);
      const base = rest === '' ? dir : posix.join(dir, rest);
      const found = [`${base}.py`, `${base}/__init__.py`].map((p) => p.replace(/^\.\//, '')).find((p) => this.isFile(p));
      return found ?? 'external';
    }
    const hits = statement(
      this.conn,
      `SELECT path FROM files WHERE path IN (?, ?) OR path LIKE ? ESCAPE '\\' OR path LIKE ? ESCAPE '\\'`,
    ).all<{ path: string }>(`${rest}.py`, `${rest}/__init__.py`, `%/${escapeLike(rest)}.py`, `%/${escapeLike(rest)}/__init__.py`);
    if (hits.length === 0) return 'external';
    return hits.map((h) => h.path).sort((a, b) => sharedPrefix(b, fromPath) - sharedPrefix(a, fromPath) || a.length - b.length)[0];
  }

  private isFile(path: string): boolean {
    return statement(this.conn, 'SELECT 1 AS one FROM files WHERE path = ?').get(path) !== undefined;
  }
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
