// The one way an agent tool reads source: a path relative to the workspace, never `..`, never
// absolute, never through a symlink that leads out, a regular text file, a bounded line range.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { INDEX_DIR } from '../common/index-paths.js';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { IndexError } from '../common/errors.js';
import { TOOL_LIMITS } from './limits.js';

export interface FileSlice {
  path: string;
  startLine: number;
  endLine: number;
  totalLines: number;
  text: string;
  /** Why fewer lines came back than were asked for, when they did. */
  cut: string | null;
}

/** Checks `path` and returns the real file it names inside `root` (itself a real path). */
export function workspaceFile(root: string, path: string): string {
  const bad = (why: string) => new IndexError('BAD_ARGUMENT', `read refuses "${path}": ${why}`);
  if (path.includes('\0')) throw bad('it holds a NUL character');
  if (isAbsolute(path) || /^[a-zA-Z]:/.test(path) || path.startsWith('\\')) {
    throw bad('give a path relative to the workspace root, such as src/main.ts');
  }
  if (path.split(/[\\/]/).includes('..')) throw bad('paths may not contain `..`; only files inside the workspace can be read');
  let real: string;
  try {
    real = realpathSync.native(resolve(root, path));
  } catch {
    throw bad('no such file in the workspace');
  }
  const inside = relative(root, real);
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    throw bad('it leads outside the workspace (a symlink out is not followed)');
  }
  // The index itself and git's store are no source: the database and a remote's credentials stay out.
  const top = inside.split(sep)[0];
  if (top === INDEX_DIR || top === '.git') throw bad(`files under ${top}/ are not served`);
  const st = statSync(real);
  if (!st.isFile()) throw bad('it is not a regular file');
  if (st.size > TOOL_LIMITS.maxReadFileBytes) throw bad(`it is larger than ${TOOL_LIMITS.maxReadFileBytes} bytes`);
  return real;
}

/** Lines `startLine`..`endLine` (1-based, inclusive) of the workspace file `path`, bounded. */
export function readWorkspaceFile(root: string, path: string, startLine = 1, endLine?: number): FileSlice {
  const real = workspaceFile(root, path);
  const bytes = readFileSync(real);
  if (bytes.subarray(0, 8192).includes(0)) throw new IndexError('BAD_ARGUMENT', `read refuses "${path}": it is a binary file`);
  const lines = bytes.toString('utf8').split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  if (startLine > lines.length) {
    throw new IndexError('BAD_ARGUMENT', `read: "${path}" has ${lines.length} lines; startLine ${startLine} is past its end`);
  }
  const wanted = Math.min(endLine ?? lines.length, lines.length);
  if (wanted < startLine) throw new IndexError('BAD_ARGUMENT', `read: endLine ${endLine} is before startLine ${startLine}`);
  let last = Math.min(wanted, startLine + TOOL_LIMITS.maxReadLines - 1);
  let cut = last < wanted ? `${TOOL_LIMITS.maxReadLines} lines at most per read` : null;
  const out: string[] = [];
  let size = 0;
  for (let n = startLine; n <= last; n++) {
    const line = lines[n - 1];
    if (size + line.length + 1 > TOOL_LIMITS.maxReadBytes && out.length > 0) {
      last = n - 1;
      cut = `${TOOL_LIMITS.maxReadBytes} characters at most per read`;
      break;
    }
    out.push(line);
    size += line.length + 1;
  }
  return { path, startLine, endLine: last, totalLines: lines.length, text: out.join('\n'), cut };
}
