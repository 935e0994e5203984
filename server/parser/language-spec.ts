// What the parser needs to know about one language: its grammar, its tags query and a few hooks.
//
// Each language's query uses one vocabulary of capture names, so one collector serves all of them:
//   @definition.<kind> + @name   a definition; <kind> is a key of DEFINITION_KINDS
//   @receiver                    (optional, with a definition) the type a method is declared on
//                                outside its body: Go receivers, C++ `A::f`, JS `A.prototype.f`
//   @scope + @name               names the definitions inside it without being a symbol (Rust impl)
//   @callee                      the called name in a call (the last identifier of the callee)
//   @import + @import.module / @import.name   one import; captures of one @import node are merged
//   @export.name, @export.default             a name the file exports
//   @_anything                   used only by predicates
import type { ExtractedSymbol } from '../indexer/extract-types.js';
import { SymbolKind, type SymbolKindValue } from '../indexer/extract-types.js';

/**
 * How a definition is chunked: a `body` (function, method) gets one chunk with everything inside it;
 * a `container` (class, module) gets chunks for its lines outside its members, which get their own;
 * a `leaf` (field, variable, signature) stays in whatever chunk surrounds it.
 */
export type DefinitionRole = 'body' | 'container' | 'leaf';

export interface DefinitionKind {
  kind: SymbolKindValue;
  role: DefinitionRole;
}

export const DEFINITION_KINDS: ReadonlyMap<string, DefinitionKind> = new Map<string, DefinitionKind>([
  ['function', { kind: SymbolKind.Function, role: 'body' }],
  ['function.signature', { kind: SymbolKind.Function, role: 'leaf' }],
  ['method', { kind: SymbolKind.Method, role: 'body' }],
  ['method.signature', { kind: SymbolKind.Method, role: 'leaf' }],
  ['constructor', { kind: SymbolKind.Constructor, role: 'body' }],
  ['macro', { kind: SymbolKind.Function, role: 'body' }],
  ['class', { kind: SymbolKind.Class, role: 'container' }],
  ['interface', { kind: SymbolKind.Interface, role: 'container' }],
  ['trait', { kind: SymbolKind.Interface, role: 'container' }],
  ['struct', { kind: SymbolKind.Struct, role: 'container' }],
  ['enum', { kind: SymbolKind.Enum, role: 'container' }],
  ['module', { kind: SymbolKind.Module, role: 'container' }],
  ['namespace', { kind: SymbolKind.Namespace, role: 'container' }],
  // LSP has no kind for type aliases; rust-analyzer and others report them as TypeParameter.
  ['type', { kind: SymbolKind.TypeParameter, role: 'leaf' }],
  ['variable', { kind: SymbolKind.Variable, role: 'leaf' }],
  ['constant', { kind: SymbolKind.Constant, role: 'leaf' }],
  ['field', { kind: SymbolKind.Field, role: 'leaf' }],
  ['property', { kind: SymbolKind.Property, role: 'leaf' }],
  ['enummember', { kind: SymbolKind.EnumMember, role: 'leaf' }],
]);

/** Kinds whose nested functions are methods (Python `def` in a class, Rust `fn` in an impl). */
export const METHOD_HOLDERS: ReadonlySet<SymbolKindValue> = new Set([
  SymbolKind.Class, SymbolKind.Interface, SymbolKind.Struct, SymbolKind.Enum,
]);

export interface LanguageSpec {
  /** Base name of the grammar in tree-sitter-wasms: out/tree-sitter-<grammar>.wasm. */
  grammar: string;
  /** The tags query, in the capture vocabulary above. */
  query: string;
  /** Node types that are comments, for doc comments above definitions. */
  commentTypes: ReadonlySet<string>;
  /** Node types that wrap a definition (export, decorators, templates): doc comments sit above them
   *  and the definition's chunk starts with them. */
  wrapperTypes: ReadonlySet<string>;
  /** Node types of attributes that sit as siblings above a definition (Rust `#[derive]`): skipped
   *  when looking for its doc comment, and part of its chunk. */
  attributeTypes?: ReadonlySet<string>;
  /** Python: the doc is the first string in the body rather than a comment above. */
  docstrings?: boolean;
  /** Whether a symbol is visible outside its file, for languages without export statements. */
  isExported?(symbol: ExtractedSymbol): boolean;
}
