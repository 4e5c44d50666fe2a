import { createRequire } from 'node:module';
import type * as tfTypes from '@tensorflow/tfjs';
import { wasmBackend, type Tf } from './kernels/patches.js';
import { uniformFloats } from './kernels/simd/simd-kernels.js';

/**
 * tfjs-core's randomUniform, which the uniform, glorot and he initializers and Dropout's masks
 * call, with the same values bit for bit, ~10x faster. tfjs draws each value through a method,
 * two closures and seedrandom's alea (~48 ns a value: the reference CNN's 315 722 initial weights
 * took ~15 ms of every job's start); here alea is seeded by seedrandom itself, as tfjs seeds it,
 * and its step (three lines of double arithmetic, as in seedrandom's alea.js) runs in one loop: in
 * wasm on the wasm backend (the same loop in JavaScript, run once and cold, took as long as tfjs's).
 */

type RandomUniform = typeof tfTypes.randomUniform;
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}
type Alea = (seed: string, options: { state: true }) => { state(): AleaState };

type Core = Pick<typeof tfTypes, 'randomUniform' | 'tensor' | 'getBackend' | 'backend' | 'engine'>;

/** `core` is tfjs-core's exports object (`tfjsCoreFile` its resolved file): its randomUniform replaced, the one tfjs-layers calls. */
export function installFastRandomUniform(core: Core, tfjsCoreFile: string): void {
  // seedrandom as tfjs-core itself requires it.
  const alea = (createRequire(tfjsCoreFile)('seedrandom') as { alea: Alea }).alea;
  const original = core.randomUniform;
  const fast = (shape: number[], minval = 0, maxval = 1, dtype: 'float32' | 'int32' = 'float32', seed?: number | string) => {
    const valid = Array.isArray(shape) && shape.every((d) => Number.isInteger(d) && d >= 0);
    if (!valid || (dtype !== 'float32' && dtype !== 'int32') || typeof minval !== 'number' || typeof maxval !== 'number') {
      return original(shape, minval, maxval, dtype, seed);
    }
    // As tfjs's UniformRandom: a missing seed is one Math.random() draw, a number is seeded as its string.
    const drawn = seed ?? Math.random();
    const state = alea(typeof drawn === 'number' ? drawn.toString() : drawn, { state: true }).state();
    const range = maxval - minval;
    const wasm = dtype === 'float32' ? wasmBackend(core as Tf) : undefined;
    const inWasm = wasm && uniformFloats(wasm, shape, minval, range, state);
    if (inWasm) return core.engine().makeTensorFromTensorInfo(inWasm);
    let { c, s0, s1, s2 } = state;
    const size = shape.reduce((p, q) => p * q, 1);
    const values = dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
    for (let i = 0; i < size; i++) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10; // 2^-32
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      values[i] = minval + range * s2;
    }
    return core.tensor(values, shape, dtype);
  };
  core.randomUniform = fast as unknown as RandomUniform;
}
