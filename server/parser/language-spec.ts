// What the parser needs to know about one language: its grammar, its tags query and a few hooks.
//
// Each language's query uses one vocabulary of capture names, so one collector serves all of them:
//   @definition.<kind> + @name   a definition; <kind> is a key of DEFINITION_KINDS
//   @name.end                    (optional, with @name) the name runs from @name's start to here,
//                                its blanks collapsed: C# `operator ==`, `~Finalized`
//   @receiver                    (optional, with a definition) the type a method is declared on
//                                outside its body: Go receivers, C++ `A::f`, JS `A.prototype.f`
//   @scope + @name               names the definitions inside it without being a symbol (Rust impl)
//   @callee                      the called name in a call (the last identifier of the callee)
//   @import + @import.module / @import.name   one import; captures of one @import node are merged
//   @import.clause               a node whose text lists imported names (importClauseNames)
//   @import.namespace            (instead of @import.name) a name bound to the whole module (TS `import x = require`)
//   @import.as                   the local name an @import.name or @import.self is bound as
//   @import.self                 (with @import.module) the module binds its own name (Python `import a.b`)
//   @export.name, @export.default             a name the file exports
//   @export.alias                (with @export.name) the name it is exported as
//   @export.clause               a node whose text lists exported names (exportClauseNames)
//   @_anything                   used only by predicates
import type { ExtractedExport, ExtractedSymbol, ImportBinding } from '../common/extract-types.js';
import type { SyntaxShim } from './syntax-shims.js';
import type { LineIndex } from './line-index.js';
import { SymbolKind, type SymbolKindValue } from '../common/extract-types.js';

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
  ['operator', { kind: SymbolKind.Operator, role: 'body' }],
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
  SymbolKind.Class,
  SymbolKind.Interface,
  SymbolKind.Struct,
  SymbolKind.Enum,
]);

/** How a language writes comments, enough to read the doc comment above a definition. */
export interface CommentSyntax {
  /** Matches a line (leading blanks removed) that is a line comment: `//`, `#`. */
  line: RegExp;
  /** Whether the language has C-style block comments (slash-star to star-slash). */
  block: boolean;
  /** Matches a line between a doc comment and its definition that belongs to the definition:
   *  decorators, attributes, `template <...>`. */
  attribute?: RegExp;
}

export interface LanguageSpec {
  /** The grammar's `.wasm` file as a module path (`package/file.wasm`), resolved from node_modules:
   *  specs/shared.ts names where each package keeps its grammars. */
  grammar: string;
  /** The tags query, in the capture vocabulary above. */
  query: string;
  /** Syntax newer than the grammar, blanked for a second parse when the first has errors
   *  (syntax-shims.ts). */
  shims?: readonly SyntaxShim[];
  /** How comments and attributes look, for doc comments above definitions. */
  comments: CommentSyntax;
  /** Python: the doc is the first string in the body rather than a comment above. */
  docstrings?: boolean;
  /** For languages that import qualified names (Java `import a.b.C;`): an import without names
   *  imports the module's last segment after this separator from the rest. */
  importSeparator?: string;
  /** Methods with these names are constructors (`constructor` in JavaScript). */
  constructorNames?: ReadonlySet<string>;
  /** Whether a variable is a constant, from its name or the line declaring it. */
  isConstant?(name: string, signature: string): boolean;
  /** Turns the text of a @receiver into the type it names, or null when it names none. */
  normalizeReceiver?(receiver: string): string | null;
  /** Calls to these (`require`, `import()`) import the module their first string argument names;
   *  they are reported as imports, not calls. */
  importCallees?: ReadonlySet<string>;
  /** The names an `@import.clause` imports, read from its text. */
  importClauseNames?(clause: string): string[];
  /** The names an `@import.clause` binds in the file and what each stands for (call-targets.ts). */
  importClauseBindings?(clause: string): ImportBinding[];
  /** What a re-export statement (`export { a } from './x'`) exports, read from its text. */
  reexportBindings?(statement: string): ImportBinding[];
  /** Node types of a member access whose first named child is what a call is made on
   *  (`member_expression`, `attribute`): the call's qualifier. */
  memberTypes?: ReadonlySet<string>;
  /** The words that name the enclosing class's instance (`this`; `self`, `cls`). A language with
   *  them has its calls resolved within the file (call-targets.ts). */
  selfNames?: ReadonlySet<string>;
  /** The names an `@export.clause` exports, read from its text. */
  exportClauseNames?(clause: string): string[];
  /** Exports found in the text rather than the tree (CommonJS `exports.x =`). */
  textExports?(text: string, lines: LineIndex): ExtractedExport[];
  /** Characters that may end a method name (Ruby's `empty?` and `save!`). */
  nameSuffixes?: string;
  /** Whether a symbol is visible outside its file: the language's convention (Go capitals, `pub`,
   *  JavaScript `export` declarations). Adds to the exports the query finds. */
  isExported?(symbol: ExtractedSymbol): boolean;
  /** Python: when the query finds an export list (`__all__`), it replaces the convention. */
  exportListReplacesConvention?: boolean;
}
