// The parser the indexer uses: file text in, FileExtract out; tree-sitter for languages with a
// grammar, line windows for the rest and for anything too big, too minified or unparseable.
import type { Node, Tree } from 'web-tree-sitter';
import type { FileExtract } from '../indexer/extract-types.js';
import { collectCaptures } from './capture-collector.js';
import { lineWindowChunks } from './chunk-splitter.js';
import { codeChunks } from './code-chunks.js';
import { initRuntime, loadGrammar, type LoadedGrammar } from './grammar-loader.js';
import { LineIndex } from './line-index.js';
import {
  DEADLINE_MIN_CHARS, MAX_PARSE_CHARS, MINIFIED_AVERAGE_LINE, MINIFIED_MIN_CHARS, PARSE_DEADLINE_MS,
} from './limits.js';
import { buildSymbols } from './symbol-builder.js';
import { LANGUAGE_SPECS } from './specs/index.js';

export interface CodeParser {
  /** Symbols, calls, imports, exports and chunks of one file. Never throws for bad input. */
  extract(text: string, language: string): Promise<FileExtract>;
  /** Whether `language` is parsed with a grammar (otherwise it gets line-window chunks only). */
  hasGrammar(language: string): boolean;
  /** Frees the wasm parsers and queries; the parser must not be used afterwards. */
  dispose(): void;
}

export async function createParser(): Promise<CodeParser> {
  await initRuntime();
  return new TreeSitterParser();
}

/** Plain chunks and no symbols: what a file without a usable tree yields. */
export function plainExtract(text: string, language: string): FileExtract {
  return { language, chunks: lineWindowChunks(text), symbols: [], calls: [], imports: [], exports: [] };
}

class TreeSitterParser implements CodeParser {
  private readonly grammars = new Map<string, Promise<LoadedGrammar>>();

  hasGrammar(language: string): boolean {
    return Object.hasOwn(LANGUAGE_SPECS, language);
  }

  async extract(text: string, language: string): Promise<FileExtract> {
    if (!this.hasGrammar(language) || !worthParsing(text)) return plainExtract(text, language);
    const grammar = await this.grammar(language);
    const tree = parse(grammar, text);
    if (tree === null) return plainExtract(text, language);
    try {
      return extractFromTree(grammar, tree.rootNode, text, language);
    } finally {
      tree.delete();
    }
  }

  dispose(): void {
    for (const pending of this.grammars.values()) {
      void pending.then((g) => {
        g.query.delete();
        g.errorQuery.delete();
        g.parser.delete();
      }, () => undefined);
    }
    this.grammars.clear();
  }

  private grammar(language: string): Promise<LoadedGrammar> {
    let pending = this.grammars.get(language);
    if (pending === undefined) {
      pending = loadGrammar(LANGUAGE_SPECS[language]);
      this.grammars.set(language, pending);
    }
    return pending;
  }
}

function worthParsing(text: string): boolean {
  if (text.length > MAX_PARSE_CHARS) return false;
  if (text.length < MINIFIED_MIN_CHARS) return true;
  let lineCount = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCount++;
  return text.length / lineCount <= MINIFIED_AVERAGE_LINE;
}

function parse(grammar: LoadedGrammar, text: string): Tree | null {
  try {
    if (text.length < DEADLINE_MIN_CHARS) return grammar.parser.parse(text);
    const deadline = performance.now() + PARSE_DEADLINE_MS;
    // Returning true cancels the parse; the typings say void but the runtime reads the result.
    const progressCallback = (() => performance.now() > deadline) as () => void;
    const tree = grammar.parser.parse(text, null, { progressCallback });
    if (tree === null) grammar.parser.reset();
    return tree;
  } catch {
    grammar.parser.reset();
    return null;
  }
}

function extractFromTree(grammar: LoadedGrammar, root: Node, text: string, language: string): FileExtract {
  const lines = new LineIndex(text);
  const captures = collectCaptures(grammar.query, root);
  const { symbols, placed } = buildSymbols(captures.definitions, captures.calls, grammar.spec, lines);
  const exports = captures.exports;
  const isExported = grammar.spec.isExported;
  // Explicit exports (`__all__`) override the language's convention.
  if (isExported !== undefined && exports.length === 0) {
    for (const symbol of symbols) {
      if (isExported(symbol)) exports.push({ name: symbol.name, line: symbol.nameRange.startLine, col: symbol.nameRange.startCol });
    }
  }
  const extract: FileExtract = {
    language,
    chunks: codeChunks(lines, placed),
    symbols,
    calls: captures.calls.map((c) => c.call),
    imports: captures.imports.filter((i) => i.module !== ''),
    exports,
  };
  if (root.hasError) extract.parseErrors = grammar.errorQuery.captures(root).length;
  return extract;
}
