// codeIndex/tool: an agent-mode tool call from the extension, answered by the same runner and handlers
// as the MCP server (tools/run-tool.ts). Picks the workspace folder the call is about, and turns a
// `path` inside a folder given absolute (as VS Code's agents often pass it) into the folder-relative one.
import { existsSync, realpathSync } from 'node:fs';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import type { FolderStatus, ToolParams, ToolResult } from '../../shared/protocol.js';
import { runTool } from '../tools/run-tool.js';

export function validateToolParams(raw: unknown): ToolParams {
  const invalid = (message: string) => new ResponseError(ErrorCodes.InvalidParams, message);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('codeIndex/tool expects {"name": "search", "input": {...}}.');
  const { name, input, folder } = raw as Record<string, unknown>;
  if (typeof name !== 'string') throw invalid('"name" must be a tool name.');
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw invalid('"input" must be an object of the tool\'s arguments.');
  }
  if (folder !== undefined && folder !== null && typeof folder !== 'string') throw invalid('"folder" must be a URI, a path or a name.');
  return { name, input: (input as Record<string, unknown>) ?? {}, folder: (folder as string | null) ?? undefined };
}

export async function answerTool(params: ToolParams, folders: FolderStatus[]): Promise<ToolResult> {
  const chosen = chooseFolder(params, folders);
  if ('error' in chosen) return { text: chosen.error, isError: true, folder: null };
  const { folder, input } = chosen;
  const note = stateNote(folder, chosen.defaulted ? folders : [folder]);
  const outcome = await runTool(realpathSync.native(folder.folder), params.name, input, note);
  return { text: outcome.text, isError: outcome.isError, folder: folder.folder };
}

/** `defaulted`: nothing in the call named a folder, so the first one answers. */
type Choice = { folder: FolderStatus; input: Record<string, unknown>; defaulted?: boolean } | { error: string };

function chooseFolder(params: ToolParams, folders: FolderStatus[]): Choice {
  if (folders.length === 0) return { error: 'No workspace folder is open: open a folder for Code Index to index it.' };
  const input = params.input;
  if (params.folder !== undefined) {
    const wanted = params.folder.startsWith('file:') ? fileURLToPath(params.folder) : params.folder;
    const folder = folders.find((f) => f.folder === wanted || basename(f.folder) === wanted);
    if (!folder) return { error: `No workspace folder "${params.folder}"; the folders are ${folders.map((f) => f.folder).join(', ')}.` };
    return { folder, input };
  }
  const path = typeof input.path === 'string' ? input.path : null;
  if (path && isAbsolute(path)) {
    const owner = folders.find((f) => path.startsWith(f.folder + sep));
    // A path outside every folder goes on unchanged, for `read` and `outline` to refuse with their reason.
    return owner
      ? { folder: owner, input: { ...input, path: relative(owner.folder, path).split(sep).join('/') } }
      : { folder: folders[0], input };
  }
  if (path && folders.length > 1) {
    // Multi-root paths as VS Code prints them: the folder's name, then the path inside it.
    const [head, ...rest] = path.split('/');
    const named = folders.find((f) => basename(f.folder) === head);
    if (named && rest.length) return { folder: named, input: { ...input, path: rest.join('/') } };
    const holder = folders.find((f) => existsSync(join(f.folder, path)));
    if (holder) return { folder: holder, input };
  }
  return { folder: folders[0], input, defaulted: true };
}

/** Said in the answer when the folder's index is not settled, or when `folders` holds others that were not asked. */
function stateNote(folder: FolderStatus, folders: FolderStatus[]): string | null {
  const notes: string[] = [];
  if (folder.state === 'starting' || folder.state === 'indexing') {
    const done = folder.progress ? ` (${folder.progress.done} of ${folder.progress.total} files)` : '';
    notes.push(`The index of ${folder.folder} is being built${done}: answers may be incomplete until it finishes.`);
  }
  if (folders.length > 1) {
    notes.push(
      `Answered for ${folder.folder}; the other workspace folders (${folders
        .filter((f) => f !== folder)
        .map((f) => basename(f.folder))
        .join(', ')}) are reached by starting a path with the folder's name.`,
    );
  }
  return notes.length ? notes.join(' ') : null;
}
