// The doc-comment-to-definition set of bench/ts-doc-quality.mjs: the first sentence of each JSDoc
// block above a function, method or class is a query, that definition its answer, and the copy
// that gets indexed has every `/** */` block blanked out (line numbers kept, so answers stay put).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** Queries shorter than this many words say too little to be asked ("Creates an Observable."). */
export const MIN_QUERY_WORDS = 4;

/**
 * Copies every file under `sourceRoot` to `copyRoot/<under>`, TypeScript with its doc comments
 * blanked out, and returns { queries, ambiguous, counts }. A query is { query, targets: [{ path,
 * nameLine, endLine, symbol, kind }] }, paths relative to copyRoot as the index stores them.
 * Definitions are the product's parser's; the copy must parse to the same ones at the same places.
 */
export async function buildDocSet({ core, ts, SymbolKind, sourceRoot, copyRoot, under }) {
  const kinds = new Set([SymbolKind.Function, SymbolKind.Method, SymbolKind.Class]);
  const parser = await core.createParser();
  const candidates = [];
  const counts = { files: 0, docBlocks: 0, documented: 0, noDescription: 0, tooShort: 0 };
  try {
    for (const file of listFiles(sourceRoot)) {
      const path = join(under, relative(sourceRoot, file)).split('\\').join('/');
      const text = readFileSync(file, 'utf8');
      mkdirSync(dirname(join(copyRoot, path)), { recursive: true });
      if (!file.endsWith('.ts')) {
        writeFileSync(join(copyRoot, path), text);
        continue;
      }
      counts.files++;
      const blocks = jsDocBlocks(ts, text);
      counts.docBlocks += blocks.length;
      const stripped = blankOut(text, blocks);
      writeFileSync(join(copyRoot, path), stripped);
      const original = await parser.extract(text, core.languageForPath(file));
      const copied = await parser.extract(stripped, core.languageForPath(file));
      assertSameDefinitions(path, original.symbols, copied.symbols);
      const blockEndingOn = new Map(blocks.map((b) => [b.endLine, b]));
      for (const symbol of original.symbols) {
        // The product's own rule: a doc comment is the comment directly above the definition.
        const block = blockEndingOn.get(symbol.range.startLine - 1);
        if (!kinds.has(symbol.kind) || block === undefined || symbol.doc === null) continue;
        counts.documented++;
        const query = firstSentence(block.text);
        if (query === null) counts.noDescription++;
        else if (query.split(' ').length < MIN_QUERY_WORDS) counts.tooShort++;
        else candidates.push({ query, target: targetOf(path, symbol) });
      }
    }
  } finally {
    parser.dispose();
  }
  return { ...dedupe(candidates), counts };
}

/**
 * One query per sentence. A sentence written above several overloads of one definition keeps all
 * of them as answers; a sentence shared by different definitions answers nothing and is dropped.
 */
function dedupe(candidates) {
  const bySentence = new Map();
  for (const c of candidates) {
    const key = c.query.toLowerCase();
    bySentence.set(key, [...(bySentence.get(key) ?? []), c]);
  }
  const queries = [];
  let ambiguous = 0;
  for (const group of bySentence.values()) {
    const definitions = new Set(group.map((c) => `${c.target.path}#${c.target.symbol}`));
    if (definitions.size > 1) ambiguous += group.length;
    else queries.push({ query: group[0].query, targets: group.map((c) => c.target) });
  }
  return { queries, ambiguous };
}

/** The `/** ... *\/` comments of a file, found by the TypeScript scanner (not a regex: strings and
 *  regex literals may hold comment markers). { start, end, endLine (1-based), text }. */
export function jsDocBlocks(ts, text) {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const seen = new Map();
  const keep = (ranges) => {
    for (const r of ranges ?? []) {
      if (r.kind === ts.SyntaxKind.MultiLineCommentTrivia && text.startsWith('/**', r.pos) && !text.startsWith('/**/', r.pos))
        seen.set(r.pos, r.end);
    }
  };
  const visit = (node) => {
    // JSDoc nodes re-read the comments every other token already reports.
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    keep(ts.getLeadingCommentRanges(text, node.pos));
    keep(ts.getTrailingCommentRanges(text, node.end));
    for (const child of node.getChildren(source)) visit(child);
  };
  visit(source);
  return [...seen]
    .sort((a, b) => a[0] - b[0])
    .map(([start, end]) => ({
      start,
      end,
      endLine: source.getLineAndCharacterOfPosition(end).line + 1,
      text: text.slice(start, end),
    }));
}

/** Every character of the blocks but line breaks becomes a space: lines and columns stay valid. */
export function blankOut(text, blocks) {
  let out = '';
  let at = 0;
  for (const b of blocks) {
    out += text.slice(at, b.start) + text.slice(b.start, b.end).replace(/[^\r\n]/g, ' ');
    at = b.end;
  }
  return out + text.slice(at);
}

/**
 * The first sentence of a JSDoc block's description, as plain words: the description ends at the
 * first block tag (`@param`, `@deprecated`) and its first paragraph; `{@link X}` becomes X (or its
 * label), markdown links their text, images, HTML tags, backticks and emphasis go. Null when the
 * block has no description (a lone `@deprecated` or `@internal`).
 */
export function firstSentence(block) {
  const body = block
    .replace(/^\/\*\*+/, '')
    .replace(/\*+\/$/, '')
    .replace(/^[ \t]*\*?[ \t]?/gm, '');
  const description = body.replace(/```[\s\S]*?```/g, '\n\n').split(/^[ \t]*@/m)[0];
  const paragraph = description.trim().split(/\n[ \t]*\n/)[0];
  const plain = paragraph
    .replace(/\{@link(?:code|plain)?\s+([^}\s|]+)\s*(?:\|?\s*([^}]*))?\}/g, (_, target, label) => label?.trim() || target)
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[a-zA-Z][^>]*>/g, '')
    .replace(/`|\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain === '') return null;
  const end = plain.search(/(?<!\b(?:e\.g|i\.e|etc|vs))[.!?](?=\s|$)/);
  return end === -1 ? plain : plain.slice(0, end + 1);
}

/** Blanking comments must leave the parser's definitions where they were, or the answers move. */
function assertSameDefinitions(path, before, after) {
  const key = (s) => `${qualifiedName(s)}@${s.nameRange.startLine}:${s.nameRange.startCol}`;
  const a = before.map(key).join('\n');
  const b = after.map(key).join('\n');
  if (a !== b) throw new Error(`${path}: the parser finds other definitions once its doc comments are blanked out`);
}

/** Where a definition is: its name line, its last line, and the qualified name its chunks carry. */
function targetOf(path, symbol) {
  return { path, nameLine: symbol.nameRange.startLine, endLine: symbol.range.endLine, symbol: qualifiedName(symbol), kind: symbol.kind };
}

function qualifiedName(symbol) {
  return symbol.container === null ? symbol.name : `${symbol.container}.${symbol.name}`;
}

function listFiles(root) {
  const files = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) files.push(join(entry.parentPath ?? entry.path, entry.name));
  }
  return files.sort();
}
