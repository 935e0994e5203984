// Ruby: classes, modules, methods, constants; `require` calls as imports.
import type { LanguageSpec } from '../language-spec.js';
import { vscodeGrammar } from './shared.js';

const QUERY = `
(class name: [(constant) (scope_resolution)] @name) @definition.class
(singleton_class value: (_) @name) @scope
(module name: [(constant) (scope_resolution)] @name) @definition.module
(method name: (_) @name) @definition.method
(singleton_method name: (_) @name) @definition.method
(assignment left: (constant) @name) @definition.constant

(call method: [(identifier) (constant)] @callee)
`;

export const ruby: LanguageSpec = {
  grammar: vscodeGrammar('ruby'),
  query: QUERY,
  comments: { line: /^#/, block: false },
  constructorNames: new Set(['initialize']),
  nameSuffixes: '?!',
  importCallees: new Set(['require', 'require_relative', 'load', 'autoload']),
  isExported: (symbol) => symbol.container === null,
};
