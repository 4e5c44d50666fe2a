/** Small valid models and data files the catalogues start from (and then break). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { encodeNpy } from '../../src/io/npy-write.js';
import { zipArchive } from '../../src/io/zip-write.js';

/** A one-Dense-layer model: x (4 features) -> y (1), with a train: section. */
export const TINY = `layerspec: 1
name: tiny
inputs:
  x: { shape: [4] }
layers:
  y: { type: Dense, input: x, units: 1 }
outputs: [y]
train:
  optimizer: { type: adam, learning_rate: 0.01 }
  loss: mse
  epochs: 1
  batch_size: 4
`;

/** The same inputs and outputs, a different layer in between (its weights do not fit TINY). */
export const TINY_WIDER = TINY.replace('  y: { type: Dense, input: x, units: 1 }', '  h: { type: Dense, input: x, units: 8 }\n  y: { type: Dense, input: h, units: 1 }');

/** A model with one layer of `type` and `params` (YAML flow text), on an input of `shape`. */
export function oneLayer(type: string, params: string, shape = '[8, 8, 4]'): string {
  return `layerspec: 1\nname: one\ninputs:\n  x: { shape: ${shape} }\nlayers:\n  l: { type: ${type}, input: x${params ? `, ${params}` : ''} }\noutputs: [l]\n`;
}

export function npy(shape: number[], dtype: 'float32' | 'int32' | 'bool' = 'float32'): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = dtype === 'float32' ? Float32Array.from({ length: n }, (_, k) => Math.sin(k)) : dtype === 'int32' ? new Int32Array(n) : new Uint8Array(n);
  return encodeNpy({ data, shape });
}

/** A .npz holding these arrays (stored, as numpy.savez writes it). */
export function npz(entries: Record<string, Uint8Array>): Uint8Array {
  return Buffer.concat(zipArchive(Object.entries(entries).map(([name, data]) => ({ name, data })), { compress: false }));
}

/** TINY's data: x (n, 4), y (n, 1). */
export const tinyData = (n = 8) => ({ 'x.npy': npy([n, 4]), 'y.npy': npy([n, 1]) });

/** A case's setup making `name` (in the case's directory) a FIFO: reading it would wait forever. */
export const fifo = (name: string) => (dir: string) => void execFileSync('mkfifo', [path.join(dir, name)]);

/** A case's setup making `name` a sparse file of `bytes` zeros: large to stat, nothing on disk. */
export const sparse = (name: string, bytes: number) => (dir: string) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, '');
  fs.truncateSync(file, bytes);
};
