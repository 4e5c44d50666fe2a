import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/ui/progress.js';

describe('progress line', () => {
  it('shows the fraction, count, rate and time left', () => {
    expect(progressLine({ label: 'predict', done: 512, total: 2048, elapsedMs: 1000, columns: 80 })).toBe(
      `predict [${'#'.repeat(10)}${'-'.repeat(30)}]  25% 512/2048 512/s eta 3s`,
    );
  });

  it('is full with no time left at the end, and fits narrow terminals', () => {
    const done = progressLine({ label: 'predict', done: 10, total: 10, elapsedMs: 4000, columns: 40 });
    expect(done).toMatch(/^predict \[#{13}\] 100% 10\/10 2\.5\/s$/);
    expect(done.length).toBeLessThanOrEqual(40);
    expect(progressLine({ label: 'p', done: 0, total: 0, elapsedMs: 0 })).toContain('100%');
  });
});
