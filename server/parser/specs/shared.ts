// Small pieces more than one language spec uses.
import { SymbolKind, type SymbolKindValue } from '../../common/extract-types.js';

/** Kinds that declare a type, for languages that export their public types. */
export const TYPE_KINDS: ReadonlySet<SymbolKindValue> = new Set([
  SymbolKind.Class,
  SymbolKind.Interface,
  SymbolKind.Struct,
  SymbolKind.Enum,
]);

/** C and C++: a top-level definition is visible to other files unless it is `static`. */
export function isExternalLinkage(symbol: { container: string | null; signature: string }): boolean {
  return symbol.container === null && !/\bstatic\b/.test(symbol.signature);
}

/**
 * A grammar VS Code itself ships (`@vscode/tree-sitter-wasm`, kept current with the grammars' own
 * releases and built for the web-tree-sitter 0.25 runtime). Its file names use `-` (`c-sharp`).
 */
export function vscodeGrammar(name: string): string {
  return `@vscode/tree-sitter-wasm/wasm/tree-sitter-${name}.wasm`;
}
