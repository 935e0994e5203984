// `code-index search`, `symbols`, `callers`, `impact` and `status`: the read-only commands. They read through a
// QuerySource and write through a CliIo, so the language server can answer them for a CLI process.
import type { SearchGroup, SearchMode } from '../../shared/settings.js';
import type { EmbeddingOverrides } from '../embed/settings.js';
import { SymbolKind } from '../common/extract-types.js';
import { IndexError, toIndexError } from '../common/errors.js';
import { sqliteCode } from '../common/sqlite-codes.js';
import type { CliIo } from './cli-io.js';
import { pathPrinter, plural, printJson } from './output.js';
import { countsOfIssues, parseIssueCounts, parseIssueLine } from './parse-issue-lines.js';
import { requireSearchTerms } from '../search/query-syntax.js';
import { calledName } from '../search/callers.js';
import type { DefinitionRef } from '../search/call-targets.js';
import { checkProviderName } from '../embed/settings.js';
import { pathFilter, resolveLanguages } from '../search/search-filters.js';
import type { QuerySource, QuerySourceOpener } from './query-source.js';

export interface QueryContext {
  io: CliIo;
  open: QuerySourceOpener;
  /** Where the user stands: a folder given relative, and the paths printed, are taken from here. */
  cwd: string;
}

/** What every read-only command takes: its folder (found from `cwd` when not given) and --verbose. */
interface FolderOptions {
  dir?: string;
  verbose?: boolean;
}

export interface SearchCommandOptions extends EmbeddingOverrides, FolderOptions {
  k: number;
  json?: boolean;
  mode: SearchMode;
  path?: string;
  lang?: string;
  group?: SearchGroup;
}

export async function runSearch(query: string, opts: SearchCommandOptions, ctx: QueryContext): Promise<number> {
  // What the query and the filters mean is checked before any index is opened.
  const { text } = requireSearchTerms(query);
  if (opts.lang) resolveLanguages(opts.lang);
  if (opts.provider) checkProviderName(opts.provider);
  if (opts.path) pathFilter(opts.path);
  return withSource(ctx, opts, async (source, io, show) => {
    const queryVector = await embedQuery(source, text, opts, io);
    const hits = await source.search(query, {
      mode: opts.mode,
      k: opts.k,
      path: opts.path,
      lang: opts.lang,
      group: opts.group,
      queryVector,
    });
    if (opts.json) {
      printJson(
        hits.map((h) => (h.kind === undefined ? h : { ...h, kindName: kindName(h.kind) })),
        io,
      );
      return 0;
    }
    if (hits.length === 0) io.out(`No results for "${query}".\n`);
    for (const hit of hits) {
      const where = `${show(hit.path)}:${hit.startLine}-${hit.endLine}`;
      const more = hit.matches && hit.matches > 1 ? `  [${hit.matches} matches]` : '';
      io.out(`${where}${hit.symbol ? `  (${hit.symbol})` : ''}${more}\n`);
      io.out(
        `${hit.snippet
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n')}\n`,
      );
    }
    return 0;
  });
}

/** The query's vector when the index holds vectors of the configured model; otherwise null, with a note. */
async function embedQuery(source: QuerySource, query: string, opts: SearchCommandOptions, io: CliIo): Promise<Float32Array | null> {
  if (opts.mode === 'text' || opts.mode === 'symbol') return null;
  const model = await source.model();
  if (!model) {
    if (opts.mode === 'semantic') io.err('code-index: this index has no vectors yet; run `code-index embed` first.\n');
    return null;
  }
  const { provider, release } = await source.queryProvider(opts, (m) => io.err(`code-index: ${m}\n`));
  try {
    if (provider.id !== model.model || provider.dimensions !== model.dimensions) {
      io.err(
        `code-index: the index's vectors come from ${model.model}, not ${provider.id}; meaning search is skipped. Run \`code-index embed\` to re-embed.\n`,
      );
      return null;
    }
    const [vector] = await provider.embed([query], 'query');
    return vector;
  } finally {
    await release();
  }
}

export async function runStatus(dir: string | undefined, opts: { json?: boolean; verbose?: boolean }, ctx: QueryContext): Promise<number> {
  return withSource(ctx, { dir, verbose: opts.verbose }, async (source, io, show) => {
    const status = await source.status();
    const warnings = opts.json || opts.verbose ? await source.warnings() : [];
    const issues = opts.json || opts.verbose ? await source.parseIssues() : [];
    if (opts.json) {
      printJson({ ...status, warnings: warnings.length, warningList: warnings, parseIssueList: issues }, io);
      return 0;
    }
    const last = status.lastIndexedAt ? new Date(status.lastIndexedAt).toISOString() : 'never';
    io.out(
      `Index ${source.dbPath}\n  files ${status.files}, chunks ${status.chunks}, symbols ${status.symbols}\n` +
        `  embedded ${status.embedded}, pending ${status.pending}${status.embeddingModel ? ` (model ${status.embeddingModel})` : ''}\n` +
        `  ${(status.dbBytes / 1048576).toFixed(1)} MB, schema ${status.schemaVersion}, last update ${last}\n`,
    );
    // The list and the count are read apart: a list given counts itself, so the two always agree.
    const n = opts.verbose ? warnings.length : status.warnings;
    const count = plural(n, 'warning');
    if (n === 0) io.out('  no warnings\n');
    else if (!opts.verbose) io.out(`  ${count}: run \`code-index status --verbose\` to list them\n`);
    else io.out(`  ${count}:\n${warnings.map((w) => `    ${show(w.path)}: ${w.message}\n`).join('')}`);
    const parse = parseIssueCounts(opts.verbose ? countsOfIssues(issues) : status);
    if (parse && !opts.verbose) io.out(`  ${parse}: run \`code-index status --verbose\` to list them\n`);
    else if (parse) io.out(`  ${parse}:\n${issues.map((i) => `    ${parseIssueLine(i, show)}\n`).join('')}`);
    return 0;
  });
}

export async function runSymbols(
  query: string | undefined,
  opts: FolderOptions & { k: number; json?: boolean; all?: boolean },
  ctx: QueryContext,
): Promise<number> {
  if (!opts.all && !query?.trim()) throw new IndexError('BAD_ARGUMENT', 'symbols needs a QUERY, or --all to list every definition.');
  return withSource(ctx, opts, async (source, io, show) => {
    const hits = opts.all ? await source.allSymbols() : await source.symbols(query!, opts.k);
    const items = hits.map((h) => ({
      name: h.name,
      kind: h.kind,
      kindName: kindName(h.kind),
      path: h.path,
      startLine: h.startLine,
      endLine: h.endLine,
      container: h.container,
    }));
    if (opts.json) {
      printJson(items, io);
      return 0;
    }
    if (items.length === 0) io.out(`No definitions match "${query ?? ''}".\n`);
    for (const s of items) {
      io.out(`${s.name}  ${s.kindName}${s.container ? ` in ${s.container}` : ''}  ${show(s.path)}:${s.startLine}\n`);
    }
    return 0;
  });
}

export async function runCallers(
  name: string,
  opts: FolderOptions & { json?: boolean; resolved?: boolean },
  ctx: QueryContext,
): Promise<number> {
  if (!name.trim()) {
    throw new IndexError('BAD_ARGUMENT', 'callers needs a NAME: a function or method, such as parse_args or ArgumentParser.parse_args.');
  }
  const called = calledName(name);
  return withSource(ctx, opts, async (source, io, show) => {
    const answer = await source.callers(name);
    const sites = answer.sites
      .filter((c) => !opts.resolved || c.tier === 'resolved')
      .map((c) => ({ path: c.path, line: c.line, col: c.col, caller: c.caller, tier: c.tier, target: c.target && targetJson(c.target) }));
    if (answer.elsewhere > 0) {
      io.err(
        `code-index: ${plural(answer.elsewhere, 'call')} of ${called} ${answer.elsewhere === 1 ? 'reaches' : 'reach'} another definition or an outside package; left out.\n`,
      );
    }
    if (opts.json) {
      printJson(sites, io);
      return 0;
    }
    if (sites.length === 0) io.out(`No ${opts.resolved ? 'resolved ' : ''}calls to ${called} found.\n`);
    for (const s of sites) {
      // Which of several definitions a resolved call reaches; with one, `resolved` says it all.
      const to = s.target && answer.definitions > 1 ? ` to ${s.target.name} ${show(s.target.path)}:${s.target.line}` : '';
      io.out(`${show(s.path)}:${s.line}  ${s.caller ?? '(top level)'}  [${s.tier}${to}]\n`);
    }
    return 0;
  });
}

function targetJson(d: DefinitionRef): { path: string; line: number; name: string } {
  return { path: d.path, line: d.line, name: d.container === null ? d.name : `${d.container}.${d.name}` };
}

export interface ImpactCommandOptions extends FolderOptions {
  depth: number;
  max: number;
  nameOnly?: boolean;
  json?: boolean;
}

export async function runImpact(name: string, opts: ImpactCommandOptions, ctx: QueryContext): Promise<number> {
  if (!name.trim()) throw new IndexError('BAD_ARGUMENT', 'impact needs a NAME: a function or method, such as parse_args or Config.load.');
  return withSource(ctx, opts, async (source, io, show) => {
    const answer = await source.impact(name, { depth: opts.depth, max: opts.max, nameOnly: opts.nameOnly === true });
    if (opts.json) {
      printJson({ definitions: answer.definitions, cut: answer.cut, callers: answer.entries }, io);
      return 0;
    }
    if (answer.definitions === 0) io.out(`No definition named ${name.trim()}; try \`code-index symbols\` for near names.\n`);
    else if (answer.entries.length === 0) io.out(`No ${opts.nameOnly ? '' : 'resolved '}callers of ${name.trim()} found.\n`);
    for (const e of answer.entries) {
      const who = e.caller ?? '(top level)';
      io.out(
        `${'  '.repeat(e.depth - 1)}${who}  ${show(e.path)}:${e.line}  calls ${e.calls} at line ${e.callLine}${e.tier === 'resolved' ? '' : '  [name-only]'}\n`,
      );
    }
    if (answer.cut) io.err(`code-index: stopped at ${plural(answer.entries.length, 'caller')} (--max); raise it or lower --depth.\n`);
    return 0;
  });
}

async function withSource(
  ctx: QueryContext,
  opts: FolderOptions,
  body: (source: QuerySource, io: CliIo, show: (path: string) => string) => Promise<number>,
): Promise<number> {
  const source = ctx.open(opts.dir);
  try {
    if (opts.verbose) ctx.io.err(`code-index: using the index ${source.dbPath}\n`);
    return await body(source, ctx.io, pathPrinter(source.root, ctx.cwd));
  } catch (err) {
    // A damaged page met by the query (the open found none): the message names this index's file.
    throw sqliteCode(err) ? toIndexError(err, source.dbPath) : err;
  } finally {
    source.close();
  }
}

/** `kind` as a word (`function`, `class`); type aliases, which LSP calls TypeParameter, are `type`. */
export function kindName(kind: number): string {
  if (kind === SymbolKind.TypeParameter) return 'type';
  return (
    Object.entries(SymbolKind)
      .find(([, v]) => v === kind)?.[0]
      .toLowerCase() ?? 'symbol'
  );
}
