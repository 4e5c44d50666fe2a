import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CURVES_SVG, curvesWriter } from '../../src/runtime/curves-file.js';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerspec-curves-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('curvesWriter', () => {
  it('writes curves.svg atomically (no temporary file left) and rewrites it', async () => {
    const warnings: string[] = [];
    const write = curvesWriter(tmp, (w) => warnings.push(w));
    await write({ loss: [1] });
    await write({ loss: [1, 0.5], val_loss: [1.1, 0.7] });
    expect(warnings).toEqual([]);
    expect(fs.readdirSync(tmp)).toEqual([CURVES_SVG]);
    expect(fs.readFileSync(path.join(tmp, CURVES_SVG), 'utf8')).toContain('class="validation"');
  });

  it('never throws: a write that fails is warned about once, with the reason', async () => {
    const warnings: string[] = [];
    const write = curvesWriter(path.join(tmp, 'gone', 'deeper'), (w) => warnings.push(w));
    await write({ loss: [1] });
    await write({ loss: [1, 0.5] });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/cannot write .*curves\.svg: ENOENT \(training goes on; the checkpoint was written\)/);
  });

  it('never throws: a plot that cannot be drawn is warned about, the file left as it was', async () => {
    const warnings: string[] = [];
    const dir = fs.mkdtempSync(path.join(tmp, 'bad-'));
    const history = Object.defineProperty({}, 'loss', { enumerable: true, get: () => { throw new Error('boom'); } });
    await curvesWriter(dir, (w) => warnings.push(w))(history);
    expect(warnings).toEqual([expect.stringMatching(/could not draw .*curves\.svg: boom/)]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
