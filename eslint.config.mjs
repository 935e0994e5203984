// Lint for the TypeScript sources: typescript-eslint's recommended rules, and the floors of server/
// (docs/architecture.md) kept by eslint-plugin-boundaries: a file may import its own folder and the
// floors below it, never a floor above or a folder beside it on the same floor. Formatting is
// prettier's (.prettierrc.json); eslint-config-prettier turns off the rules that would fight it.
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';
import prettier from 'eslint-config-prettier';

/** server/ from the ground up; folders on one floor do not import each other. */
const FLOORS = [
  ['common'],
  ['config'],
  ['storage'],
  ['text', 'parser'],
  ['indexer', 'search', 'embed'],
  ['queries'],
  ['engine'],
  ['tools'],
  ['lsp', 'cli', 'mcp'],
  ['entries'],
];

const serverElements = [
  ...FLOORS.flat()
    .filter((type) => type !== 'entries')
    .map((type) => ({ type, pattern: `server/${type}` })),
  // Last, so it takes only the files at the top of server/: the language server's entry (main.ts)
  // and the core's surface for tests and benchmarks (core.ts).
  { type: 'entries', pattern: 'server' },
];

const floorPolicies = FLOORS.flatMap((floor, level) =>
  floor.map((type) => ({
    from: { element: { type } },
    allow: { to: { element: { types: { anyOf: [type, 'shared', ...FLOORS.slice(0, level).flat()] } } } },
  })),
);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/**', 'bench/**', '*.mjs', '.vscode-test/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['server/**/*.ts', 'shared/**/*.ts', 'extension/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { typescript: { project: './tsconfig.json' } },
      'boundaries/elements': [{ type: 'shared', pattern: 'shared' }, { type: 'extension', pattern: 'extension' }, ...serverElements],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message: 'an import must point down the floors of server/ (docs/architecture.md, "Floors")',
          policies: [
            { from: { element: { type: 'shared' } }, allow: { to: { element: { type: 'shared' } } } },
            { from: { element: { type: 'extension' } }, allow: { to: { element: { types: { anyOf: ['extension', 'shared'] } } } } },
            ...floorPolicies,
          ],
        },
      ],
      // Every file belongs to a floor: a new folder has to be placed before it can be imported.
      'boundaries/no-unknown-files': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Statements come from the one cache (storage/statements.ts); only the drivers prepare directly.
    files: ['server/**/*.ts'],
    ignores: ['server/storage/statements.ts', 'server/storage/transaction.ts', 'server/storage/*-driver.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='prepare'][arguments.length=1]",
          message: 'Use statement(conn, sql) from storage/statements.ts: statements are prepared once per connection and kept.',
        },
        {
          selector: "CallExpression[callee.property.name='exec'] > Literal[value=/^\\s*BEGIN/i]",
          message: 'Use writeTransaction() from storage/transaction.ts.',
        },
      ],
    },
  },
  prettier,
);
