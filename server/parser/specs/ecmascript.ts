// JavaScript, TypeScript and TSX: one tags query, with the TypeScript-only patterns added for
// the TypeScript grammars (their node types do not exist in the JavaScript grammar).
import type { LanguageSpec } from '../language-spec.js';

// Order matters: when two patterns name the same definition the earlier one wins, so functions
// held in variables and fields come before the plain variable and field patterns.
const DEFINITIONS = `
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (_) @name) @definition.class
(class name: (_) @name) @definition.class
(method_definition name: (property_identifier) @name (#eq? @name "constructor")) @definition.constructor
(method_definition name: (_) @name) @definition.method
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @receiver property: (property_identifier) @_prototype)
    property: (property_identifier) @name)
  (#eq? @_prototype "prototype")) @definition.method
(pair key: (property_identifier) @name value: [(arrow_function) (function_expression)]) @definition.method
(program (lexical_declaration "const" (variable_declarator name: (identifier) @name) @definition.constant))
(program (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable))
(program (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable))
(program (export_statement declaration: (lexical_declaration "const" (variable_declarator name: (identifier) @name) @definition.constant)))
(program (export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable)))
`;

const JAVASCRIPT_DEFINITIONS = `
(field_definition property: (property_identifier) @name value: [(arrow_function) (function_expression)]) @definition.method
(field_definition property: (_) @name) @definition.field
`;

const TYPESCRIPT_DEFINITIONS = `
(function_signature name: (identifier) @name) @definition.function.signature
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(interface_declaration name: (type_identifier) @name) @definition.interface
(enum_declaration name: (identifier) @name) @definition.enum
(type_alias_declaration name: (type_identifier) @name) @definition.type
(internal_module name: (_) @name) @definition.namespace
(module name: (_) @name) @definition.module
(method_signature name: (_) @name) @definition.method.signature
(abstract_method_signature name: (_) @name) @definition.method.signature
(public_field_definition name: (_) @name value: [(arrow_function) (function_expression)]) @definition.method
(public_field_definition name: (_) @name) @definition.field
(property_signature name: (_) @name) @definition.property
(enum_body name: (property_identifier) @name @definition.enummember)
(enum_assignment name: (property_identifier) @name) @definition.enummember
`;

const CALLS = `
(call_expression function: [
  (identifier) @callee
  (member_expression property: [(property_identifier) (private_property_identifier)] @callee)])
(new_expression constructor: [(identifier) @callee (member_expression property: (property_identifier) @callee)])
`;

const IMPORTS = `
(import_statement source: (string (string_fragment) @import.module)) @import
(import_statement (import_clause (identifier) @import.name)) @import
(import_statement (import_clause (named_imports (import_specifier name: (_) @import.name)))) @import
(import_statement (import_clause (namespace_import (identifier) @import.name))) @import
(export_statement source: (string (string_fragment) @import.module)) @import
(export_statement (export_clause (export_specifier name: (_) @import.name)) source: (string)) @import
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (string (string_fragment) @import.module))
  (#eq? @_require "require")) @import
(call_expression function: (import) arguments: (arguments . (string (string_fragment) @import.module))) @import
`;

const TYPESCRIPT_IMPORTS = `
(import_statement (import_require_clause (identifier) @import.name source: (string (string_fragment) @import.module))) @import
`;

const EXPORTS = `
(export_statement declaration: (_ name: (_) @export.name))
(export_statement declaration: (_ (variable_declarator name: (identifier) @export.name)))
(export_statement (export_clause (export_specifier name: (_) @export.name !alias)))
(export_statement (export_clause (export_specifier alias: (_) @export.name)))
(export_statement "default" @export.default)
(assignment_expression
  left: (member_expression object: (identifier) @_exports property: (property_identifier) @export.name)
  (#eq? @_exports "exports"))
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) @_module property: (property_identifier) @_exports)
    property: (property_identifier) @export.name)
  (#eq? @_module "module") (#eq? @_exports "exports"))
`;

const COMMENTS = new Set(['comment']);
const WRAPPERS = new Set(['export_statement', 'lexical_declaration', 'variable_declaration', 'ambient_declaration', 'expression_statement']);

export const javascript: LanguageSpec = {
  grammar: 'javascript',
  query: DEFINITIONS + JAVASCRIPT_DEFINITIONS + CALLS + IMPORTS + EXPORTS,
  commentTypes: COMMENTS,
  wrapperTypes: WRAPPERS,
};

const typescriptQuery = DEFINITIONS + TYPESCRIPT_DEFINITIONS + CALLS + IMPORTS + TYPESCRIPT_IMPORTS + EXPORTS;

export const typescript: LanguageSpec = { ...javascript, grammar: 'typescript', query: typescriptQuery };
export const tsx: LanguageSpec = { ...javascript, grammar: 'tsx', query: typescriptQuery };
