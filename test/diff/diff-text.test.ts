import { describe, expect, it } from 'vitest';
import { diffText, formatValue } from '../../src/diff/diff-text.js';
import { diffModels } from '../../src/diff/model-diff.js';
import { side } from './sides.js';

const OLD = `layerspec: 1
name: net
inputs:
  image: { shape: [28, 28, 1] }
layers:
  conv1: { type: Conv2D, input: image, filters: 32, kernel_size: 3, activation: relu }
  conv2: { type: Conv2D, input: conv1, filters: 32, kernel_size: 3 }
  pool3: { type: MaxPooling2D, input: conv2, pool_size: 2 }
  flat: { type: Flatten, input: pool3 }
  head: { type: Dense, input: flat, units: 10, activation: softmax }
outputs: [head]
`;

const NEW = `layerspec: 1
name: net
inputs:
  image: { shape: [28, 28, 1] }
  extra: { shape: [4], dtype: int32 }
layers:
  conv1: { type: Conv2D, input: image, filters: 32, kernel_size: [3, 3], activation: relu }
  conv2: { type: Conv2D, input: conv1, filters: 64, kernel_size: 3, padding: same }
  flat: { type: Flatten, input: conv2 }
  drop: { type: Dropout, input: flat, rate: 0.5 }
  head: { type: Dense, input: drop, units: 10, activation: softmax, trainable: false }
outputs: [head, extra_out]
`.replace('outputs:', '  extra_out: { type: Lambda, input: extra, expr: "x * 2" }\noutputs:');

const render = (oldText: string, newText: string, color = false) =>
  diffText(diffModels(side(oldText, 'old.yaml'), side(newText, 'new.yaml')), { color });

describe('diffText', () => {
  it('one line per listed layer, in the new order with removals where they were, then the totals', () => {
    expect(render(OLD, NEW)).toBe(
      [
        '--- old.yaml (net)',
        '+++ new.yaml (net)',
        'Inputs:',
        '  + extra  (None, 4) int32',
        'Outputs: head (None, 10) → head (None, 10), extra_out (None, 4)',
        'Layers: 2 added, 1 removed, 3 changed, 1 unchanged',
        '  ~ conv2      Conv2D        filters 32 → 64, padding valid → same; output (None, 24, 24, 32) → (None, 26, 26, 64); params 9,248 → 18,496 (+9,248)',
        '  - pool3      MaxPooling2D  output (None, 12, 12, 32)',
        '  ~ flat       Flatten       inputs pool3 → conv2; output (None, 4608) → (None, 43264)',
        '  + drop       Dropout       rate 0.5; output (None, 43264)',
        '  ~ head       Dense         inputs flat → drop; trainable true → false; params 46,090 → 432,650 (+386,560); trainable params 46,090 → 0 (-46,090)',
        '  + extra_out  Lambda        expr "x * 2"; output (None, 4)',
        'Total params: 55,658 → 451,466 (+395,808, +711.1%)',
        'Trainable params: 55,658 → 18,816 (-36,842, -66.2%)',
        '',
      ].join('\n'),
    );
  });

  it('says so when nothing changed, and counts the layers', () => {
    expect(render(OLD, OLD)).toBe(
      [
        '--- old.yaml (net)',
        '+++ new.yaml (net)',
        'Layers: no changes (5 unchanged)',
        'Total params: 55,658 (unchanged)',
        'Trainable params: 55,658 (unchanged)',
        '',
      ].join('\n'),
    );
  });

  it('shows changed input shapes and dtypes', () => {
    const text = render(OLD, OLD.replace('{ shape: [28, 28, 1] }', '{ shape: [32, 32, 1], dtype: int32 }'));
    expect(text).toContain('Inputs:\n  ~ image  shape (None, 28, 28, 1) → (None, 32, 32, 1); dtype float32 → int32\n');
  });

  it('colours the marks only when asked', () => {
    const plain = render(OLD, NEW);
    const coloured = render(OLD, NEW, true);
    expect(plain).not.toContain('\u001b[');
    expect(coloured).toContain('\u001b[32m+\u001b[39m drop');
    expect(coloured).toContain('\u001b[31m-\u001b[39m pool3');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});

describe('formatValue', () => {
  it('writes values as short YAML, quoting only strings that would read ambiguously', () => {
    expect(formatValue([3, 3])).toBe('[3, 3]');
    expect(formatValue({ type: 'l2', l2: 0.01 })).toBe('{type: l2, l2: 0.01}');
    expect(formatValue('same')).toBe('same');
    expect(formatValue('x[:, 0]')).toBe('"x[:, 0]"');
    expect(formatValue('')).toBe('""');
    expect(formatValue(null)).toBe('null');
    expect(formatValue(false)).toBe('false');
  });
});
