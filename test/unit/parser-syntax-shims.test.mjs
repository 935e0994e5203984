// Syntax newer than the grammars (server/parser/syntax-shims.ts): the definitions around it are
// found, at the places they have in the original text, with the real parser.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { core, symbol } from '../helpers/parser.mjs';

let parser;
before(async () => {
  parser = await core.createParser();
});
after(() => parser.dispose());

/** The range a name has in `text` at its first occurrence as a word, as the extract reports it
 *  (1-based lines, UTF-16 columns). */
function rangeOf(text, name) {
  const offset = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`).exec(text).index;
  const before = text.slice(0, offset).split('\n');
  const startLine = before.length;
  const startCol = before[before.length - 1].length;
  return { startLine, startCol, endLine: startLine, endCol: startCol + name.length };
}

describe('typescript variance annotations', () => {
  // Shaped like effect's STM.ts and RedBlackTree.ts; the non-ASCII comment checks UTF-16 columns.
  const text = [
    '/** Größe: ∑ of effects 🎉 */',
    'export interface STM<out A, out E = never, in R = never> extends STM.Variance<A, E, R> {',
    '  readonly [Unify.typeSymbol]?: unknown',
    '}',
    'export interface RedBlackTree<in out Key, out Value>',
    '  extends Iterable<[Key, Value]> {}',
    'export class Ref<in out A extends object> { get(): A { return this.a } }',
    'type Reader<in R> = (r: R) => void',
    'export interface Adapter { (): number }',
    'export function gen<const T>(x: T): T { for (const k in x) out(k, in_); return x }',
    '',
  ].join('\n');

  test('definitions after them are found, at their original places', async () => {
    const x = await parser.extract(text, 'typescript');
    assert.equal(x.parseErrors, undefined, 'the blanked text parses without errors');
    for (const name of ['STM', 'RedBlackTree', 'Ref', 'Reader', 'Adapter', 'gen']) {
      assert.deepEqual(symbol(x, name).nameRange, rangeOf(text, name), name);
    }
    assert.equal(symbol(x, 'Ref.get').nameRange.startLine, 7);
    assert.equal(symbol(x, 'STM').range.startLine, 2);
    assert.equal(symbol(x, 'STM').range.endLine, 4);
  });

  test('signatures and chunks keep the text as written', async () => {
    const x = await parser.extract(text, 'typescript');
    assert.equal(symbol(x, 'STM').signature, text.split('\n')[1].trim());
    assert.ok(x.chunks.some((c) => c.text.includes('<in out Key, out Value>')));
    const calls = x.calls.map((c) => c.callee);
    assert.ok(calls.includes('out'), 'a call to a function named out is a call still');
  });

  test('tsx files get the same', async () => {
    const x = await parser.extract('export interface Box<out T> { value: T }\nexport function View() { return <div /> }\n', 'tsx');
    assert.equal(x.parseErrors, undefined);
    assert.deepEqual(symbol(x, 'View').nameRange, { startLine: 2, startCol: 16, endLine: 2, endCol: 20 });
  });
});

describe('typescript call signatures on their own line', () => {
  // effect's `dual` overloads: members of a type literal without `;`, each line starting with `<` or `(`.
  const text = [
    'export const replicate: {',
    '  /** Größe 🎉 */',
    '  (n: number): <A>(a: A) => Iterable<A>',
    '  /** the data-first form */',
    '  <A>(a: A, n: number): Iterable<A>',
    '  <',
    '    B',
    '  >(b: B): void',
    '} = dual(2, (a, n) => [a])',
    'export interface Adapter {',
    '  <A>(self: A): A',
    '  (self: number): number // a comment',
    '  (self: string): string',
    '}',
    'export const f = (a: number) =>',
    '  (b: number) => a + b',
    'export function later() { return 1 }',
    '',
  ].join('\n');

  test('the definitions after them are found, at their original places', async () => {
    const x = await parser.extract(text, 'typescript');
    assert.equal(x.parseErrors, undefined);
    for (const name of ['replicate', 'Adapter', 'f', 'later']) assert.deepEqual(symbol(x, name).nameRange, rangeOf(text, name), name);
    assert.equal(symbol(x, 'Adapter').range.endLine, 14);
  });

  test('a line after an arrow or an operand keyword is left alone', () => {
    const blanked = core.blankUnknownSyntax(text, core.TYPESCRIPT_SHIMS);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked.split('\n')[15], '  (b: number) => a + b');
    assert.equal(blanked.split('\n')[4], ' ;<A>(a: A, n: number): Iterable<A>');
    assert.equal(core.blankUnknownSyntax('type T = U extends\n  (infer V)[] ? V : never', core.TYPESCRIPT_SHIMS), null);
  });
});

describe('typescript escaped backticks in template literal types', () => {
  const text = 'type Missing<U extends string> = `Missing \\`Self\\` in ${U}`\nexport class Service { run(): void {} }\n';

  test('the definitions after one are found, at their original places', async () => {
    const x = await parser.extract(text, 'typescript');
    assert.equal(x.parseErrors, undefined);
    assert.deepEqual(symbol(x, 'Service.run').nameRange, rangeOf(text, 'run'));
    assert.equal(symbol(x, 'Missing').signature, text.split('\n')[0]);
  });
});

describe('blankUnknownSyntax', () => {
  test('keeps the length and every line break, and blanks only the modifiers', () => {
    const text = 'interface A<in\n  out K, out V = never> {}\nfor (const k in o) f(a, out, b)';
    const blanked = core.blankUnknownSyntax(text, core.TYPESCRIPT_SHIMS);
    assert.equal(blanked.length, text.length);
    assert.equal(blanked, 'interface A<  \n      K,     V = never> {}\nfor (const k in o) f(a, out, b)');
  });

  test('says when nothing matched', () => {
    assert.equal(core.blankUnknownSyntax('const inside = a < b, out = 1', core.TYPESCRIPT_SHIMS), null);
  });
});

describe('c++ attribute macros (libstdc++)', () => {
  const text = [
    'namespace std _GLIBCXX_VISIBILITY(default)',
    '{',
    '_GLIBCXX_BEGIN_NAMESPACE_VERSION',
    '  // Größe 🎉',
    '  _GLIBCXX20_CONSTEXPR inline int',
    '  twice(int x) { return 2 * x; }',
    '  enum Mode { FAST_MODE, SLOW_MODE };',
    '_GLIBCXX_END_NAMESPACE_VERSION',
    '}',
    '',
  ].join('\n');

  test('the definitions inside are found, at their original places', async () => {
    const x = await parser.extract(text, 'cpp');
    assert.equal(x.parseErrors, undefined);
    assert.deepEqual(symbol(x, 'std.twice').nameRange, rangeOf(text, 'twice'));
    assert.equal(symbol(x, 'std.twice').range.startLine, 5);
    assert.deepEqual(symbol(x, 'std.Mode').nameRange, rangeOf(text, 'Mode'));
    assert.equal(symbol(x, 'std').range.startLine, 1);
  });

  test('user macros and enumerators are left alone', () => {
    assert.equal(core.blankUnknownSyntax('enum E {\n  FAST_MODE\n};\nMY_API int f(void);\n', core.C_FAMILY_SHIMS), null);
  });
});
