import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../src/summary/summary.js';
import { summaryText } from '../../src/summary/text.js';
import { SummaryTable } from '../../src/ui/SummaryTable.js';

const summary: ModelSummary = {
  name: 'tiny',
  form: 'functional',
  inputs: [{ name: 'x', shape: [null, 8], dtype: 'float32' }],
  outputs: [{ name: 'out', shape: [null, 2] }],
  layers: [
    { name: 'hidden', type: 'Dense', inputs: ['x'], outputShape: [null, 16], params: 144, trainableParams: 144, weights: [] },
    { name: 'out', type: 'Dense', inputs: ['hidden'], outputShape: [null, 2], params: 34, trainableParams: 34, weights: [] },
  ],
  totalParams: 178,
  trainableParams: 178,
  nonTrainableParams: 0,
};

describe('SummaryTable', () => {
  it('renders the layers, shapes, counts and connections in a box table', () => {
    const { lastFrame } = render(<SummaryTable summary={summary} />);
    const frame = lastFrame() ?? '';
    const lines = frame.split('\n');
    expect(lines[0]).toBe('Model: "tiny"');
    expect(lines[2]).toMatch(/┃ Layer \(type\)\s+┃ Output Shape ┃ Param # ┃ Connected to ┃/);
    expect(frame).toMatch(/│ x \(InputLayer\)\s+│ \(None, 8\)\s+│\s+0 │ -\s+│/);
    expect(frame).toMatch(/│ hidden \(Dense\)\s+│ \(None, 16\)\s+│\s+144 │ x\s+│/);
    expect(frame).toMatch(/│ out \(Dense\)\s+│ \(None, 2\)\s+│\s+34 │ hidden\s+│/);
    expect(frame).toContain('Total params: 178 (712.00 B)');
    // every table line has the same width
    const widths = new Set(lines.slice(1, 10).filter((l) => /^[┏┃┡│├└]/.test(l)).map((l) => l.length));
    expect(widths.size).toBe(1);
  });

  it('has the same rows as the plain-text rendering', () => {
    const text = summaryText(summary);
    expect(text).toMatch(/hidden \(Dense\)\s+\(None, 16\)\s+144\s+x/);
    expect(text).toContain('Non-trainable params: 0 (0.00 B)');
  });
});
