// What each agent tool does (MCP and VS Code agent mode alike). search, symbols, callers, impact and status run the CLI's own query commands
// (query-runner.ts: a running server's readers first, else the index read-only); definition, callees
// and outline read the index read-only; read reads the workspace through workspace-file.ts.
import { IndexError } from '../common/errors.js';
import { kindName } from '../queries/query-commands.js';
import { findCallees, findDefinitions, fileDefinitions, isIndexedFile, type DefinitionDetail } from '../search/symbol-details.js';
import { openWorkspace } from '../indexer/workspace.js';
import type { SqlConnection } from '../storage/driver.js';
import { TOOL_LIMITS } from './limits.js';
import { runQuery, type QueryRun } from './query-runner.js';
import { readWorkspaceFile } from './workspace-file.js';

export interface ToolAnswer {
  text: string;
  data: Record<string, unknown>;
}

/** A list kept to `max` items, and the note that says it was cut. */
function bounded<T>(items: T[], max: number, what: string): { items: T[]; note: string | null } {
  if (items.length <= max) return { items, note: null };
  return { items: items.slice(0, max), note: `${items.length - max} more ${what} not shown (${max} at most).` };
}

async function cliJson(root: string, argv: string[]): Promise<{ value: unknown; run: QueryRun }> {
  const run = await runQuery(root, argv);
  if (run.code !== 0) throw new IndexError('BAD_ARGUMENT', (run.stderr.trim() || `exit ${run.code}`).replace(/^code-index: /gm, ''));
  return { value: JSON.parse(run.stdout) as unknown, run };
}

function withIndex<T>(root: string, body: (conn: SqlConnection) => T): T {
  const ws = openWorkspace(root, { role: 'reader' });
  try {
    return body(ws.index.conn);
  } finally {
    ws.close();
  }
}

interface SearchHitJson {
  path: string;
  startLine: number;
  endLine: number;
  symbol?: string | null;
  snippet: string;
}

export async function searchTool(
  root: string,
  args: { query: string; mode?: string; k?: number; path?: string; language?: string },
): Promise<ToolAnswer> {
  const argv = ['search', '--dir', root, '--json', '-k', String(args.k ?? 10), '--mode', args.mode ?? 'auto'];
  if (args.path) argv.push('--path', args.path);
  if (args.language) argv.push('--lang', args.language);
  const { value, run } = await cliJson(root, [...argv, '--', args.query]);
  const hits = (value as SearchHitJson[]).map((h) => ({
    path: h.path,
    startLine: h.startLine,
    endLine: h.endLine,
    symbol: h.symbol ?? null,
    snippet: h.snippet.split('\n').slice(0, TOOL_LIMITS.maxSnippetLines).join('\n'),
  }));
  const lines = hits.map((h) => `${h.path}:${h.startLine}-${h.endLine}${h.symbol ? `  (${h.symbol})` : ''}\n${indent(h.snippet)}`);
  const notes = run.stderr.trim() ? [run.stderr.trim().replace(/^code-index: /gm, '')] : [];
  return {
    text: hits.length ? lines.join('\n') : `No results for "${args.query}".`,
    data: { hits, answeredBy: run.answeredBy, notes },
  };
}

interface SymbolJson {
  name: string;
  kindName: string;
  container: string | null;
  path: string;
  startLine: number;
  endLine: number;
}

export async function symbolsTool(root: string, args: { query: string; kind?: string; k?: number }): Promise<ToolAnswer> {
  const k = args.k ?? 20;
  const ask = args.kind ? TOOL_LIMITS.maxSymbolResults : k;
  const { value, run } = await cliJson(root, ['symbols', '--dir', root, '--json', '-k', String(ask), '--', args.query]);
  const wanted = args.kind?.toLowerCase();
  const symbols = (value as SymbolJson[])
    .filter((s) => !wanted || s.kindName === wanted)
    .slice(0, k)
    .map((s) => ({ name: s.name, kind: s.kindName, container: s.container, path: s.path, startLine: s.startLine, endLine: s.endLine }));
  const text = symbols.map((s) => `${s.name}  ${s.kind}${s.container ? ` in ${s.container}` : ''}  ${s.path}:${s.startLine}-${s.endLine}`);
  return {
    text: symbols.length ? text.join('\n') : `No definitions match "${args.query}"${args.kind ? ` of kind ${args.kind}` : ''}.`,
    data: { symbols, answeredBy: run.answeredBy },
  };
}

interface CallerJson {
  path: string;
  line: number;
  caller: string | null;
  tier: string;
  target: { path: string; line: number; name: string } | null;
}

export async function callersTool(root: string, args: { name: string; resolved?: boolean }): Promise<ToolAnswer> {
  const argv = ['callers', '--dir', root, '--json', ...(args.resolved ? ['--resolved'] : []), '--', args.name];
  const { value, run } = await cliJson(root, argv);
  const all = value as CallerJson[];
  const { items: sites, note } = bounded(all, TOOL_LIMITS.maxCallSites, 'call sites');
  const notes = [run.stderr.trim().replace(/^code-index: /gm, ''), note].filter(Boolean);
  const text = sites.map((s) => `${s.path}:${s.line}  ${s.caller ?? '(top level)'}  [${s.tier}${s.target ? ` to ${s.target.name}` : ''}]`);
  const resolved = all.filter((s) => s.tier === 'resolved').length;
  return {
    text: sites.length ? text.join('\n') : `No calls to ${args.name} found.`,
    data: { callers: sites, total: all.length, resolved, nameOnly: all.length - resolved, answeredBy: run.answeredBy, notes },
  };
}

interface ImpactJson {
  definitions: number;
  cut: boolean;
  callers: Array<{ depth: number; caller: string | null; path: string; line: number; calls: string; callLine: number; tier: string }>;
}

export async function impactTool(
  root: string,
  args: { name: string; depth?: number; max?: number; nameOnly?: boolean },
): Promise<ToolAnswer> {
  // Unset bounds are left to the command's own defaults (search/impact.ts), as a CLI user gets them.
  const argv = ['impact', '--dir', root, '--json'];
  if (args.depth !== undefined) argv.push('--depth', String(args.depth));
  if (args.max !== undefined) argv.push('--max', String(args.max));
  if (args.nameOnly) argv.push('--name-only');
  const { value, run } = await cliJson(root, [...argv, '--', args.name]);
  const answer = value as ImpactJson;
  const notes = [run.stderr.trim().replace(/^code-index: /gm, '')].filter(Boolean);
  if (answer.cut) notes.push(`Stopped at ${answer.callers.length} callers: raise max or lower depth.`);
  const text = answer.callers.map(
    (e) =>
      `${'  '.repeat(e.depth - 1)}${e.caller ?? '(top level)'}  ${e.path}:${e.line}  calls ${e.calls} at line ${e.callLine}` +
      (e.tier === 'resolved' ? '' : '  [name-only]'),
  );
  const none =
    answer.definitions === 0
      ? `No definition named ${args.name}; try the symbols tool.`
      : `No ${args.nameOnly ? '' : 'resolved '}callers of ${args.name}.`;
  return {
    text: text.length ? text.join('\n') : none,
    data: { ...answer, answeredBy: run.answeredBy, notes },
  };
}

export async function statusTool(root: string): Promise<ToolAnswer> {
  const { value, run } = await cliJson(root, ['status', root, '--json']);
  const { warningList: _list, ...status } = value as Record<string, unknown>;
  const last = typeof status.lastIndexedAt === 'number' ? new Date(status.lastIndexedAt).toISOString() : 'never';
  const text =
    `Index of ${root}: ${status.files} files, ${status.chunks} chunks, ${status.symbols} symbols; ` +
    `embedded ${status.embedded}, pending ${status.pending}${status.embeddingModel ? ` (model ${status.embeddingModel})` : ''}; ` +
    `${status.warnings} warnings; last update ${last}. ` +
    (run.answeredBy === 'server'
      ? 'A language server or `code-index serve` answers for this folder.'
      : 'Read from the index file (no server runs for this folder).');
  return { text, data: { root, ...status, answeredBy: run.answeredBy } };
}

function definitionData(d: DefinitionDetail) {
  return {
    name: d.name,
    kind: kindName(d.kind),
    container: d.container,
    path: d.path,
    startLine: d.startLine,
    endLine: d.endLine,
    signature: d.signature,
    doc: d.doc,
  };
}

export function definitionTool(root: string, args: { name: string }): ToolAnswer {
  const all = withIndex(root, (conn) => findDefinitions(conn, args.name));
  const { items, note } = bounded(all.map(definitionData), TOOL_LIMITS.maxDefinitions, 'definitions');
  const text = items.map(
    (d) =>
      `${d.path}:${d.startLine}-${d.endLine}  ${d.kind}${d.container ? ` in ${d.container}` : ''}\n    ${d.signature}${d.doc ? `\n${indent(d.doc)}` : ''}`,
  );
  return {
    text: items.length ? text.join('\n') : `No definition named ${args.name}; try the symbols tool for near names.`,
    data: { definitions: items, total: all.length, notes: note ? [note] : [] },
  };
}

export function calleesTool(root: string, args: { name: string }): ToolAnswer {
  const all = withIndex(root, (conn) => findCallees(conn, args.name));
  const { items, note } = bounded(all, TOOL_LIMITS.maxCallSites, 'calls');
  const text = items.map((c) => `${c.path}:${c.line}  ${c.callee}  (in ${c.caller})`);
  return {
    text: items.length ? text.join('\n') : `No calls found inside a definition named ${args.name}.`,
    data: { callees: items, total: all.length, notes: note ? [note] : [] },
  };
}

interface OutlineNode extends ReturnType<typeof definitionData> {
  children: OutlineNode[];
}

export function outlineTool(root: string, args: { path: string }): ToolAnswer {
  const path = args.path.replace(/\\/g, '/').replace(/^\.\//, '');
  if (path.split('/').includes('..')) throw new IndexError('BAD_ARGUMENT', `outline refuses "${args.path}": paths may not contain \`..\``);
  const defs = withIndex(root, (conn) => {
    if (!isIndexedFile(conn, path)) {
      throw new IndexError(
        'BAD_ARGUMENT',
        `"${path}" is not in the index (a path relative to the workspace root, such as one search returned)`,
      );
    }
    return fileDefinitions(conn, path);
  });
  const { items, note } = bounded(defs, TOOL_LIMITS.maxOutlineEntries, 'definitions');
  const roots: OutlineNode[] = [];
  const open: OutlineNode[] = [];
  const lines: string[] = [];
  for (const d of items) {
    const node: OutlineNode = { ...definitionData(d), children: [] };
    while (open.length && open[open.length - 1].endLine < node.startLine) open.pop();
    (open.length ? open[open.length - 1].children : roots).push(node);
    lines.push(`${'  '.repeat(open.length)}${node.kind} ${node.name}  ${node.startLine}-${node.endLine}`);
    open.push(node);
  }
  return {
    text: lines.length ? lines.join('\n') : `${path} has no definitions in the index.`,
    data: { path, outline: roots, total: defs.length, notes: note ? [note] : [] },
  };
}

export function readTool(root: string, args: { path: string; startLine?: number; endLine?: number }): ToolAnswer {
  const slice = readWorkspaceFile(root, args.path, args.startLine ?? 1, args.endLine);
  const numbered = slice.text
    .split('\n')
    .map((l, i) => `${String(slice.startLine + i).padStart(5)}  ${l}`)
    .join('\n');
  const more = slice.cut
    ? `\n[cut at line ${slice.endLine} of ${slice.totalLines}: ${slice.cut}; continue with startLine ${slice.endLine + 1}]`
    : '';
  return { text: `${slice.path}:${slice.startLine}-${slice.endLine} of ${slice.totalLines}\n${numbered}${more}`, data: { ...slice } };
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}
