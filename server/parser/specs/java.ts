// Java: types, methods (annotation elements too), constructors, fields; imports split into package and name.
import type { LanguageSpec } from '../language-spec.js';
import { TYPE_KINDS, vscodeGrammar } from './shared.js';

const QUERY = `
(class_declaration name: (identifier) @name) @definition.class
(interface_declaration name: (identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(annotation_type_declaration name: (identifier) @name) @definition.interface
(method_declaration name: (identifier) @name body: (block)) @definition.method
(method_declaration name: (identifier) @name) @definition.method.signature
(annotation_type_element_declaration name: (identifier) @name) @definition.method.signature
(constructor_declaration name: (identifier) @name) @definition.constructor
(field_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.field
(constant_declaration declarator: (variable_declarator name: (identifier) @name)) @definition.constant
(enum_constant name: (identifier) @name) @definition.enummember

(method_invocation name: (identifier) @callee)
(object_creation_expression type: [
  (type_identifier) @callee
  (generic_type (type_identifier) @callee)
  (scoped_type_identifier (type_identifier) @callee .)])

(import_declaration (scoped_identifier) @import.module) @import
(import_declaration (identifier) @import.module) @import
(import_declaration (asterisk) @import.name) @import
`;

export const java: LanguageSpec = {
  grammar: vscodeGrammar('java'),
  query: QUERY,
  comments: { line: /^\/\//, block: true, attribute: /^@/ },
  isExported: (symbol) => TYPE_KINDS.has(symbol.kind) && /\bpublic\b/.test(symbol.signature),
  importSeparator: '.',
};
