// The shape of what one file yields to the index: chunks of text plus the definitions, calls and
// imports found in it. Produced by the parser (or the plain-text chunker), consumed by the writer.

/** LSP SymbolKind values, kept here so the core does not depend on the LSP packages. */
export const SymbolKind = {
  File: 1,
  Module: 2,
  Namespace: 3,
  Package: 4,
  Class: 5,
  Method: 6,
  Property: 7,
  Field: 8,
  Constructor: 9,
  Enum: 10,
  Interface: 11,
  Function: 12,
  Variable: 13,
  Constant: 14,
  String: 15,
  Number: 16,
  Boolean: 17,
  Array: 18,
  Object: 19,
  Key: 20,
  Null: 21,
  EnumMember: 22,
  Struct: 23,
  Event: 24,
  Operator: 25,
  TypeParameter: 26,
} as const;
export type SymbolKindValue = (typeof SymbolKind)[keyof typeof SymbolKind];

/** Lines are 1-based and inclusive; columns are 0-based UTF-16 offsets, as in LSP. */
export interface SourceRange {
  startLine: number;
  startCol: number;
  endLine: number;
  endCol: number;
}

export interface ExtractedSymbol {
  name: string;
  kind: SymbolKindValue;
  /** Qualified name of the enclosing definition (`Outer.Inner`), or null at top level. */
  container: string | null;
  range: SourceRange;
  nameRange: SourceRange;
  /** The definition's first line, trimmed, capped in length. */
  signature: string;
  /** The doc comment or docstring, without comment markers, or null. */
  doc: string | null;
}

export interface ExtractedCall {
  callee: string;
  /** Qualified name of the enclosing definition, or null at top level. */
  caller: string | null;
  line: number;
  col: number;
  /** What the call is made on, as written (`this`, `self`, `Foo`, `mod.sub`); `?` for any other
   *  expression (`a().b()`); null for a bare call or a language whose calls are not read so far. */
  qualifier?: string | null;
  /** Where the file's own syntax says the call goes (server/parser/call-targets.ts), or null. */
  target?: CallTarget | null;
}

/**
 * The definition a call provably targets, as far as one file can tell: `name` inside `container`
 * (a qualified name, or null for the top level) of the file `module` names (a specifier as written,
 * resolved to a file at query time), or of this file when `module` is null. `name` is `default`
 * for a module's default export.
 */
export interface CallTarget {
  module: string | null;
  container: string | null;
  name: string;
}

/** One name an import binds in the file: `local` stands for `imported` of the module (`*`: the
 *  module itself, as a namespace; `default`: its default export). */
export interface ImportBinding {
  local: string;
  imported: string;
}

export interface ExtractedImport {
  module: string;
  names: string[];
  line: number;
  col: number;
  /** The names it binds, where the language's imports are read that closely (TS/JS, Python). */
  bindings?: ImportBinding[];
  /** A re-export (`export { a as b } from './x'`, `export * from './x'`): `local` is the exported
   *  name (`*` for all of them), `imported` the module's name for it. */
  reexport?: boolean;
}

export interface ExtractedExport {
  name: string;
  line: number;
  col: number;
}

export interface Chunk {
  startLine: number;
  endLine: number;
  text: string;
  /** sha1 hex of `text`: the key vectors are stored under, so unchanged chunks keep them. */
  hash: string;
  /** The definition this chunk covers, if it covers one. */
  symbol: string | null;
  kind: SymbolKindValue | null;
}

export interface FileExtract {
  language: string;
  chunks: Chunk[];
  symbols: ExtractedSymbol[];
  calls: ExtractedCall[];
  imports: ExtractedImport[];
  exports: ExtractedExport[];
  /** Set when the parser hit syntax errors: what parsed is still kept. */
  parseErrors?: number;
  /** With parseErrors: the 1-based line of the first error. */
  firstErrorLine?: number;
  /** Set when the file was not parsed whole (see ParseSkip). */
  parseSkip?: ParseSkip;
}

/**
 * Why a file with a grammar was not parsed whole: 'too-long' (over MAX_PARSE_CHARS) and 'deadline'
 * (its parse ran past PARSE_DEADLINE_MS) get their definitions from a parse in pieces; 'minified'
 * files get none, since names from them are noise.
 */
export type ParseSkip = 'too-long' | 'deadline' | 'minified';

/** What each FTS5 column of a file's chunks holds: identifier-split words (text/fts-words.ts). */
export interface FtsWords {
  path: string;
  /** One entry per chunk, in order. */
  chunks: Array<{ name: string; body: string }>;
}
