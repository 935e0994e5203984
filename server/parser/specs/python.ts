// Python: definitions, calls, imports, `__all__`, and docstrings as docs.
import type { LanguageSpec } from '../language-spec.js';
import { vscodeGrammar } from './shared.js';

const QUERY = `
(class_definition name: (identifier) @name) @definition.class
(function_definition name: (identifier) @name) @definition.function
(assignment left: (identifier) @name right: (lambda)) @definition.function
(module (expression_statement (assignment left: (identifier) @name) @definition.variable))
(class_definition body: (block (expression_statement (assignment left: (identifier) @name) @definition.field)))

(call function: [(identifier) @callee (attribute attribute: (identifier) @callee)])

(import_statement name: (dotted_name) @import.module @import.self @import)
(import_statement name: (aliased_import name: (dotted_name) @import.module @import.self alias: (identifier) @import.as) @import)
(import_from_statement module_name: (_) @import.module) @import
(import_from_statement name: (dotted_name) @import.name) @import
(import_from_statement name: (aliased_import name: (dotted_name) @import.name alias: (identifier) @import.as)) @import
(import_from_statement (wildcard_import) @import.name) @import

(module (expression_statement
  (assignment left: (identifier) @_all right: (list (string) @export.name))
  (#eq? @_all "__all__")))
`;

export const python: LanguageSpec = {
  grammar: vscodeGrammar('python'),
  query: QUERY,
  // Decorators above a definition belong to its chunk (one-line decorators, that is).
  comments: { line: /^#/, block: false, attribute: /^@/ },
  docstrings: true,
  // By convention (PEP 8) a module-level name in capitals is a constant.
  isConstant: (name) => /^[A-Z][A-Z0-9_]*$/.test(name),
  // Without `__all__`, what a module exports by convention is its top-level names not starting with `_`.
  isExported: (symbol) => symbol.container === null && !symbol.name.startsWith('_'),
  exportListReplacesConvention: true,
  memberTypes: new Set(['attribute']),
  // By convention (PEP 8) the first parameter of a method and of a class method.
  selfNames: new Set(['self', 'cls']),
};
