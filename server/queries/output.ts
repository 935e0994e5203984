// How a command prints: JSON on stdout for a script, the same from the CLI and from a served query;
// paths for a person, from where they stand.
import { isAbsolute, posix, relative, sep } from 'node:path';
import { processIo, type CliIo } from './cli-io.js';

export function printJson(value: unknown, io: CliIo = processIo): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * How a path of the index (relative to its root, `/`-separated) is printed for a person standing in
 * `cwd`: relative to `cwd` when that is inside the indexed folder (`../src/a.ts` from `lib/`), as git
 * and ripgrep print; unchanged from the root itself or from outside it. JSON keeps the root's form.
 */
export function pathPrinter(root: string, cwd: string): (path: string) => string {
  const here = relative(root, cwd);
  if (here === '' || here === '..' || here.startsWith(`..${sep}`) || isAbsolute(here)) return (path) => path;
  const from = `/${here.split(sep).join('/')}`;
  return (path) => posix.relative(from, `/${path}`);
}

/** `1 warning`, `3 warnings`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
