// EventBatcher (engine/event-batcher.ts): file events become jobs. Node's mock timers drive the
// clock, so the test says exactly when each batch fires without waiting on real time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { core } from '../helpers/core.mjs';

const { EventBatcher } = core;

function batcher(t, quietMs = 150, maxWaitMs = 1000) {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const batches = [];
  const b = new EventBatcher((paths) => batches.push(paths), quietMs, maxWaitMs);
  t.after(() => b.dispose());
  return { b, batches, tick: (ms) => t.mock.timers.tick(ms) };
}

test('a burst becomes one batch once the events pause, with each path once', (t) => {
  const { b, batches, tick } = batcher(t);
  b.add(['a.ts', 'b.ts']);
  tick(100);
  b.add(['a.ts', 'c.ts']);
  tick(149);
  assert.deepEqual(batches, [], 'still inside the quiet window of the last event');
  tick(1);
  assert.deepEqual(batches, [['a.ts', 'b.ts', 'c.ts']]);
  tick(5000);
  assert.equal(batches.length, 1, 'nothing more without new events');
});

test('events that never pause still go out every maxWaitMs', (t) => {
  const { b, batches, tick } = batcher(t);
  for (let i = 0; i < 25; i++) {
    b.add([`f${i}.ts`]);
    tick(100);
  }
  // 2.5 s of events 100 ms apart: a batch at 1 s and at 2 s, the rest waits for the pause.
  assert.equal(batches.length, 2);
  assert.equal(batches[0].length, 10);
  tick(150);
  assert.equal(batches.length, 3);
  assert.equal(batches.flat().length, 25);
  assert.equal(new Set(batches.flat()).size, 25);
});

test('dispose drops what waits: a paused folder does not index it behind the pause', (t) => {
  const { b, batches, tick } = batcher(t);
  b.add(['a.ts']);
  tick(50);
  b.dispose();
  tick(5000);
  assert.deepEqual(batches, []);
  b.add(['b.ts']);
  tick(150);
  assert.deepEqual(batches, [['b.ts']], 'after a dispose the batcher starts clean: a.ts is gone, b.ts waits its quiet window');
});

test('an empty add schedules nothing', (t) => {
  const { b, batches, tick } = batcher(t);
  b.add([]);
  tick(5000);
  assert.deepEqual(batches, []);
});
