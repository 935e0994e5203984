// C and C++: functions (through their declarators), types, macros, includes; C++ adds classes,
// namespaces and out-of-line methods (`void A::f()`), which are named inside their class.
import type { LanguageSpec } from '../language-spec.js';
import { isExternalLinkage, vscodeGrammar } from './shared.js';
import { C_FAMILY_SHIMS } from '../syntax-shims.js';

/**
 * A function's name sits under up to two pointer (and in C++ reference) declarators. One flat
 * alternation: nested in another, the reference branch never matched (`int& f()` had no symbol).
 */
function functionDeclarators(names: string, cpp: boolean): string {
  const direct = `(function_declarator declarator: ${names} @name)`;
  const wrappers = cpp
    ? [(inner: string) => `(pointer_declarator declarator: ${inner})`, (inner: string) => `(reference_declarator ${inner})`]
    : [(inner: string) => `(pointer_declarator declarator: ${inner})`];
  const once = wrappers.map((wrap) => wrap(direct));
  const twice = wrappers.flatMap((outer) => once.map((inner) => outer(inner)));
  return `[${[direct, ...once, ...twice].join(' ')}]`;
}

const C_NAMES = '(identifier)';
const CPP_NAMES = '[(identifier) (field_identifier) (qualified_identifier) (destructor_name) (operator_name)]';

function commonQuery(names: string, cpp: boolean): string {
  const declarators = functionDeclarators(names, cpp);
  return `
(function_definition declarator: ${declarators}) @definition.function
(declaration declarator: ${declarators}) @definition.function.signature
(field_declaration declarator: ${declarators}) @definition.function.signature
(struct_specifier name: (type_identifier) @name body: (_)) @definition.struct
(union_specifier name: (type_identifier) @name body: (_)) @definition.struct
(enum_specifier name: (type_identifier) @name body: (_)) @definition.enum
(type_definition declarator: (type_identifier) @name) @definition.type
(enumerator name: (identifier) @name) @definition.enummember
(field_declaration declarator: [
  (field_identifier) @name
  (pointer_declarator declarator: [(field_identifier) @name (pointer_declarator declarator: (field_identifier) @name)])
  (array_declarator declarator: [(field_identifier) @name (array_declarator declarator: (field_identifier) @name)])]) @definition.field
(preproc_def name: (identifier) @name) @definition.constant
(preproc_function_def name: (identifier) @name) @definition.macro
(translation_unit (declaration declarator: [
  (identifier) @name
  (pointer_declarator declarator: (identifier) @name)
  (array_declarator declarator: (identifier) @name)
  (init_declarator declarator: [
    (identifier) @name
    (pointer_declarator declarator: (identifier) @name)
    (array_declarator declarator: (identifier) @name)])]) @definition.variable)

(preproc_include path: (_) @import.module) @import
`;
}

const C_CALLS = `
(call_expression function: [(identifier) @callee (field_expression field: (field_identifier) @callee)])
`;

const CPP_ONLY = `
(class_specifier name: (type_identifier) @name body: (_)) @definition.class
(namespace_definition name: (_) @name) @definition.namespace
(alias_declaration name: (type_identifier) @name) @definition.type

(call_expression function: [
  (identifier) @callee
  (field_expression field: (field_identifier) @callee)
  (qualified_identifier name: (identifier) @callee)
  (template_function name: (identifier) @callee)
  (qualified_identifier name: (template_function name: (identifier) @callee))])
(new_expression type: [(type_identifier) @callee (qualified_identifier name: (type_identifier) @callee)])
`;

export const c: LanguageSpec = {
  // VS Code ships no C grammar; the grammar's own package carries its wasm build.
  grammar: 'tree-sitter-c/tree-sitter-c.wasm',
  query: commonQuery(C_NAMES, false) + C_CALLS,
  shims: C_FAMILY_SHIMS,
  comments: { line: /^\/\//, block: true },
  isExported: isExternalLinkage,
};

export const cpp: LanguageSpec = {
  grammar: vscodeGrammar('cpp'),
  query: commonQuery(CPP_NAMES, true) + CPP_ONLY,
  shims: C_FAMILY_SHIMS,
  comments: { line: /^\/\//, block: true, attribute: /^template\b/ },
  isExported: isExternalLinkage,
};
