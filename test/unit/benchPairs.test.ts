/**
 * The bench's one rule for paired figures (test/bench/report.ts): warm-up pairs unrecorded, then each pair's order
 * alternates, and each side's runs are recorded in the order they ran.
 */
import { strict as assert } from 'node:assert';
import { inTurns } from '../bench/report';

describe('bench: pairs in turns', () => {
  it('alternates which side runs first, pair by pair, and keeps each side in order', async () => {
    const ran: string[] = [];
    let ours = 0;
    let floor = 0;
    const out = await inTurns(
      4,
      async () => (ran.push('ours'), `o${ours++}`),
      async () => (ran.push('floor'), `f${floor++}`),
    );
    assert.deepEqual(ran, ['ours', 'floor', 'floor', 'ours', 'ours', 'floor', 'floor', 'ours']);
    assert.deepEqual(out, { ours: ['o0', 'o1', 'o2', 'o3'], floor: ['f0', 'f1', 'f2', 'f3'] });
  });

  it('runs the warm-up pairs first and records none of them', async () => {
    const ran: string[] = [];
    let n = 0;
    const out = await inTurns(
      1,
      async () => (ran.push('ours'), n++),
      async () => (ran.push('floor'), n++),
      2,
    );
    assert.deepEqual(ran, ['ours', 'floor', 'ours', 'floor', 'ours', 'floor']);
    assert.deepEqual(out, { ours: [4], floor: [5] });
  });

  it('runs nothing for no pairs', async () => {
    const out = await inTurns(0, () => Promise.reject(new Error('ran')), () => Promise.reject(new Error('ran')));
    assert.deepEqual(out, { ours: [], floor: [] });
  });
});
