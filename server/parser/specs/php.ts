// PHP: classes, interfaces, traits, enums, functions, methods; `use` clauses as imports.
import type { LanguageSpec } from '../language-spec.js';
import { vscodeGrammar } from './shared.js';

const QUERY = `
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name body: (_)) @definition.method
(method_declaration name: (name) @name) @definition.method.signature
(namespace_definition name: (namespace_name) @name) @definition.namespace
(property_declaration (property_element (variable_name (name) @name))) @definition.property
(const_declaration (const_element (name) @name)) @definition.constant
(enum_case name: (name) @name) @definition.enummember

(function_call_expression function: [(name) @callee (qualified_name (name) @callee)])
(member_call_expression name: (name) @callee)
(nullsafe_member_call_expression name: (name) @callee)
(scoped_call_expression name: (name) @callee)
(object_creation_expression [(name) @callee (qualified_name (name) @callee)])

(namespace_use_declaration (namespace_use_clause [(name) (qualified_name)] @import.module) @import)
(namespace_use_declaration
  (namespace_name) @import.module
  body: (namespace_use_group (namespace_use_clause [(name) (qualified_name)] @import.name))) @import
`;

export const php: LanguageSpec = {
  grammar: vscodeGrammar('php'),
  query: QUERY,
  comments: { line: /^(\/\/|#(?!\[))/, block: true, attribute: /^#\[/ },
  importSeparator: '\\',
  constructorNames: new Set(['__construct']),
  isExported: (symbol) => symbol.container === null,
};
