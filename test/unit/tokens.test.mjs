// The FTS words of a chunk: indexText, the fast path the parse threads use, says exactly what
// indexWords says, for ASCII code, Unicode identifiers, surrogate pairs and broken surrogates.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';

const { indexText, indexWords } = core;

const SAMPLES = [
  '',
  'export function parseConfig(path: string) { return HTTPServerError2 + __proto__ + $x$y_ }',
  'const __a$b$ = _ + $ + 42 + x1y2 + ١٢ + 漢字Foo + Émile_DÜRER + ÄpfelBäume;',
  '𝒳yz_𝟘 and \ud835\udcb3abc', // letters and digits outside the BMP
  'a\ud800b \udc00y \ud800', // lone surrogates separate identifiers
  '// comments: snake_case_words, SCREAMING_CASE, kebab-case, dotted.name.path\n\tfoo\r\nbar',
];

test('indexText is indexWords joined by spaces', () => {
  for (const text of SAMPLES) assert.equal(indexText(text), indexWords(text).join(' '), JSON.stringify(text));
});

test('indexText splits identifiers into the whole name and its parts, lower-cased', () => {
  assert.equal(indexText('parseConfig'), 'parseconfig parse config');
  assert.equal(indexText('HTTPServerError2'), 'httpservererror2 http server error 2');
  assert.equal(indexText('snake_case_words'), 'snake_case_words snake case words');
  assert.equal(indexText('x'), 'x');
  assert.equal(indexText('  '), '');
});

test('its identifier cache gives the same words when known identifiers come back in a new text', () => {
  for (const text of SAMPLES) indexText(text); // fills the cache with every identifier of the samples
  const shuffled = SAMPLES.join(' ').split(/(\s+)/).reverse().join('');
  const mixedCase = shuffled.replace(/[a-z]/g, (c, i) => (i % 3 === 0 ? c.toUpperCase() : c));
  for (const text of [shuffled, mixedCase, `${SAMPLES[1]}\n${SAMPLES[1]}`]) {
    assert.equal(indexText(text), indexWords(text).join(' '), JSON.stringify(text));
  }
});
