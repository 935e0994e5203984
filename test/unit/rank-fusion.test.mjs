// Reciprocal Rank Fusion (search/rank-fusion.ts): how the text, vector and symbol lists become one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';

const { fuseRanks, FUSION } = core;
const list = (...ids) => ids.map((chunkId, i) => ({ chunkId, score: 100 - i }));
const ids = (fused) => fused.map((f) => f.chunkId);

test('one list keeps its order, and each place scores weight / (k + rank)', () => {
  const fused = fuseRanks([['text', list(7, 3, 9)]], 10);
  assert.deepEqual(ids(fused), [7, 3, 9]);
  assert.equal(fused[0].rrf, 1 / (FUSION.k + 1));
  assert.equal(fused[2].rrf, 1 / (FUSION.k + 3));
  assert.deepEqual(fused[1].scores, { text: 99, vector: null, symbol: null });
});

test('a chunk two signals agree on beats the first place of a single signal', () => {
  const fused = fuseRanks(
    [
      ['text', list(1, 2)],
      ['vector', list(3, 2)],
    ],
    10,
  );
  assert.deepEqual(ids(fused), [2, 1, 3]);
  assert.equal(fused[0].rrf, 1 / (FUSION.k + 2) + 1 / (FUSION.k + 2));
  assert.deepEqual(fused[0].scores, { text: 99, vector: 99, symbol: null });
});

test('filtered-out chunks take no rank, so the ones after them are not pushed down', () => {
  const fused = fuseRanks([['text', list(1, 2, 3)]], 10, (id) => id !== 1);
  assert.deepEqual(ids(fused), [2, 3]);
  assert.equal(fused[0].rrf, 1 / (FUSION.k + 1));
});

test('a chunk listed twice by one signal counts once, at its first place', () => {
  const fused = fuseRanks([['symbol', list(5, 6, 5)]], 10);
  assert.deepEqual(ids(fused), [5, 6]);
  assert.equal(fused[0].rrf, 1 / (FUSION.k + 1));
  assert.equal(fused[0].scores.symbol, 100);
});

test('the limit cuts after ranking; ties keep the order chunks were first met in', () => {
  const fused = fuseRanks(
    [
      ['text', list(1, 2)],
      ['vector', list(2, 1)],
      ['symbol', list(8)],
    ],
    2,
  );
  assert.equal(fused.length, 2);
  // 1 and 2 tie (first and second place once each); 8 has one first place, less than either.
  assert.deepEqual(ids(fused), [1, 2]);
});

test('weights scale a signal, and the constant k sets how fast places lose weight', () => {
  const lists = [
    ['text', list(1)],
    ['vector', list(2)],
  ];
  assert.deepEqual(ids(fuseRanks(lists, 2, undefined, { k: 10, weights: { text: 1, vector: 2, symbol: 1 } })), [2, 1]);
  const flat = fuseRanks([['text', list(1, 2)]], 2, undefined, { k: 1000, weights: FUSION.weights });
  const steep = fuseRanks([['text', list(1, 2)]], 2, undefined, { k: 0, weights: FUSION.weights });
  assert.ok(flat[0].rrf / flat[1].rrf < 1.01 && steep[0].rrf / steep[1].rrf === 2);
});

test('no lists, or empty ones, fuse to nothing', () => {
  assert.deepEqual(fuseRanks([], 5), []);
  assert.deepEqual(fuseRanks([['text', []]], 5), []);
});
