/**
 * Hostile and careless data files. The malformed .npy/.npz catalogues of test/fixtures (NumPy's own
 * malformed-file cases, pickled objects, zip bombs, path-like entry names, ...) are referenced, not
 * copied: predict-hostile.test.ts gives each to `predict`; here each goes through `check --input`
 * (headers only, no TensorFlow.js) and a sample through `train` and `evaluate`. Then what those
 * catalogues lack: data of the wrong dtype, rank or shape for the model, mismatched sample counts,
 * missing .npz keys, and files that are not files (FIFOs, devices, directories, link loops).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../cli/run-cli.js';
import type { HostileCase } from './harness.js';
import { fifo, npy, npz, TINY, tinyData } from './inputs.js';

interface ManifestEntry {
  name: string;
  ok: boolean;
}

const fixtures = (dir: 'npy' | 'npz') =>
  (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures', dir, 'manifest.json'), 'utf8')) as ManifestEntry[])
    .filter((e) => !e.ok)
    .map((e) => `test/fixtures/${dir}/${e.name}`);
const HOSTILE_FIXTURES = [...new Set([...fixtures('npy'), ...fixtures('npz')])];

/** What to do: a hint line, or the advice the .npz messages carry in themselves. */
const DATA_HINT = /hint: |save the arrays|numpy\.savez|split the arrays|join it|give it a \.npy name/;
const CODE = /\[?(npy|npz|data)\/[a-z0-9-]+\]?/;

const fixtureThroughCheck = (fixture: string): HostileCase => ({
  name: `check --input ${fixture}`,
  args: ['check', '@/models/slice-concat.yaml', '--input', `@/${fixture}`],
  exit: 1,
  where: [path.basename(fixture), CODE],
  hint: DATA_HINT,
});

/** A sample of the fixtures through train --x and evaluate --x, which read the headers the same way. */
const SAMPLE = ['npy/object.npy', 'npy/header_call.npy', 'npy/shape_overflow.npy', 'npy/data_truncated.npy', 'npz/pickled.npz', 'npz/traversal.npz', 'npz/bomb_declared.npz', 'npz/bomb_lying.npz'];

const fixtureThroughTrain = (fixture: string): HostileCase => ({
  name: `train --x ${fixture}`,
  files: { 'm.yaml': TINY, ...tinyData() },
  args: ['train', 'm.yaml', '--x', `@/test/fixtures/${fixture}`, '--y', 'y.npy', '--out', 'run', '--backend', 'cpu'],
  exit: 1,
  where: [path.basename(fixture), CODE],
  hint: DATA_HINT,
});

const fixtureThroughEvaluate = (fixture: string): HostileCase => ({
  name: `evaluate --x ${fixture}`,
  files: { 'm.yaml': TINY, ...tinyData(), 'w.npz': npz({ 'y/kernel.npy': npy([4, 1]), 'y/bias.npy': npy([1]) }) },
  args: ['evaluate', 'm.yaml', '--weights', 'w.npz', '--x', `@/test/fixtures/${fixture}`, '--y', 'y.npy', '--backend', 'cpu'],
  exit: 1,
  where: [path.basename(fixture), CODE],
  hint: DATA_HINT,
});

const EMBEDDING = `layerspec: 1\nname: tokens\ninputs:\n  ids: { shape: [3], dtype: int32 }\nlayers:\n  e: { type: Embedding, input: ids, input_dim: 10, output_dim: 2 }\noutputs: [e]\n`;
const MASKED = TINY.replace('x: { shape: [4] }', 'x: { shape: [4], dtype: bool }');

const predict = (name: string, files: HostileCase['files'], input: string[], where: (string | RegExp)[], hint: RegExp, exit: 1 | 2 = 1, model = TINY): HostileCase => ({
  name,
  files: { 'm.yaml': model, ...files },
  args: ['predict', 'm.yaml', ...input.flatMap((i) => ['--input', i]), '--output', 'out.npy', '--backend', 'cpu'],
  exit,
  where,
  hint,
});

const train = (name: string, files: HostileCase['files'], x: string, y: string, where: (string | RegExp)[], hint: RegExp, exit: 1 | 2 = 1): HostileCase => ({
  name,
  files: { 'm.yaml': TINY, ...files },
  args: ['train', 'm.yaml', '--x', x, '--y', y, '--out', 'run', '--backend', 'cpu'],
  exit,
  where,
  hint,
});

const modelMismatches: HostileCase[] = [
  predict('float data for an int32 input', { 'ids.npy': npy([5, 3]) }, ['ids.npy'], ['ids.npy', 'data/dtype', 'float32', "model input 'ids'"], /astype\(np\.int32\)/, 1, EMBEDDING),
  { ...predict('bool data for an int32 input is accepted as 0/1', { 'ids.npy': npy([5, 3], 'bool') }, ['ids.npy'], ['out.npy', '(5, 3, 2)'], /samples in/, 1, EMBEDDING), exit: 0, creates: ['out.npy'] },
  predict('float data for a bool input', { 'x.npy': npy([5, 4]) }, ['x.npy'], ['x.npy', 'data/dtype', "model input 'x'"], /astype\(np\.bool_\)/, 1, MASKED),
  predict('too many features', { 'x.npy': npy([5, 5]) }, ['x.npy'], ['x.npy', 'data/shape', 'axis 1 is 5, not 4'], /hint: /),
  predict('a sample axis missing', { 'x.npy': npy([4]) }, ['x.npy'], ['x.npy', 'data/rank', '(None, 4)'], /save it as a\[np\.newaxis\]/),
  predict('an extra axis', { 'x.npy': npy([5, 4, 1]) }, ['x.npy'], ['x.npy', 'data/rank'], /reshape the data/),
  predict('a 0-d array', { 'x.npy': npy([]) }, ['x.npy'], ['x.npy', 'data/rank'], /reshape the data/),
  predict('an .npz without the input key', { 'd.npz': npz({ 'features.npy': npy([5, 4]) }) }, ['d.npz'], ['d.npz', 'data/missing', "'features'"], /np\.savez\(path, x=\.\.\.\)/),
  predict('an input name the model does not have', { 'x.npy': npy([5, 4]) }, ['xx=x.npy'], ['--input', "'xx'"], /did you mean|input/i, 2),
  predict('the same input twice', { 'x.npy': npy([5, 4]) }, ['x=x.npy', 'x=x.npy'], ['--input', "'x'"], /once|one file/i, 2),
  predict('a CSV file', { 'x.csv': '1,2,3,4\n' }, ['x.csv'], ['--input x.csv', 'layerspec reads NumPy .npy and .npz files'], /np\.save\(path, a\)/, 2),
  predict('a missing file', {}, ['nothing.npy'], ['nothing.npy'], /check the path/, 2),
  train('targets with fewer samples', { 'x.npy': npy([8, 4]), 'y.npy': npy([7, 1]) }, 'x.npy', 'y.npy', ['data/rows', 'x.npy', 'y.npy'], /hint: /),
  train('targets of the wrong width', { 'x.npy': npy([8, 4]), 'y.npy': npy([8, 3]) }, 'x.npy', 'y.npy', ['y.npy', 'data/shape', "output 'y'"], /hint: /),
  { ...train('int targets for a float output are accepted', { 'x.npy': npy([8, 4]), 'y.npy': npy([8, 1], 'int32') }, 'x.npy', 'y.npy', ['Epoch 1/1'], /loss/), exit: 0, creates: ['run'] },
  train('no samples to train on', { 'x.npy': npy([0, 4]), 'y.npy': npy([0, 1]) }, 'x.npy', 'y.npy', ['x.npy holds no samples (shape (0, 4)); training needs at least one', 'data/rows'], /its first axis counts the samples/),
  { ...train('a validation split that leaves no sample', { 'x.npy': npy([1, 4]), 'y.npy': npy([1, 1]) }, 'x.npy', 'y.npy', ['a validation split of 0.5 of the 1 samples in x.npy leaves none to train on'], /a smaller --validation-split/), args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--validation-split', '0.5'] },
  {
    name: 'evaluate on no samples',
    files: { 'm.yaml': TINY, 'x.npy': npy([0, 4]), 'y.npy': npy([0, 1]), 'w.npz': npz({ 'y/kernel.npy': npy([4, 1]), 'y/bias.npy': npy([1]) }) },
    args: ['evaluate', 'm.yaml', '--weights', 'w.npz', '--x', 'x.npy', '--y', 'y.npy', '--backend', 'cpu'],
    exit: 1,
    where: ['x.npy holds no samples', 'evaluation needs at least one'],
    hint: /its first axis counts the samples/,
  },
  { ...predict('predict on no samples writes an empty output', { 'x.npy': npy([0, 4]) }, ['x.npy'], ['out.npy: y (0, 1) float32', '0 samples'], /samples in/), exit: 0, creates: ['out.npy'] },
  {
    name: 'check --input: float data for an int32 input, reported at the data file',
    files: { 'm.yaml': EMBEDDING, 'ids.npy': npy([5, 3]) },
    args: ['check', 'm.yaml', '--input', 'ids.npy', '--format', 'json'],
    exit: 1,
    where: ['ids.npy', '"ruleId":"data/dtype"'],
    hint: /astype\(np\.int32\)/,
  },
];

/** Paths that are not regular files: each must be refused at once, never read (or waited on). */
const notFiles: HostileCase[] = [
  { ...predict('a FIFO as the input', {}, ['x.npy'], ['x.npy', 'not a regular file'], /give a saved/, 2), setup: fifo('x.npy') },
  { ...predict('a link to /dev/zero as the input', {}, ['z.npy'], ['z.npy', 'not a regular file'], /give a saved/, 2), setup: (dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'z.npy')) },
  { ...predict('a link loop as the input', {}, ['loop.npy'], ['loop.npy', 'npy/io'], /check the path/, 2), setup: (dir) => fs.symlinkSync('loop.npy', path.join(dir, 'loop.npy')) },
  { ...predict('a directory as the input', {}, ['dir.npy'], ['dir.npy'], /give a saved|check the path|not a regular file/, 2), setup: (dir) => fs.mkdirSync(path.join(dir, 'dir.npy')) },
  { ...predict('a FIFO as an .npz input', {}, ['d.npz'], ['d.npz', 'not a regular file'], /give a saved/, 2), setup: fifo('d.npz') },
  { name: 'check --input with a FIFO', setup: fifo('x.npy'), files: { 'm.yaml': TINY }, args: ['check', 'm.yaml', '--input', 'x.npy'], exit: 2, where: ['x.npy', 'not a regular file'], hint: /check the path/ },
  { name: 'a FIFO as the model file', setup: fifo('m.yaml'), args: ['check', 'm.yaml'], exit: 2, where: ['m.yaml', 'not a regular file'], hint: /name a saved \.yaml file/ },
  { name: '/dev/zero as the model file', args: ['summary', '/dev/zero'], exit: 2, where: ['/dev/zero', 'not a regular file'], hint: /name a saved \.yaml file/ },
];

export const dataCases: HostileCase[] = [
  ...HOSTILE_FIXTURES.map(fixtureThroughCheck),
  ...SAMPLE.map(fixtureThroughTrain),
  ...SAMPLE.slice(0, 4).map(fixtureThroughEvaluate),
  ...modelMismatches,
  ...notFiles,
];
