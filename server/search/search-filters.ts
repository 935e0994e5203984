// The --path and --lang filters, read the same way by the CLI, the language server and the editor's
// search: --lang takes the names and aliases people type, --path the gitignore-style patterns of the
// config's `exclude` (`lib/core` is that folder and what is under it, `*.js` matches at any depth,
// `src/**/*.ts` as a glob does).
import ignore from 'ignore';
import { IndexError } from '../common/errors.js';
import { LANGUAGE_NAMES, languagesNamed } from '../parser/languages.js';

/** The stored languages `--lang` names; a usage error listing the known names when it names none. */
export function resolveLanguages(name: string): readonly string[] {
  const languages = languagesNamed(name);
  if (languages) return languages;
  throw new IndexError(
    'BAD_ARGUMENT',
    `Unknown language ${JSON.stringify(name)}. Known: ${LANGUAGE_NAMES.join(', ')} (also ts, js, py, rb, rs, c++, cs, golang, sh, or a file extension).`,
  );
}

/** Whether a workspace-relative path is one `pattern` selects. */
export function pathFilter(pattern: string): (path: string) => boolean {
  const trimmed = pattern.trim();
  if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('!')) {
    throw new IndexError(
      'BAD_ARGUMENT',
      `--path ${JSON.stringify(pattern)} selects nothing: give a folder, a file or a pattern like src/**/*.ts.`,
    );
  }
  const matcher = ignore().add(trimmed.replace(/^\.\//, ''));
  return (path) => matcher.ignores(path);
}
