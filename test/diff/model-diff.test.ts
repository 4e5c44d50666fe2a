import { describe, expect, it } from 'vitest';
import { diffJson, diffModels, hasDifferences, type LayerChange, type ModelDiff } from '../../src/diff/model-diff.js';
import { side } from './sides.js';

const model = (layers: string, inputs = '  image: { shape: [28, 28, 1] }\n', outputs = '[head]') =>
  `layerspec: 1\nname: net\ninputs:\n${inputs}layers:\n${layers}outputs: ${outputs}\n`;

const BASE = model(`  conv1: { type: Conv2D, input: image, filters: 8, kernel_size: 3 }
  conv2: { type: Conv2D, input: conv1, filters: 8, kernel_size: 3 }
  pool: { type: MaxPooling2D, input: conv2, pool_size: 2 }
  flat: { type: Flatten, input: pool }
  head: { type: Dense, input: flat, units: 10 }
`);

const diff = (oldText: string, newText: string) => diffModels(side(oldText, 'old.yaml'), side(newText, 'new.yaml'));
const summaryOf = (d: ModelDiff) => d.layers.map((e) => `${e.kind} ${e.kind === 'changed' ? e.change.name : e.layer.name}`);
const changed = (d: ModelDiff, name: string): LayerChange | undefined =>
  d.layers.flatMap((e) => (e.kind === 'changed' && e.change.name === name ? [e.change] : []))[0];

describe('diffModels', () => {
  it('finds nothing between a file and itself, and counts its layers as unchanged', () => {
    const d = diff(BASE, BASE);
    expect(d.layers).toEqual([]);
    expect(d.unchangedLayers).toBe(5);
    expect(d.inputs).toEqual({ added: [], removed: [], changed: [] });
    expect(d.outputs.changed).toBe(false);
    expect(d.totals.totalParams).toEqual({ old: 12_194, new: 12_194, delta: 0, percent: 0 });
    expect(hasDifferences(d)).toBe(false);
  });

  it('lists an added layer with its type, output shape and params, and rewires its consumer', () => {
    const d = diff(BASE, BASE.replace('input: pool }', 'input: drop }').replace('  flat:', '  drop: { type: Dropout, input: pool, rate: 0.25 }\n  flat:'));
    expect(summaryOf(d)).toEqual(['added drop', 'changed flat']);
    const added = d.layers[0];
    expect(added.kind === 'added' && added.layer).toMatchObject({
      type: 'Dropout', inputs: ['pool'], outputShape: [null, 12, 12, 8], params: 0, config: { rate: 0.25, noise_shape: null }, configNonDefault: { rate: 0.25 },
    });
    expect(changed(d, 'flat')).toEqual({ name: 'flat', type: 'Flatten', inputs: { old: ['pool'], new: ['drop'] } });
    expect(hasDifferences(d)).toBe(true);
  });

  it('shows a removed layer where it was: after the old layer before it', () => {
    const d = diff(BASE, BASE.replace('  pool: { type: MaxPooling2D, input: conv2, pool_size: 2 }\n', '').replace('input: pool }', 'input: conv2 }'));
    expect(summaryOf(d)).toEqual(['removed pool', 'changed flat', 'changed head']);
    const removed = d.layers[0];
    expect(removed.kind === 'removed' && removed.layer).toMatchObject({ type: 'MaxPooling2D', outputShape: [null, 12, 12, 8] });
    expect(changed(d, 'head')?.paramCount).toEqual({ old: 11_530, new: 46_090, delta: 34_560, percent: (34_560 / 11_530) * 100 });
  });

  it('puts removed layers first when no earlier old layer survives', () => {
    const d = diff(BASE, BASE.replace(/ {2}conv1: .*\n/, '').replace('input: conv1,', 'input: image,'));
    expect(summaryOf(d)).toEqual(['removed conv1', 'changed conv2', 'changed pool', 'changed flat', 'changed head']);
  });

  it('treats a rename as a removal plus an addition, the removal first as in a unified diff', () => {
    const d = diff(BASE, BASE.replace('  head:', '  logits:').replace('[head]', '[logits]'));
    expect(summaryOf(d)).toEqual(['removed head', 'added logits']);
    expect(d.outputs).toEqual({ old: [{ name: 'head', shape: [null, 10] }], new: [{ name: 'logits', shape: [null, 10] }], changed: true });
    expect(d.unchangedLayers).toBe(4);
  });

  it('compares params with defaults applied and kernel_size 3 the same as [3, 3]', () => {
    const same = BASE.replace('filters: 8, kernel_size: 3 }', 'filters: 8, kernel_size: [3, 3], strides: 1, padding: valid, use_bias: true }');
    expect(diff(BASE, same).layers).toEqual([]);
    const d = diff(BASE, BASE.replace('conv1, filters: 8, kernel_size: 3 }', 'conv1, filters: 8, kernel_size: [3, 1], use_bias: false }'));
    expect(changed(d, 'conv2')?.params).toEqual({ kernel_size: { old: 3, new: [3, 1] }, use_bias: { old: true, new: false } });
  });

  it('reports a type change with the params each type has alone', () => {
    const d = diff(BASE, BASE.replace('type: MaxPooling2D', 'type: AveragePooling2D'));
    expect(changed(d, 'pool')).toEqual({ name: 'pool', type: { old: 'MaxPooling2D', new: 'AveragePooling2D' } });
    const g = diff(BASE, BASE.replace('{ type: Flatten, input: pool }', '{ type: GlobalMaxPooling2D, input: pool }'));
    const flat = changed(g, 'flat');
    expect(flat?.type).toEqual({ old: 'Flatten', new: 'GlobalMaxPooling2D' });
    expect(flat?.outputShape).toEqual({ old: [null, 1_152], new: [null, 8] });
    // data_format is on both sides and equal; keepdims exists on the new side only.
    expect(flat?.params).toStrictEqual({ keepdims: { new: false } });
  });

  it('follows a change of an input shape to every layer whose output shape or weights it changes', () => {
    const d = diff(BASE, BASE.replace('shape: [28, 28, 1]', 'shape: [32, 32, 3]'));
    expect(d.inputs.changed).toEqual([{ name: 'image', shape: { old: [null, 28, 28, 1], new: [null, 32, 32, 3] } }]);
    expect(summaryOf(d)).toEqual(['changed conv1', 'changed conv2', 'changed pool', 'changed flat', 'changed head']);
    expect(changed(d, 'conv1')).toEqual({
      name: 'conv1', type: 'Conv2D',
      outputShape: { old: [null, 26, 26, 8], new: [null, 30, 30, 8] },
      paramCount: { old: 80, new: 224, delta: 144, percent: 180 },
      trainableParams: { old: 80, new: 224, delta: 144, percent: 180 },
    });
    expect(changed(d, 'conv2')?.paramCount).toBeUndefined();
    expect(changed(d, 'conv2')?.params).toBeUndefined();
  });

  it('reports inputs added, removed and changed in dtype', () => {
    const two = (a: string, b: string) => model('  head: { type: Concatenate, inputs: [x, y] }\n', `  x: { shape: [4]${a} }\n  y: { shape: [4] }\n${b}`);
    const d = diff(two('', ''), two(', dtype: int32', '').replace('  y: { shape: [4] }\n', '  z: { shape: [4] }\n').replace('[x, y]', '[x, z]'));
    expect(d.inputs).toEqual({
      added: [{ name: 'z', shape: [null, 4], dtype: 'float32' }],
      removed: [{ name: 'y', shape: [null, 4], dtype: 'float32' }],
      changed: [{ name: 'x', dtype: { old: 'float32', new: 'int32' } }],
    });
    expect(changed(d, 'head')?.inputs).toEqual({ old: ['x', 'y'], new: ['x', 'z'] });
  });

  it('reports the trainable flag and the trainable count apart from the total', () => {
    const d = diff(BASE, BASE.replace('units: 10 }', 'units: 10, trainable: false }'));
    expect(changed(d, 'head')).toEqual({
      name: 'head', type: 'Dense', trainable: { old: true, new: false }, trainableParams: { old: 11_530, new: 0, delta: -11_530, percent: -100 },
    });
    expect(d.totals.trainableParams).toMatchObject({ old: 12_194, new: 664, delta: -11_530 });
    expect(d.totals.totalParams.delta).toBe(0);
  });

  it('names nested params by path, and keeps 2 and [2, 2] apart in Lambda arguments', () => {
    const lambda = (k: string) => model(`  head: { type: Lambda, input: x, expr: "x * k", arguments: { k: ${k} } }\n`, '  x: { shape: [4, 2] }\n');
    expect(changed(diff(lambda('2'), lambda('[2, 2]')), 'head')?.params).toEqual({ 'arguments.k': { old: 2, new: [2, 2] } });
    const wrapped = (units: number) => model(`  head: { type: TimeDistributed, input: x, layer: { type: Dense, units: ${units} } }\n`, '  x: { shape: [4, 2] }\n');
    expect(changed(diff(wrapped(3), wrapped(5)), 'head')?.params).toEqual({ 'layer.units': { old: 3, new: 5 } });
  });

  it('takes ZeroPadding2D padding 1, [1, 1] and [[1, 1], [1, 1]] as the same, [1, 2] as different', () => {
    const pad = (p: string) => model(`  head: { type: ZeroPadding2D, input: image, padding: ${p} }\n`);
    expect(diff(pad('1'), pad('[[1, 1], [1, 1]]')).layers).toEqual([]);
    expect(diff(pad('[1, 1]'), pad('1')).layers).toEqual([]);
    expect(changed(diff(pad('1'), pad('[1, 2]')), 'head')?.params).toEqual({ padding: { old: 1, new: [1, 2] } });
  });
});

describe('diffJson', () => {
  it('groups the layers by kind, counts the unchanged, uses null for the batch and rounds percentages', () => {
    const d = diff(BASE, BASE.replace('filters: 8, kernel_size: 3 }', 'filters: 9, kernel_size: 3 }').replace('  head:', '  out:').replace('[head]', '[out]'));
    const json = JSON.parse(JSON.stringify(diffJson(d)));
    expect(Object.keys(json)).toEqual(['old', 'new', 'inputs', 'outputs', 'layers', 'totals']);
    expect(json.old).toEqual({ file: 'old.yaml', name: 'net', totalParams: 12_194, trainableParams: 12_194 });
    expect(Object.keys(json.layers)).toEqual(['added', 'removed', 'changed', 'unchanged']);
    expect(json.layers.added.map((l: { name: string }) => l.name)).toEqual(['out']);
    expect(json.layers.added[0]).not.toHaveProperty('configNonDefault');
    expect(json.layers.removed.map((l: { name: string }) => l.name)).toEqual(['head']);
    expect(json.layers.changed.map((l: { name: string }) => l.name)).toEqual(['conv1', 'conv2']);
    expect(json.layers.changed[0].outputShape).toEqual({ old: [null, 26, 26, 8], new: [null, 26, 26, 9] });
    expect(json.layers.unchanged).toBe(2);
    expect(json.totals.totalParams.percent).toBe(Math.round((json.totals.totalParams.delta / 12_194) * 10_000) / 100);
  });
});
