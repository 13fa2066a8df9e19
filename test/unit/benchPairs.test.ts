/**
 * The bench's one rule for paired figures (test/bench/report.ts): warm-up pairs unrecorded, then each pair's order
 * alternates, and each side's runs are recorded in the order they ran.
 */
import { strict as assert } from 'node:assert';
import { inTurns, theilSen } from '../bench/report';

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

describe('bench: the Theil–Sen trend', () => {
  it('finds the line through points on it, and a flat one as flat', () => {
    const line = theilSen([0, 1, 2, 3, 4].map((x) => [x * 10_000, 0.1 + x * 0.01] as const));
    assert.ok(Math.abs(line.slope - 0.000001) < 1e-12 && Math.abs(line.at(50_000) - 0.15) < 1e-9);
    assert.equal(theilSen([[1, 2], [2, 2], [3, 2]]).slope, 0);
  });

  it('is not moved by a few outliers that move a least-squares line', () => {
    const pts: Array<[number, number]> = Array.from({ length: 20 }, (_, i) => [i, 1]);
    pts[17] = [17, 9];
    pts[19] = [19, 12];
    const fit = theilSen(pts);
    assert.equal(fit.slope, 0);
    assert.equal(fit.at(19), 1);
    const n = pts.length;
    const mx = pts.reduce((a, [x]) => a + x, 0) / n;
    const my = pts.reduce((a, [, y]) => a + y, 0) / n;
    const ls = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
    assert.ok(ls > 0.2, `least squares would say ${ls} per step`);
  });

  it('ignores pairs of the same x and has no slope for one point', () => {
    assert.deepEqual([theilSen([[5, 3]]).slope, theilSen([[5, 3]]).at(100)], [0, 3]);
    // (1,1)–(2,2) is 1 and (1,5)–(2,2) is −3; the pair at x = 1 has no slope (not an infinite one).
    assert.equal(theilSen([[1, 1], [1, 5], [2, 2]]).slope, -1);
  });
});
