// What the parser tests share: the built core bundle (dist/core.js, or CODE_INDEX_CORE for another
// build), the fixtures folder, and ways to look at an extract.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuild } from './fresh-build.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures', 'parser');
if (!process.env.CODE_INDEX_CORE) freshBuild();
export const core = createRequire(import.meta.url)(resolve(here, process.env.CODE_INDEX_CORE ?? '../../dist/core.js'));

/** LSP symbol kinds, as the extract reports them: the protocol package's own table, not the core's copy. */
export const { SymbolKind } = createRequire(import.meta.url)('vscode-languageserver-protocol');

/** The extract of a fixture file, in the language its name says. */
export async function extractFixture(parser, name) {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  return parser.extract(text, core.languageForPath(name));
}

/** The symbol with this qualified name (`Outer.Inner.name`). */
export function symbol(extract, qualifiedName) {
  const found = extract.symbols.find((s) => (s.container ? `${s.container}.${s.name}` : s.name) === qualifiedName);
  assert.ok(found, `no symbol ${qualifiedName} in ${extract.symbols.map((s) => s.name).join(', ')}`);
  return found;
}

/** Every call as `caller->callee`. */
export function calls(extract) {
  return extract.calls.map((c) => `${c.caller ?? '<top>'}->${c.callee}`);
}
