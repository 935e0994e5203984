// Go: functions, methods (named inside their receiver type), types, imports.
import type { LanguageSpec } from '../language-spec.js';
import { SymbolKind } from '../../common/extract-types.js';
import { vscodeGrammar } from './shared.js';

const QUERY = `
(function_declaration name: (identifier) @name) @definition.function
(method_declaration
  receiver: (parameter_list . (parameter_declaration type: (_) @receiver))
  name: (field_identifier) @name) @definition.method
(method_declaration name: (field_identifier) @name) @definition.method
(type_spec name: (type_identifier) @name type: (struct_type)) @definition.struct
(type_spec name: (type_identifier) @name type: (interface_type)) @definition.interface
(type_spec name: (type_identifier) @name) @definition.type
(type_alias name: (type_identifier) @name) @definition.type
(method_elem name: (field_identifier) @name) @definition.method.signature
(field_declaration name: (field_identifier) @name) @definition.field
(const_spec name: (identifier) @name) @definition.constant
(source_file (var_declaration (var_spec name: (identifier) @name) @definition.variable))

(call_expression function: [(identifier) @callee (selector_expression field: (field_identifier) @callee)])

(import_spec path: (_) @import.module) @import
(import_spec name: (_) @import.name) @import
`;

/**
 * The type a receiver names: `T`, `*T`, `List[T]`, and the rarer `(*T)` and `*(T)`. A receiver on
 * another package's type (`time.Time`, an error only the compiler reports) names none here.
 */
function receiverType(receiver: string): string | null {
  const type = receiver
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/[\s()*]/g, '')
    .replace(/\[[\s\S]*$/, '');
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(type) ? type : null;
}

export const go: LanguageSpec = {
  grammar: vscodeGrammar('go'),
  query: QUERY,
  comments: { line: /^\/\//, block: true },
  normalizeReceiver: receiverType,
  // Go exports by capitalisation: top-level names and methods starting with an upper-case letter.
  isExported: (symbol) => (symbol.container === null || symbol.kind === SymbolKind.Method) && /^\p{Lu}/u.test(symbol.name),
};
