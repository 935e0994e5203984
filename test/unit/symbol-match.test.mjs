// matchName (search/symbol-match.ts): how Ctrl+T and `symbols` score a typed query against a name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';

const { matchName, MatchTier } = core;
const tier = (query, name) => matchName(query, name)?.tier ?? null;

test('each kind of match lands in its tier', () => {
  assert.equal(tier('parseConfig', 'parseConfig'), MatchTier.exact);
  assert.equal(tier('parseconfig', 'parseConfig'), MatchTier.exact);
  assert.equal(tier('parse', 'parseConfig'), MatchTier.prefix);
  assert.equal(tier('pc', 'parseConfig'), MatchTier.humps);
  assert.equal(tier('parcon', 'parseConfig'), MatchTier.humps);
  assert.equal(tier('pConf', 'parseConfig'), MatchTier.humps);
  assert.equal(tier('hs', 'http_server'), MatchTier.humps);
  assert.equal(tier('config', 'parseConfig'), MatchTier.humps, 'a whole later part is a hump');
  assert.equal(tier('rsecon', 'parseConfig'), MatchTier.substring);
  assert.equal(tier('psnfg', 'parseConfig'), MatchTier.subsequence);
  assert.equal(tier('xyz', 'parseConfig'), null);
  assert.equal(tier('', 'parseConfig'), null);
});

test('humps take each piece from the start of a word part, in order', () => {
  assert.equal(tier('cp', 'parseConfig'), null, 'the parts out of order are not even a subsequence');
  assert.notEqual(tier('ac', 'parseConfig'), MatchTier.humps, '"a" starts no part');
  assert.equal(tier('cw', 'ConfigWatcher'), MatchTier.humps);
  assert.equal(tier('c', 'Config'), MatchTier.prefix, 'a one-part name has no humps, only a prefix');
});

test('a better tier always outscores a worse one, whatever the lengths', () => {
  const exact = matchName('run', 'run').score;
  const prefix = matchName('run', 'runAllTheThingsInParallelAndWaitForEveryOneOfThem').score;
  const humps = matchName('rat', 'runAllThings').score;
  const substring = matchName('run', 'prune').score;
  const subsequence = matchName('rne', 'rune').score;
  assert.ok(exact > prefix && prefix > humps && humps > substring && substring > subsequence);
});

test('within a tier: the exact case, an earlier substring, fewer gaps and a shorter name come first', () => {
  assert.ok(matchName('Config', 'Config').score > matchName('Config', 'config').score);
  assert.ok(matchName('parse', 'parseX').score > matchName('Parse', 'parseX').score, 'case-matching prefix');
  assert.ok(matchName('conf', 'xconf').score > matchName('conf', 'xxxxconf').score);
  assert.ok(matchName('abc', 'aXbXc').score > matchName('abc', 'aXXXbXXXc').score);
  assert.ok(matchName('load', 'loadAll').score > matchName('load', 'loadAllOfThem').score);
});

test('the caller may pass the split parts it keeps, with the same result', () => {
  const parts = core.splitIdentifier('parseConfig');
  assert.deepEqual(matchName('pc', 'parseConfig', parts), matchName('pc', 'parseConfig'));
});
