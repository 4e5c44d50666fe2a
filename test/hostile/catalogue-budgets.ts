/**
 * Resource budgets, checked before anything is allocated: --max-params from the static shapes
 * (before TensorFlow.js loads), --max-input-bytes from the data files' headers (before a row is
 * read). Each refusal names the place (the largest layer, the largest file) and the flag to raise.
 */
import type { HostileCase } from './harness.js';
import { npy, oneLayer, TINY, tinyData } from './inputs.js';
import { encodeNpyHeader } from '../../src/io/npy-write.js';

/** 100 000 inputs x 2 000 units: 200 million parameters, twice the default budget. */
const BIG = TINY.replace('x: { shape: [4] }', 'x: { shape: [100000] }').replace('  y: { type: Dense, input: x, units: 1 }', '  h: { type: Dense, input: x, units: 2000 }\n  y: { type: Dense, input: h, units: 1 }');
const PARAMS_HINT = /raise the budget with --max-params N/;
const BYTES_HINT = /raise the budget with --max-input-bytes N/;

const overParams = (name: string, model: string, args: string[], where: (string | RegExp)[], files: HostileCase['files'] = {}): HostileCase => ({
  name,
  files: { 'm.yaml': model, ...tinyData(), ...files },
  args,
  exit: 1,
  where: ['m.yaml', 'budget/params', ...where],
  hint: PARAMS_HINT,
});

/** A .npy whose header declares `rows` x 4 float32 values and which holds none of them. */
const declaring = (rows: number) => encodeNpyHeader('float32', [rows, 4]);

export const budgetCases: HostileCase[] = [
  overParams('check: 200 million parameters', BIG, ['check', 'm.yaml'], [/6:3/, '200,004,001', "layer 'h' alone has 200,002,000"]),
  overParams('check --format json: the rule at the largest layer', BIG, ['check', 'm.yaml', '--format', 'json'], ['"ruleId":"budget/params"', '"line":6']),
  overParams('check --max-params below a tiny model', TINY, ['check', 'm.yaml', '--max-params', '4'], [/6:3/, 'the model has 5 parameters, more than the budget of 4']),
  overParams('predict refuses before building', BIG, ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy'], [/6:3/]),
  overParams('train refuses before building (no --out made)', BIG, ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run'], [/6:3/]),
  overParams('evaluate refuses before building', BIG, ['evaluate', 'm.yaml', '--weights', 'w.npz', '--x', 'x.npy', '--y', 'y.npy'], [/6:3/], { 'w.npz': npy([1]) }),
  overParams('a Dense of 10^12 weights', oneLayer('Dense', 'units: 1000000', '[1000000]'), ['check', 'm.yaml'], [/6:3/, '1,000,001,000,000']),
  overParams('a Dense whose weights pass 2^53', oneLayer('Dense', 'units: 4503599627370496', '[4]'), ['check', 'm.yaml'], [/6:3/]),
  overParams('an Embedding of a billion rows', oneLayer('Embedding', 'input_dim: 1000000000, output_dim: 8', '[3]').replace('shape: [3]', 'shape: [3], dtype: int32'), ['check', 'm.yaml'], [/6:3/]),
  overParams('a Conv2D of 100 000 filters', oneLayer('Conv2D', 'filters: 100000, kernel_size: 31', '[64, 64, 3]'), ['check', 'm.yaml'], [/6:3/]),
  overParams('--max-params 1 on a shipped model', TINY, ['check', 'm.yaml', '@/models/slice-concat.yaml', '--max-params', '1'], [/6:3/]),
  {
    name: 'a RepeatVector of a billion steps (no parameters)',
    files: { 'm.yaml': oneLayer('RepeatVector', 'n: 1000000000', '[4]'), ...tinyData() },
    args: ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy'],
    exit: 1,
    where: ['m.yaml', 'budget/activations', /6:3/, "Layer 'l' (RepeatVector) outputs 4,000,000,000 values per sample"],
    hint: /raise the budget with --max-activations N/,
  },
  {
    name: 'an UpSampling2D of size 10 000 in check',
    files: { 'm.yaml': oneLayer('UpSampling2D', 'size: 10000', '[32, 32, 3]') },
    args: ['check', 'm.yaml'],
    exit: 1,
    where: ['m.yaml', 'budget/activations', /6:3/],
    hint: /raise the budget with --max-activations N/,
  },
  {
    name: 'a tensor larger than a typed array, past a raised --max-activations, fails cleanly',
    files: { 'm.yaml': oneLayer('RepeatVector', 'n: 1000000000', '[4]'), ...tinyData() },
    args: ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy', '--backend', 'cpu', '--max-activations', '9000000000'],
    exit: 1,
    where: ['a tensor larger than can be allocated'],
    hint: /lower --batch-size, or the sizes of the model's layers/,
  },
  {
    name: 'check --max-params above the model',
    files: { 'm.yaml': BIG },
    args: ['summary', 'm.yaml', '--json'],
    exit: 0,
    where: ['"totalParams": 200004001'],
    hint: /"name": "h"/,
  },
  {
    name: 'check: a raised --max-params accepts it',
    files: { 'm.yaml': BIG },
    args: ['check', 'm.yaml', '--max-params', '300000000', '--format', 'json'],
    exit: 0,
    where: ['m.yaml', '"errorCount":0'],
    hint: /"messages":\[\]/,
  },
  {
    name: 'predict: a header declaring 32 GiB in a 128-byte file',
    files: { 'm.yaml': TINY, 'x.npy': declaring(2 ** 31) },
    args: ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy'],
    exit: 1,
    where: ['x.npy declares 32.0 GiB', 'data/too-large'],
    hint: BYTES_HINT,
  },
  {
    name: 'check --input: a header declaring 32 GiB',
    files: { 'm.yaml': TINY, 'x.npy': declaring(2 ** 31) },
    args: ['check', 'm.yaml', '--input', 'x.npy'],
    exit: 1,
    where: ['x.npy', 'data/too-large'],
    hint: BYTES_HINT,
  },
  {
    name: 'train: x and y together over --max-input-bytes',
    files: { 'm.yaml': TINY, ...tinyData() },
    args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--max-input-bytes', '150'],
    exit: 1,
    where: ['the data files declare 160 bytes together', 'the largest, x.npy: 128 bytes', 'more than the budget of 150 bytes'],
    hint: BYTES_HINT,
  },
  {
    name: 'train: validation data counts too',
    files: { 'm.yaml': TINY, ...tinyData(), 'vx.npy': npy([100, 4]), 'vy.npy': npy([100, 1]) },
    args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--validation-x', 'vx.npy', '--validation-y', 'vy.npy', '--out', 'run', '--max-input-bytes', '1000'],
    exit: 1,
    where: ['the largest, vx.npy', 'data/too-large'],
    hint: BYTES_HINT,
  },
  {
    name: 'evaluate over --max-input-bytes',
    files: { 'm.yaml': TINY, ...tinyData(), 'w.npz': npy([1]) },
    args: ['evaluate', 'm.yaml', '--weights', 'w.npz', '--x', 'x.npy', '--y', 'y.npy', '--max-input-bytes', '100'],
    exit: 1,
    where: ['x.npy', 'data/too-large'],
    hint: BYTES_HINT,
  },
  {
    name: '--max-input-bytes 0',
    files: { 'm.yaml': TINY, ...tinyData() },
    args: ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy', '--max-input-bytes', '0'],
    exit: 2,
    where: ['--max-input-bytes'],
    hint: /expected a whole number >= 1/,
  },
];
