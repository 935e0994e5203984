// Turns a call's stored target (a module specifier, a container and a name, as the parser read them
// from the calling file) into the definition it reaches: the module resolved to an indexed file,
// then the definition looked up there, following re-exports (`export { a } from './x'`, `export *`).
import type { SqlConnection } from '../storage/driver.js';
import { SymbolKind } from '../common/extract-types.js';
import { statement } from '../storage/statements.js';
import { ModuleFiles } from './module-files.js';

/** One definition, as calls name it: its file, container (qualified, or null) and name. */
export interface DefinitionRef {
  path: string;
  container: string | null;
  name: string;
  /** Its first line (the first of overloads that share the name). */
  line: number;
}

/**
 * What a stored target reaches: a definition of the index; `external`, a module from outside the
 * workspace (so not any definition of it); or `unknown`, when the index cannot say (an inherited
 * method, a default export it cannot name, a module that defines no such name).
 */
export type Reached = { kind: 'definition'; definition: DefinitionRef } | { kind: 'external'; module: string } | { kind: 'unknown' };

export interface StoredTarget {
  module: string | null;
  container: string | null;
  name: string;
}

/** How many re-exports are followed from one file to the next before giving up. */
const MAX_REEXPORT_HOPS = 5;

export class TargetResolver {
  private readonly modules: ModuleFiles;
  private readonly reached = new Map<string, Reached>();
  private readonly fileIds = new Map<string, number | null>();

  constructor(private readonly conn: SqlConnection) {
    this.modules = new ModuleFiles(conn);
  }

  resolve(fromPath: string, language: string, target: StoredTarget): Reached {
    const key = `${fromPath}\n${target.module ?? ''}\n${target.container ?? ''}\n${target.name}`;
    let found = this.reached.get(key);
    if (found === undefined) {
      found = this.find(fromPath, language, target);
      this.reached.set(key, found);
    }
    return found;
  }

  /** The definition `name` in `container` of the file at `path`, or null when the index has none. */
  definitionAt(path: string, container: string | null, name: string): DefinitionRef | null {
    const fileId = this.fileId(path);
    return fileId === null ? null : this.definitionIn(fileId, path, container, name);
  }

  /** The id of the indexed file at `path`, or null; kept, since every call of a file asks again. */
  private fileId(path: string): number | null {
    let id = this.fileIds.get(path);
    if (id === undefined) {
      id = statement(this.conn, 'SELECT id FROM files WHERE path = ?').get<{ id: number }>(path)?.id ?? null;
      this.fileIds.set(path, id);
    }
    return id;
  }

  private find(fromPath: string, language: string, target: StoredTarget): Reached {
    if (target.module === null) return this.inFile(fromPath, language, target.container, target.name, 0);
    const file = this.modules.resolve(fromPath, language, target.module);
    if (file === 'external') return { kind: 'external', module: target.module };
    const found = this.inFile(file, language, target.container, target.name, 0);
    // Python `from . import helpers; helpers.f()`: helpers may be a module of the package, not a name in it.
    if (found.kind === 'unknown' && language === 'python' && target.container !== null && !target.container.includes('.')) {
      const sub = target.module.endsWith('.') ? target.module + target.container : `${target.module}.${target.container}`;
      const subFile = this.modules.resolve(fromPath, language, sub);
      if (subFile !== 'external') return this.inFile(subFile, language, null, target.name, 0);
    }
    return found;
  }

  private inFile(path: string, language: string, container: string | null, name: string, hops: number): Reached {
    const fileId = this.fileId(path);
    if (fileId === null) return { kind: 'unknown' };
    const definition =
      container === null && name === 'default' ? this.defaultExport(fileId, path) : this.definitionIn(fileId, path, container, name);
    if (definition !== null) return { kind: 'definition', definition };
    if (container !== null && hops < MAX_REEXPORT_HOPS) {
      const inherited = this.inBaseClass(fileId, path, language, container, name, hops);
      if (inherited !== null) return inherited;
    }
    const head = container === null ? name : container.split('.')[0];
    // The file defines the head (a class) but not the member: inherited, or added at run time.
    if (this.definitionIn(fileId, path, null, head) !== null || hops >= MAX_REEXPORT_HOPS) return { kind: 'unknown' };
    return this.throughReexports(fileId, path, language, container, name, hops);
  }

  /** `export * from './x'` may hold the name; `export { a as b } from './x'` renames it; `export * as ns` is a module. */
  private throughReexports(fileId: number, path: string, language: string, container: string | null, name: string, hops: number): Reached {
    const head = container === null ? name : container.split('.')[0];
    const tail = container === null ? null : container.slice(head.length + 1) || null;
    const rows = statement(this.conn, 'SELECT module, bindings FROM imports WHERE file_id = ? AND reexport = 1 ORDER BY line').all<{
      module: string;
      bindings: string | null;
    }>(fileId);
    for (const row of rows) {
      for (const [local, imported] of JSON.parse(row.bindings ?? '[]') as [string, string][]) {
        if (local !== head && local !== '*') continue;
        const next = this.modules.resolve(path, language, row.module);
        if (local === '*') {
          const found = next === 'external' ? null : this.inFile(next, language, container, name, hops + 1);
          if (found?.kind === 'definition') return found;
          continue;
        }
        if (next === 'external') return { kind: 'external', module: row.module };
        if (imported === '*') return container === null ? { kind: 'unknown' } : this.inFile(next, language, tail, name, hops + 1);
        if (container === null) return this.inFile(next, language, null, imported, hops + 1);
        return this.inFile(next, language, tail === null ? imported : `${imported}.${tail}`, name, hops + 1);
      }
    }
    return { kind: 'unknown' };
  }

  /**
   * `name` of the class `container` does not define: the base class its declaration line names
   * (`class A extends B`, Python `class A(B):`), found in the file or through its imports. Null
   * when `container` is no class with a base.
   */
  private inBaseClass(fileId: number, path: string, language: string, container: string, name: string, hops: number): Reached | null {
    const cut = container.lastIndexOf('.');
    const row = statement(
      this.conn,
      `SELECT signature FROM symbols WHERE file_id = ? AND name = ? AND container IS ? AND kind = ${SymbolKind.Class} LIMIT 1`,
    ).get<{ signature: string }>(fileId, container.slice(cut + 1), cut === -1 ? null : container.slice(0, cut));
    const base = row === undefined ? null : baseClassOf(row.signature, language);
    if (base === null) return null;
    const head = base.split('.')[0];
    if (this.definitionIn(fileId, path, null, head) !== null) return this.inFile(path, language, base, name, hops + 1);
    const bound = this.importBinding(fileId, head);
    if (bound === null) return null;
    const next = this.modules.resolve(path, language, bound.module);
    if (next === 'external') return { kind: 'external', module: bound.module };
    const rest = base.slice(head.length + 1);
    const inModule = bound.imported === '*' ? rest : rest === '' ? bound.imported : `${bound.imported}.${rest}`;
    return inModule === '' ? null : this.inFile(next, language, inModule, name, hops + 1);
  }

  /** What the file's imports bind `local` to. */
  private importBinding(fileId: number, local: string): { module: string; imported: string } | null {
    const rows = statement(
      this.conn,
      'SELECT module, bindings FROM imports WHERE file_id = ? AND reexport = 0 AND bindings IS NOT NULL',
    ).all<{
      module: string;
      bindings: string;
    }>(fileId);
    for (const row of rows) {
      for (const [l, imported] of JSON.parse(row.bindings) as [string, string][]) if (l === local) return { module: row.module, imported };
    }
    return null;
  }

  private definitionIn(fileId: number, path: string, container: string | null, name: string): DefinitionRef | null {
    const row = statement(this.conn, 'SELECT MIN(start_line) AS line FROM symbols WHERE file_id = ? AND name = ? AND container IS ?').get<{
      line: number | null;
    }>(fileId, name, container);
    return row?.line == null ? null : { path, container, name, line: row.line };
  }

  /** `export default function f`, `export default class C`: the one top-level definition that says so. */
  private defaultExport(fileId: number, path: string): DefinitionRef | null {
    const row = statement(
      this.conn,
      `SELECT name, start_line FROM symbols WHERE file_id = ? AND container IS NULL AND signature LIKE 'export default %'
      ORDER BY start_line LIMIT 1`,
    ).get<{ name: string; start_line: number }>(fileId);
    return row === undefined ? null : { path, container: null, name: row.name, line: row.start_line };
  }
}

const SCRIPT_BASE = /\bextends\s+([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*)/;
const PYTHON_BASE = /^class\s+\w+\s*\(\s*([A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*)\s*[,)]/;

/** The base class a class's declaration line names, or null (none, `object`, or a form not read). */
function baseClassOf(signature: string, language: string): string | null {
  const found = (language === 'python' ? PYTHON_BASE : SCRIPT_BASE).exec(signature)?.[1] ?? null;
  return found === 'object' ? null : found;
}

/** The key two references to one definition share. */
export function definitionKey(d: { path: string; container: string | null; name: string }): string {
  return `${d.path}\n${d.container ?? ''}\n${d.name}`;
}
