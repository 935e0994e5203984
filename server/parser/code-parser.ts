// The parser the indexer uses: file text in, FileExtract out; tree-sitter for languages with a
// grammar (in pieces for a file too long to parse whole), line windows for the rest and for
// anything minified or unparseable.
import type { Node, Tree } from 'web-tree-sitter';
import type { ExtractedExport, ExtractedImport, ExtractedSymbol, FileExtract, ParseSkip } from '../common/extract-types.js';
import { collectCaptures } from './capture-collector.js';
import { lineWindowChunks } from './chunk-splitter.js';
import { codeChunks } from './code-chunks.js';
import { grammarPath, initRuntime, loadGrammar, type LoadedGrammar } from './grammar-loader.js';
import type { LanguageSpec } from './language-spec.js';
import { refineLanguage } from './languages.js';
import { blankUnknownSyntax } from './syntax-shims.js';
import { LineIndex } from './line-index.js';
import { DEADLINE_MIN_CHARS, MAX_PARSE_CHARS, MINIFIED_AVERAGE_LINE, MINIFIED_MIN_CHARS, PARSE_DEADLINE_MS } from './limits.js';
import { extractInPieces } from './piecewise.js';
import { buildSymbols } from './symbol-builder.js';
import { resolveCallTargets } from './call-targets.js';
import { LANGUAGE_SPECS } from './specs/index.js';

export interface CodeParser {
  /** Symbols, calls, imports, exports and chunks of one file. Never throws for bad input. The
   *  result's language can be refined from the text (a C++ `.h` file given as `c` comes back `cpp`). */
  extract(text: string, language: string): Promise<FileExtract>;
  /** Whether `language` is parsed with a grammar (otherwise it gets line-window chunks only). */
  hasGrammar(language: string): boolean;
  /** Frees the wasm parsers and queries; the parser must not be used afterwards. */
  dispose(): void;
}

export interface ParserOptions {
  /** Told when a grammar fails to load or a file fails to extract; such files get plain chunks,
   *  so one broken grammar or one unexpected tree never stops an index. */
  onError?(error: Error, language: string): void;
}

export async function createParser(options: ParserOptions = {}): Promise<CodeParser> {
  await initRuntime();
  return new TreeSitterParser(options.onError ?? (() => undefined));
}

/** The grammar file a language is parsed with, or null when it has none (for benchmarks). */
export function grammarFileFor(language: string): string | null {
  return Object.hasOwn(LANGUAGE_SPECS, language) ? grammarPath(LANGUAGE_SPECS[language].grammar) : null;
}

/** Plain chunks and no symbols: what a file without a usable tree yields. */
export function plainExtract(text: string, language: string): FileExtract {
  return { language, chunks: lineWindowChunks(text), symbols: [], calls: [], imports: [], exports: [] };
}

class TreeSitterParser implements CodeParser {
  /** Grammars by language, loaded on first use; null when loading failed (reported once). */
  private readonly grammars = new Map<string, Promise<LoadedGrammar | null>>();

  constructor(private readonly onError: (error: Error, language: string) => void) {}

  hasGrammar(language: string): boolean {
    return Object.hasOwn(LANGUAGE_SPECS, language);
  }

  async extract(text: string, pathLanguage: string): Promise<FileExtract> {
    const language = refineLanguage(pathLanguage, text);
    if (!this.hasGrammar(language)) return plainExtract(text, language);
    const skip = parseSkipOf(text);
    if (skip === 'minified') return { ...plainExtract(text, language), parseSkip: skip };
    const grammar = await this.grammar(language);
    if (grammar === null) return plainExtract(text, language);
    if (skip === 'too-long') return this.extractInPieces(grammar, text, language, skip);
    const tree = parseShimmed(grammar, text);
    if (tree === null) {
      // A long file's parse that came back null ran past its deadline (or failed): smaller pieces may not.
      return text.length >= DEADLINE_MIN_CHARS ? this.extractInPieces(grammar, text, language, 'deadline') : plainExtract(text, language);
    }
    try {
      return extractFromTree(grammar, tree.rootNode, text, language);
    } catch (error) {
      this.onError(error as Error, language);
      return plainExtract(text, language);
    } finally {
      tree.delete();
    }
  }

  private extractInPieces(grammar: LoadedGrammar, text: string, language: string, skip: ParseSkip): FileExtract {
    try {
      const extract = extractInPieces(text, language, (piece) => {
        const tree = parseShimmed(grammar, piece);
        if (tree === null) return null;
        try {
          return extractFromTree(grammar, tree.rootNode, piece, language);
        } finally {
          tree.delete();
        }
      });
      return { ...extract, parseSkip: skip };
    } catch (error) {
      this.onError(error as Error, language);
      return { ...plainExtract(text, language), parseSkip: skip };
    }
  }

  dispose(): void {
    for (const pending of this.grammars.values()) {
      void pending.then((g) => {
        g?.query.delete();
        g?.errorQuery.delete();
        g?.parser.delete();
      });
    }
    this.grammars.clear();
  }

  private grammar(language: string): Promise<LoadedGrammar | null> {
    let pending = this.grammars.get(language);
    if (pending === undefined) {
      pending = loadGrammar(LANGUAGE_SPECS[language]).catch((error: Error) => {
        this.onError(error, language);
        return null;
      });
      this.grammars.set(language, pending);
    }
    return pending;
  }
}

/** Whether a text is small and unminified enough to be parsed whole. */
export function worthParsing(text: string): boolean {
  return parseSkipOf(text) === null;
}

/** Why a text is not parsed whole, known before trying, or null. Minified comes first: a minified
 *  bundle over the cap yields no definitions worth a parse in pieces either. */
export function parseSkipOf(text: string): ParseSkip | null {
  if (text.length < MINIFIED_MIN_CHARS) return null;
  let lineCount = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCount++;
  if (text.length / lineCount > MINIFIED_AVERAGE_LINE) return 'minified';
  return text.length > MAX_PARSE_CHARS ? 'too-long' : null;
}

/**
 * A parse that has errors is tried once more with the syntax the grammar does not know blanked
 * (syntax-shims.ts); the second tree is kept when it has fewer errors. Offsets are the same in both.
 */
function parseShimmed(grammar: LoadedGrammar, text: string): Tree | null {
  const tree = parse(grammar, text);
  const shims = grammar.spec.shims;
  if (tree === null || !tree.rootNode.hasError || shims === undefined) return tree;
  const blanked = blankUnknownSyntax(text, shims);
  const second = blanked === null ? null : parse(grammar, blanked);
  if (second === null) return tree;
  if (errorCount(grammar, second) < errorCount(grammar, tree)) {
    tree.delete();
    return second;
  }
  second.delete();
  return tree;
}

function errorCount(grammar: LoadedGrammar, tree: Tree): number {
  return tree.rootNode.hasError ? grammar.errorQuery.captures(tree.rootNode).length : 0;
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
  const captures = collectCaptures(grammar, root, text);
  const { symbols, placed } = buildSymbols(captures.definitions, captures.calls, grammar.spec, lines);
  const found = grammar.spec.textExports?.(text, lines) ?? [];
  const exports = exportsOf([...captures.exports, ...found], symbols, grammar.spec);
  const calls = captures.calls.map((c) => c.call);
  const imports = normalizeImports(captures.imports, grammar.spec.importSeparator);
  resolveCallTargets(calls, symbols, imports, grammar.spec);
  const extract: FileExtract = { language, chunks: codeChunks(lines, placed), symbols, calls, imports, exports };
  if (root.hasError) {
    const errors = grammar.errorQuery.captures(root);
    extract.parseErrors = errors.length;
    if (errors.length > 0) extract.firstErrorLine = errors.reduce((row, e) => Math.min(row, errorRow(e.node)), Infinity) + 1;
  }
  return extract;
}

/**
 * The row where an error node's damage starts. An ERROR node often takes in the good definitions
 * before the damage as its first children: those are passed over to the first child that is a bare
 * token or holds an error itself.
 */
function errorRow(node: Node): number {
  for (let i = 0; !node.isMissing && i < node.childCount; i++) {
    const child = node.child(i);
    if (child !== null && (!child.isNamed || child.hasError)) return child.startPosition.row;
  }
  return node.startPosition.row;
}

/** Exports the query and the text found, plus the symbols the language's convention exports. */
function exportsOf(found: ExtractedExport[], symbols: ExtractedSymbol[], spec: LanguageSpec): ExtractedExport[] {
  const names = new Set<string>();
  const exports = found.filter((e) => !names.has(e.name) && names.add(e.name));
  const isExported = spec.isExported;
  // An explicit export list (Python's `__all__`) replaces the convention.
  if (isExported === undefined || (spec.exportListReplacesConvention && exports.length > 0)) return exports;
  for (const symbol of symbols) {
    if (names.has(symbol.name) || !isExported(symbol)) continue;
    names.add(symbol.name);
    exports.push({ name: symbol.name, line: symbol.nameRange.startLine, col: symbol.nameRange.startCol });
  }
  return exports;
}

/** Drops imports whose module was not captured; splits `a.b.C` into module `a.b` and name `C`. */
function normalizeImports(imports: ExtractedImport[], separator: string | undefined): ExtractedImport[] {
  const kept = imports.filter((i) => i.module !== '');
  if (separator === undefined) return kept;
  for (const entry of kept) {
    const cut = entry.module.lastIndexOf(separator);
    if (entry.names.length > 0 || cut <= 0) continue;
    entry.names.push(entry.module.slice(cut + separator.length));
    entry.module = entry.module.slice(0, cut);
  }
  return kept;
}
