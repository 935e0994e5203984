// Rust: items, methods named inside the type their impl block is for, `use` trees.
import { SymbolKind } from '../../common/extract-types.js';
import type { LanguageSpec } from '../language-spec.js';
import { vscodeGrammar } from './shared.js';

const IMPL_TYPE = `[
  (type_identifier) @name
  (generic_type type: (type_identifier) @name)
  (scoped_type_identifier name: (type_identifier) @name)
  (generic_type type: (scoped_type_identifier name: (type_identifier) @name))]`;

const CALLEE = `[
  (identifier) @callee
  (field_expression field: (field_identifier) @callee)
  (scoped_identifier name: (identifier) @callee)]`;

const QUERY = `
(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function.signature
(struct_item name: (type_identifier) @name) @definition.struct
(union_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(trait_item name: (type_identifier) @name) @definition.trait
(mod_item name: (identifier) @name) @definition.module
(macro_definition name: (identifier) @name) @definition.macro
(type_item name: (type_identifier) @name) @definition.type
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.variable
(field_declaration name: (field_identifier) @name) @definition.field
(enum_variant name: (identifier) @name) @definition.enummember
(impl_item type: ${IMPL_TYPE}) @scope

(call_expression function: ${CALLEE})
(call_expression function: (generic_function function: ${CALLEE}))

(use_declaration argument: (identifier) @import.module) @import
(use_declaration argument: (scoped_identifier path: (_) @import.module name: (identifier) @import.name)) @import
(use_declaration argument: (use_as_clause path: (scoped_identifier path: (_) @import.module name: (identifier) @import.name))) @import
(use_declaration argument: (scoped_use_list path: (_) @import.module)) @import
(use_declaration argument: (scoped_use_list list: (use_list [(identifier) (self) (scoped_identifier)] @import.name))) @import
(use_declaration argument: (scoped_use_list list: (use_list (use_as_clause path: (_) @import.name)))) @import
(use_declaration argument: (use_wildcard (_) @import.module)) @import
(extern_crate_declaration name: (identifier) @import.module) @import
`;

export const rust: LanguageSpec = {
  grammar: vscodeGrammar('rust'),
  query: QUERY,
  comments: { line: /^\/\//, block: true, attribute: /^#!?\[/ },
  // `pub(crate)` and friends stay inside the crate; only plain `pub` is visible to other crates.
  // Enum variants share their enum's visibility (and often its line), so they are not counted twice.
  isExported: (symbol) => symbol.kind !== SymbolKind.EnumMember && /^pub\s/.test(symbol.signature),
};
