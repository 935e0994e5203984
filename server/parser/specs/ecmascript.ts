// JavaScript, TypeScript and TSX: one tags query, with the TypeScript-only patterns added for
// the TypeScript grammars (their node types do not exist in the JavaScript grammar).
import type { LanguageSpec } from '../language-spec.js';
import { commonJsExports, exportClauseNames, importClauseBindings, importClauseNames, reexportBindings } from './module-clauses.js';
import { vscodeGrammar } from './shared.js';
import { TYPESCRIPT_SHIMS } from '../syntax-shims.js';

// Order matters: when two patterns name the same definition the earlier one wins, so functions
// held in variables and fields come before the plain variable and field patterns.
const DEFINITIONS = `
(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (_) @name) @definition.class
(class name: (_) @name) @definition.class
(method_definition name: (_) @name) @definition.method
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @definition.function
(assignment_expression left: (identifier) @name right: [(arrow_function) (function_expression)]) @definition.function
(assignment_expression
  left: (member_expression object: (_) @receiver property: (property_identifier) @name)
  right: [(arrow_function) (function_expression)]) @definition.function
(assignment_expression
  left: (member_expression
    object: (member_expression object: (identifier) property: (property_identifier) @_prototype) @receiver
    property: (property_identifier) @name)
  (#eq? @_prototype "prototype")) @definition.method
(pair key: [(property_identifier) (string)] @name value: [(arrow_function) (function_expression)]) @definition.method
(function_expression name: (identifier) @name) @definition.function
(program (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable))
(program (variable_declaration (variable_declarator name: (identifier) @name) @definition.variable))
(export_statement declaration: (lexical_declaration (variable_declarator name: (identifier) @name) @definition.variable))
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
(construct_signature "new" @name) @definition.method.signature
(public_field_definition name: (_) @name value: [(arrow_function) (function_expression)]) @definition.method
(public_field_definition name: (_) @name) @definition.field
(property_signature name: (_) @name) @definition.property
(enum_body name: (property_identifier) @name @definition.enummember)
(enum_assignment name: (property_identifier) @name) @definition.enummember
`;

const CALLS = `
(call_expression function: [
  (identifier) @callee
  (import) @callee
  (member_expression property: [(property_identifier) (private_property_identifier)] @callee)])
(new_expression constructor: [(identifier) @callee (member_expression property: (property_identifier) @callee)])
`;

// Import and export clauses are read from their text (see module-clauses.ts): one match per
// statement instead of one per name.
const IMPORTS = `
(import_statement (import_clause)? @import.clause source: (string (string_fragment) @import.module)) @import
(export_statement (export_clause)? @import.clause source: (string (string_fragment) @import.module)) @import
`;

const TYPESCRIPT_IMPORTS = `
(import_statement (import_require_clause (identifier) @import.namespace source: (string (string_fragment) @import.module))) @import
`;

// Declarations exported with `export` are found from their line (see isExported), CommonJS
// exports from the text (see commonJsExports); these are the other ways to export a name.
const EXPORTS = `
(export_statement (export_clause) @export.clause)
(export_statement "default" @export.default)
`;

export const javascript: LanguageSpec = {
  grammar: vscodeGrammar('javascript'),
  query: DEFINITIONS + JAVASCRIPT_DEFINITIONS + CALLS + IMPORTS + EXPORTS,
  comments: { line: /^\/\//, block: true, attribute: /^@/ },
  constructorNames: new Set(['constructor']),
  importCallees: new Set(['require', 'import']),
  isConstant: (_name, signature) => /^(export\s+)?(declare\s+)?const\s/.test(signature),
  normalizeReceiver,
  isExported: (symbol) => symbol.container === null && symbol.signature.startsWith('export '),
  importClauseNames,
  importClauseBindings,
  reexportBindings,
  memberTypes: new Set(['member_expression']),
  selfNames: new Set(['this']),
  exportClauseNames,
  textExports: commonJsExports,
};

const typescriptQuery = DEFINITIONS + TYPESCRIPT_DEFINITIONS + CALLS + IMPORTS + TYPESCRIPT_IMPORTS + EXPORTS;

// TypeScript modules do not use CommonJS exports.
export const typescript: LanguageSpec = {
  ...javascript,
  grammar: vscodeGrammar('typescript'),
  query: typescriptQuery,
  shims: TYPESCRIPT_SHIMS,
  textExports: undefined,
};
export const tsx: LanguageSpec = { ...typescript, grammar: vscodeGrammar('tsx') };

/**
 * `A.f = function` declares f on A, and `A.prototype.f = ...` on A's instances; `exports.f`,
 * `this.f` and computed objects name no type.
 */
function normalizeReceiver(receiver: string): string | null {
  const type = receiver.endsWith('.prototype') ? receiver.slice(0, -'.prototype'.length) : receiver;
  if (!/^[A-Za-z_$][\w$]*$/.test(type)) return null;
  return type === 'exports' || type === 'module' || type === 'this' || type === 'self' || type === 'window' ? null : type;
}
