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
