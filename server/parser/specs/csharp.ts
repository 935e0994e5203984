// C#: types, members, namespaces, `using` directives.
import type { LanguageSpec } from '../language-spec.js';
import { TYPE_KINDS, vscodeGrammar } from './shared.js';

const QUERY = `
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(struct_declaration name: (identifier) @name) @definition.struct
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(delegate_declaration name: (identifier) @name) @definition.type
(namespace_declaration name: (_) @name) @definition.namespace
(method_declaration name: (identifier) @name body: (_)) @definition.method
(method_declaration name: (identifier) @name) @definition.method.signature
(constructor_declaration name: (identifier) @name) @definition.constructor
(destructor_declaration "~" @name name: (identifier) @name.end) @definition.method
(operator_declaration "operator" @name operator: _ @name.end) @definition.operator
(conversion_operator_declaration "operator" @name type: (_) @name.end) @definition.operator
(property_declaration name: (identifier) @name) @definition.property
(field_declaration (variable_declaration (variable_declarator (identifier) @name))) @definition.field
(enum_member_declaration name: (identifier) @name) @definition.enummember

(invocation_expression function: [
  (identifier) @callee
  (generic_name (identifier) @callee)
  (member_access_expression name: [(identifier) @callee (generic_name (identifier) @callee)])])
(object_creation_expression type: [(identifier) @callee (generic_name (identifier) @callee) (qualified_name (identifier) @callee .)])

(using_directive [(identifier) (qualified_name)] @import.module .) @import
`;

export const csharp: LanguageSpec = {
  grammar: vscodeGrammar('c-sharp'),
  query: QUERY,
  comments: { line: /^\/\//, block: true, attribute: /^\[/ },
  isExported: (symbol) => TYPE_KINDS.has(symbol.kind) && /\bpublic\b/.test(symbol.signature),
};
