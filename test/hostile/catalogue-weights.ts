/**
 * Weights that do not belong to the model: missing, extra, misshapen, from another model, and
 * weights directories whose model.json points elsewhere (URLs, absolute paths, links, devices).
 * Through predict and evaluate (--weights DIR or .npz) and train --resume.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../cli/run-cli.js';
import type { HostileCase } from './harness.js';
import { encodeNpyHeader } from '../../src/io/npy-write.js';
import { zipArchive } from '../../src/io/zip-write.js';
import { fifo, npy, npz, sparse, TINY, TINY_WIDER, tinyData } from './inputs.js';

interface ManifestWeight {
  name: string;
  shape: number[];
  dtype: string;
}

/** A weights directory as `train --out` writes it: model.json (manifest) + weights.bin. */
function weightsDir(weights: ManifestWeight[], options: { paths?: string[]; bytes?: number; extra?: object } = {}): Record<string, string | Uint8Array> {
  const size = weights.reduce((n, w) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  const modelJson = { format: 'layers-model', modelTopology: {}, weightsManifest: [{ paths: options.paths ?? ['weights.bin'], weights }], ...options.extra };
  return { 'w/model.json': JSON.stringify(modelJson), 'w/weights.bin': new Uint8Array(options.bytes ?? size) };
}

const TINY_WEIGHTS: ManifestWeight[] = [
  { name: 'y/kernel', shape: [4, 1], dtype: 'float32' },
  { name: 'y/bias', shape: [1], dtype: 'float32' },
];
const WIDER_WEIGHTS: ManifestWeight[] = [
  { name: 'h/kernel', shape: [4, 8], dtype: 'float32' },
  { name: 'h/bias', shape: [8], dtype: 'float32' },
  { name: 'y/kernel', shape: [8, 1], dtype: 'float32' },
  { name: 'y/bias', shape: [1], dtype: 'float32' },
];

/** The hint for a weights file or directory that is not what train writes. */
const WEIGHTS_HINT = /hint: give --weights the directory `train --out` wrote/;

const PREDICT = ['predict', 'm.yaml', '--input', 'x.npy', '--output', 'out.npy', '--backend', 'cpu', '--weights'];
const EVALUATE = ['evaluate', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--backend', 'cpu', '--weights'];

const withWeights = (
  name: string,
  weights: NonNullable<HostileCase['files']>,
  where: (string | RegExp)[],
  hint: RegExp,
  exit: 0 | 1 | 2,
  command: 'predict' | 'evaluate' = 'predict',
  target = Object.keys(weights)[0].split('/')[0] === 'w' ? 'w' : Object.keys(weights)[0],
): HostileCase => ({
  name: `${command} --weights: ${name}`,
  files: { 'm.yaml': TINY, ...tinyData(), ...weights },
  args: [...(command === 'predict' ? PREDICT : EVALUATE), target],
  exit,
  where,
  hint,
  ...(exit === 0 && command === 'predict' ? { creates: ['out.npy'] } : {}),
});

const npzWeights = (entries: Record<string, number[]>) => ({ 'w.npz': npz(Object.fromEntries(Object.entries(entries).map(([k, shape]) => [`${k}.npy`, npy(shape)]))) });

const npzCases: HostileCase[] = [
  withWeights('a matching .npz (the control case)', npzWeights({ 'y/kernel': [4, 1], 'y/bias': [1] }), ['out.npy', '(8, 1)'], /samples in/, 0),
  withWeights('.npz missing a weight', npzWeights({ 'y/kernel': [4, 1] }), ['w.npz does not fit the model', 'missing y/bias (1,)', 'weights/missing'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('.npz with an extra weight', npzWeights({ 'y/kernel': [4, 1], 'y/bias': [1], 'z/kernel': [2, 2] }), ['w.npz does not fit the model', 'extra z/kernel', 'weights/extra'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('.npz with a misshapen kernel', npzWeights({ 'y/kernel': [5, 1], 'y/bias': [1] }), ['w.npz does not fit the model', 'y/kernel is (5, 1) but the model expects (4, 1)', 'weights/shape'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('.npz of another model', npzWeights({ 'h/kernel': [4, 8], 'h/bias': [8], 'y/kernel': [8, 1], 'y/bias': [1] }), ['w.npz does not fit the model', 'extra h/bias, h/kernel', 'y/kernel is (8, 1)'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('.npz with plain keys', npzWeights({ kernel: [4, 1], bias: [1] }), ['w.npz does not fit the model', 'extra bias, kernel'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('.npz with a path-climbing key', { 'w.npz': npz({ '../y/kernel.npy': npy([4, 1]) }) }, ['w.npz', "'../y/kernel.npy'"], /save the arrays/, 1),
  withWeights('.npz with int32 weights', { 'w.npz': npz({ 'y/kernel.npy': npy([4, 1], 'int32'), 'y/bias.npy': npy([1], 'int32') }) }, ['w.npz', /int32|float32/], /hint: |astype|float32/, 1),
  withWeights('a zip bomb as the weights', { 'w.npz': fs.readFileSync(path.join(ROOT, 'test/fixtures/npz/bomb_declared.npz')) }, ['w.npz', 'npz/too-large'], /split the arrays/, 1),
  withWeights('a .npy as the weights', { 'w.npy': npy([4, 1]) }, ['--weights w.npy'], /<layer>\/<weight>/, 2),
  withWeights('.npz missing a weight, for evaluate', npzWeights({ 'y/kernel': [4, 1] }), ['w.npz does not fit the model', 'missing y/bias (1,)'], /listed by `layerspec summary .* --json`/, 1, 'evaluate'),
  withWeights('.npz of another model, for evaluate', npzWeights({ 'h/kernel': [4, 8], 'h/bias': [8], 'y/kernel': [8, 1], 'y/bias': [1] }), ['w.npz does not fit the model', 'extra h/bias, h/kernel'], /listed by `layerspec summary .* --json`/, 1, 'evaluate'),
];

const dirCases: HostileCase[] = [
  withWeights('a matching directory (the control case)', weightsDir(TINY_WEIGHTS), ['out.npy', '(8, 1)'], /samples in/, 0),
  withWeights('a directory of another model', weightsDir(WIDER_WEIGHTS), ['w does not fit the model', 'extra h/bias, h/kernel'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('a directory missing a weight', weightsDir(TINY_WEIGHTS.slice(0, 1)), ['w does not fit the model', 'missing y/bias (1,)'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('a directory with a misshapen weight', weightsDir([{ ...TINY_WEIGHTS[0], shape: [5, 1] }, TINY_WEIGHTS[1]]), ['w does not fit the model', 'y/kernel is (5, 1)'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('a weights path that is a URL', weightsDir(TINY_WEIGHTS, { paths: ['https://example.com/weights.bin'] }), ['model.json', "'https://example.com/weights.bin'"], /plain file name inside/, 2),
  withWeights('a weights path that is absolute', weightsDir(TINY_WEIGHTS, { paths: ['/etc/passwd'] }), ['model.json', "'/etc/passwd'"], /plain file name inside/, 2),
  withWeights('a weights path that climbs out', weightsDir(TINY_WEIGHTS, { paths: ['../x.npy'] }), ['model.json', "'../x.npy'"], /plain file name inside/, 2),
  withWeights('a weights path with a scheme', weightsDir(TINY_WEIGHTS, { paths: ['file:weights.bin'] }), ['model.json', "'file:weights.bin'"], /plain file name inside/, 2),
  withWeights('a weights.bin too short', weightsDir(TINY_WEIGHTS, { bytes: 8 }), ['weights.bin', '8 bytes', '20'], /truncated or do not belong together/, 2),
  withWeights('a weights.bin too long', weightsDir(TINY_WEIGHTS, { bytes: 4096 }), ['weights.bin', '4096 bytes'], /truncated or do not belong together/, 2),
  withWeights('a manifest with a string weight', weightsDir([{ ...TINY_WEIGHTS[0], dtype: 'string' }, TINY_WEIGHTS[1]]), ['model.json', 'holds strings'], /float32, int32 and bool weights only/, 1),
  withWeights('a manifest with a float16 weight', weightsDir([{ ...TINY_WEIGHTS[0], dtype: 'float16' }, TINY_WEIGHTS[1]]), ['model.json', "dtype 'float16'"], /float32, int32 and bool weights only/, 1),
  withWeights('a manifest with a huge declared shape', weightsDir([{ ...TINY_WEIGHTS[0], shape: [2 ** 31, 2 ** 31] }, TINY_WEIGHTS[1]], { bytes: 20 }), ['model.json', 'too large to be real'], WEIGHTS_HINT, 1),
  withWeights('a quantized manifest', weightsDir([{ ...TINY_WEIGHTS[0], quantization: { dtype: 'uint8' } } as ManifestWeight, TINY_WEIGHTS[1]]), ['model.json', 'quantized'], /unquantized/, 1),
  withWeights('a weight name without a layer', weightsDir([{ ...TINY_WEIGHTS[0], name: 'kernel' }, TINY_WEIGHTS[1]]), ['model.json', "'kernel'"], /<layer>\/<weight>/, 2),
  withWeights('a weight name with terminal escapes', weightsDir([{ ...TINY_WEIGHTS[0], name: 'y/\u001b[2Jkernel' }, TINY_WEIGHTS[1]]), ['w does not fit the model', 'y/\\u001b[2Jkernel'], /listed by `layerspec summary .* --json`/, 1),
  withWeights('a weight listed twice', weightsDir([TINY_WEIGHTS[0], TINY_WEIGHTS[0]]), ['model.json', "'y/kernel' twice"], WEIGHTS_HINT, 2),
  withWeights('a model.json that is not JSON', { 'w/model.json': '{ not json', 'w/weights.bin': new Uint8Array(20) }, ['model.json', 'is not valid JSON'], WEIGHTS_HINT, 2),
  withWeights('a model.json without a manifest', { 'w/model.json': '{"format": "layers-model"}', 'w/weights.bin': new Uint8Array(20) }, ['model.json', 'weightsManifest'], WEIGHTS_HINT, 2),
  withWeights('a graph model', weightsDir(TINY_WEIGHTS, { extra: { format: 'graph-model' } }), ['model.json', "'graph-model'"], /layers-model/, 2),
  withWeights('a directory without model.json', { 'w/weights.bin': new Uint8Array(20) }, ['model.json'], WEIGHTS_HINT, 2),
  withWeights('a directory without weights.bin', { 'w/model.json': weightsDir(TINY_WEIGHTS)['w/model.json'] }, ['weights.bin', 'missing'], WEIGHTS_HINT, 2),
  withWeights('a directory of another model, for evaluate', weightsDir(WIDER_WEIGHTS), ['w does not fit the model', 'extra h/bias, h/kernel'], /listed by `layerspec summary .* --json`/, 1, 'evaluate'),
];

/** Links and special files inside a weights directory: never followed out of it, never read forever. */
const linkCases: HostileCase[] = [
  { ...withWeights('weights.bin a link to /dev/zero', { 'w/model.json': weightsDir(TINY_WEIGHTS)['w/model.json'] }, ['weights.bin'], WEIGHTS_HINT, 2), setup: (dir) => fs.symlinkSync('/dev/zero', path.join(dir, 'w/weights.bin')) },
  { ...withWeights('weights.bin a link out of the directory', { 'w/model.json': weightsDir(TINY_WEIGHTS)['w/model.json'], 'outside.bin': new Uint8Array(20) }, ['weights.bin', 'outside'], /files in the directory itself/, 2), setup: (dir) => fs.symlinkSync('../outside.bin', path.join(dir, 'w/weights.bin')) },
  { ...withWeights('model.json a FIFO', { 'w/weights.bin': new Uint8Array(20) }, ['model.json'], WEIGHTS_HINT, 2), setup: fifo('w/model.json') },
  { ...withWeights('a 65 MB model.json', { 'w/weights.bin': new Uint8Array(20) }, ['model.json', 'more than the'], WEIGHTS_HINT, 2), setup: sparse('w/model.json', 65 * 1024 * 1024) },
  withWeights('a garbage checkpoint.json next to the weights', { ...weightsDir(TINY_WEIGHTS), 'w/checkpoint.json': '{"epoch": "x"' }, ['checkpoint.json', 'not a valid checkpoint'], /train again without --resume/, 2),
];

/** 64 MiB of zeros as float32 (packed to nothing by deflate, as by git): far more than TINY's 20 bytes of weights. */
const SIXTY_FOUR_MIB = 64 * 2 ** 20;
let deflated: Buffer | undefined;
/** A .npz of one 64 MiB float32 array of zeros, deflated; built once (deflating 64 MiB is most of a case's time), when first needed. */
const deflatedNpz = () => (deflated ??= Buffer.concat(zipArchive([{ name: 'y/kernel.npy', data: Buffer.concat([encodeNpyHeader('float32', [SIXTY_FOUR_MIB / 4]), new Uint8Array(SIXTY_FOUR_MIB)]) }], { compress: true })));
const TOO_MUCH = "far more than this model's weights";

/** Weights files far larger than the model's weights: refused from their declared sizes, before they are read. */
const oversized: HostileCase[] = [
  withWeights('a deflated .npz declaring 64 MiB', { 'w.npz': deflatedNpz }, ['w.npz', 'its arrays declare 67108864 bytes', TOO_MUCH], WEIGHTS_HINT, 1),
  { ...withWeights('a 64 MiB weights.bin', { 'w/model.json': weightsDir(TINY_WEIGHTS)['w/model.json'] }, ['weights.bin holds 67108864 bytes', TOO_MUCH], WEIGHTS_HINT, 1), setup: sparse('w/weights.bin', SIXTY_FOUR_MIB) },
  { ...withWeights('a 64 MiB weights.bin.next beside a checkpoint', { ...weightsDir(TINY_WEIGHTS), 'w/checkpoint.json': '{}' }, ['weights.bin.next holds 67108864 bytes', TOO_MUCH], WEIGHTS_HINT, 1), setup: sparse('w/weights.bin.next', SIXTY_FOUR_MIB) },
  withWeights('a manifest declaring 64 MiB of weights', weightsDir([{ ...TINY_WEIGHTS[0], shape: [4096, 4096] }, TINY_WEIGHTS[1]], { bytes: 20 }), ['model.json declares 67108868 bytes of weights', TOO_MUCH], WEIGHTS_HINT, 1),
  withWeights('a deflated .npz declaring 64 MiB, for evaluate', { 'w.npz': deflatedNpz }, ['w.npz', TOO_MUCH], WEIGHTS_HINT, 1, 'evaluate'),
];

/** A train run of `model` on the case's x.npy/y.npy, leaving its checkpoint in run/. */
const trainOneEpoch = (model: string) => ['train', model, '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--backend', 'cpu', '--epochs', '1', '--quiet'];

/** train --resume from a directory another model's run left. */
const resumeCases: HostileCase[] = [
  {
    name: 'train --resume from another model’s run',
    files: { 'm.yaml': TINY, 'wider.yaml': TINY_WIDER, ...tinyData() },
    runFirst: trainOneEpoch('wider.yaml'),
    args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--backend', 'cpu', '--epochs', '2', '--resume'],
    exit: 1,
    where: ['run does not fit the model', 'extra h/bias, h/kernel'],
    hint: /listed by `layerspec summary .* --json`/,
  },
  {
    name: 'train --resume from a garbage checkpoint',
    files: { 'm.yaml': TINY, ...tinyData(), 'run/checkpoint.json': '[1, 2, 3]' },
    args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--backend', 'cpu', '--resume'],
    exit: 2,
    where: ['checkpoint.json', 'not a valid checkpoint'],
    hint: /train again without --resume/,
  },
  {
    name: 'train --resume whose weights.bin does not match its checkpoint',
    files: { 'm.yaml': TINY, ...tinyData() },
    runFirst: trainOneEpoch('m.yaml'),
    setup: (dir) => fs.writeFileSync(path.join(dir, 'run/weights.bin'), new Uint8Array(20)),
    args: ['train', 'm.yaml', '--x', 'x.npy', '--y', 'y.npy', '--out', 'run', '--backend', 'cpu', '--epochs', '2', '--resume'],
    exit: 2,
    where: ['weights.bin', 'damaged'],
    hint: /train again without --resume, or restore the directory/,
  },
];

export const weightsCases: HostileCase[] = [...npzCases, ...dirCases, ...linkCases, ...oversized, ...resumeCases];
