// Decides which paths the index leaves out: default excludes, the config's extra patterns and every
// .gitignore from the root down (nested ones apply to their own folder), with gitignore semantics.
import ignore, { type Ignore } from 'ignore';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INDEX_DIR } from '../common/index-paths.js';

/** Folders no one wants indexed: version control, dependencies, our own index, build output. */
export const DEFAULT_EXCLUDES = [
  '.git/',
  '.hg/',
  '.svn/',
  'node_modules/',
  `${INDEX_DIR}/`,
  'dist/',
  'build/',
  'out/',
  'target/',
  '.next/',
  '.nuxt/',
  'coverage/',
  '__pycache__/',
  '.venv/',
  'venv/',
  '.tox/',
  '.mypy_cache/',
  '.pytest_cache/',
  '.gradle/',
  '.idea/',
  '.vscode-test/',
  'bower_components/',
  '*.min.js.map',
  '*.pyc',
  '*.class',
  '*.o',
  '*.so',
  '*.dll',
  '*.exe',
];

export class IgnoreRules {
  private readonly base: Ignore;
  private readonly perDir = new Map<string, Ignore | null>();

  constructor(
    private readonly root: string,
    extraExcludes: readonly string[] = [],
  ) {
    this.base = ignore()
      .add(DEFAULT_EXCLUDES)
      .add([...extraExcludes]);
  }

  /** Full check of one path (relative, '/'-separated): its folders are tested too. */
  isIgnored(relPath: string, isDir: boolean): boolean {
    const parts = relPath.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (this.matches(parts.slice(0, i).join('/'), true)) return true;
    }
    return this.matches(relPath, isDir);
  }

  /** The path itself against the base rules and each ancestor's .gitignore; for walkers that never enter an ignored folder. */
  matches(relPath: string, isDir: boolean): boolean {
    if (this.base.ignores(isDir ? `${relPath}/` : relPath)) return true;
    // As in git, a deeper .gitignore overrides a shallower one: its `!pattern` re-includes a file.
    let ignored = false;
    const parts = relPath.split('/');
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const rules = this.rulesFor(dir);
      if (!rules) continue;
      const rel = dir ? relPath.slice(dir.length + 1) : relPath;
      const verdict = rules.test(isDir ? `${rel}/` : rel);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  /** Forgets a folder's cached .gitignore, after it changed on disk. */
  invalidate(dir: string): void {
    this.perDir.delete(dir);
  }

  private rulesFor(dir: string): Ignore | null {
    let rules = this.perDir.get(dir);
    if (rules === undefined) {
      rules = null;
      try {
        const text = readFileSync(join(this.root, dir, '.gitignore'), 'utf8');
        rules = ignore().add(text);
      } catch {
        // No .gitignore here, or unreadable: nothing to add.
      }
      this.perDir.set(dir, rules);
    }
    return rules;
  }
}
