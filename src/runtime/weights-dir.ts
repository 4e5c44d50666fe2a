import type * as tfTypes from '@tensorflow/tfjs';
import { constants } from 'node:fs';
import { access, mkdir, open, realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../io/npy-write.js';
import { formatShape } from '../shape/shape.js';
import { z } from '../zod-configured.js';
import { kerasWeightName, type NamedWeight, type NamedWeights, WeightsError } from './weights-assign.js';

/**
 * A model's weights on disk, as `train --out DIR` writes them and `predict --weights DIR` reads
 * them: tfjs's LayersModel format, `DIR/model.json` (topology + weights manifest) and
 * `DIR/weights.bin` (the weights' bytes, little-endian, in manifest order).
 *
 * Reading is strict because the directory may be hostile (CI on pull requests): the topology is
 * never instantiated (the model is rebuilt from its YAML; only the weights are taken), the
 * manifest is validated before any weight byte is read, weight files must be plain names inside
 * DIR (nothing is fetched), and sizes are checked against the files before anything is allocated.
 */

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
/** tfjs's own model.json files are small (topology + manifest); this is far above any real one. */
export const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** `model`'s model.json (topology + manifest naming weights.bin) and its weights.bin bytes, as model.save gives them. */
export async function modelArtifacts(tf: typeof tfTypes, model: tfTypes.LayersModel): Promise<{ modelJson: object; weights: Uint8Array[] }> {
  let result: { modelJson: object; weights: Uint8Array[] } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weightData = artifacts.weightData ?? [];
      result = {
        weights: (Array.isArray(weightData) ? weightData : [weightData]).map((b) => new Uint8Array(b)),
        modelJson: {
          modelTopology: artifacts.modelTopology,
          format: 'layers-model',
          generatedBy: artifacts.generatedBy,
          convertedBy: null,
          ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
          weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        },
      };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  return result!;
}

/** Writes `model`'s topology and weights to DIR/model.json + DIR/weights.bin, each file atomically. */
export async function saveWeightsDir(tf: typeof tfTypes, model: tfTypes.LayersModel, dir: string): Promise<void> {
  await prepareWeightsDir(dir);
  const { modelJson, weights } = await modelArtifacts(tf, model);
  // weights.bin first: model.json, written last, marks the save complete.
  await writeOrExplain(join(dir, WEIGHTS_BIN), weights);
  await writeOrExplain(join(dir, MODEL_JSON), [new TextEncoder().encode(JSON.stringify(modelJson))]);
}

/**
 * Creates DIR if missing and checks that it is a writable directory. `train` can call it before
 * training, so that a bad `--out` fails at once rather than after the epochs.
 */
export async function prepareWeightsDir(dir: string): Promise<void> {
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new WeightsError('weights/file', dir, `${dir} is a file; the model is saved to a directory (model.json + weights.bin)`);
  if (!existing) {
    try {
      await makeDirectories(dir);
    } catch (e) {
      throw new WeightsError('weights/file', dir, `cannot create the directory ${dir}: ${errorText(e)}; choose another --out`, { cause: e });
    }
  }
  await access(dir, constants.W_OK).catch((e: unknown) => {
    throw new WeightsError('weights/file', dir, `cannot write to the directory ${dir}: ${errorText(e)}`, { cause: e });
  });
}

/**
 * `mkdir -p` one directory at a time. Node's `mkdir(dir, { recursive: true })` loops forever where
 * mkdir keeps failing with ENOENT (under /proc), and says little under a regular file.
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; !(await stat(d).catch(() => undefined)); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) await mkdir(d).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
}

async function writeOrExplain(path: string, chunks: Uint8Array[]): Promise<void> {
  try {
    await writeFileAtomic(path, chunks);
  } catch (e) {
    throw new WeightsError('weights/file', path, `cannot write ${path}: ${errorText(e)}`, { cause: e });
  }
}

// The manifest as tfjs writes it; the rest of model.json (the topology) is not looked at.
const weightSpecSchema = z.looseObject({
  name: z.string().min(1).max(1024),
  shape: z.array(z.number().int().nonnegative()).max(64),
  dtype: z.string(),
  quantization: z.unknown().optional(),
});
const modelJsonSchema = z.looseObject({
  format: z.string().optional(),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string()).min(1), weights: z.array(weightSpecSchema) })).min(1),
});
type WeightSpec = z.infer<typeof weightSpecSchema>;

const BYTES_PER_VALUE: Readonly<Record<string, number>> = { float32: 4, int32: 4, bool: 1 };
/** A plain file name: no directory part, not `.`/`..`/hidden, no scheme (`:`), no backslash. */
const PLAIN_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

/**
 * Reads the weights of DIR (written by `train`) by Keras-style name; nothing else of model.json is
 * used. `bin` reads another file laid out by the same manifest (the checkpoint's best-weights.bin);
 * `maxBytes` is the most the manifest may declare; `verified` holds files of DIR already read whole
 * and checked (readCheckpoint's), by name: they are checked here as the others, but not read again.
 */
export async function readWeightsDir(
  dir: string,
  options: { bin?: string; maxBytes?: number; verified?: ReadonlyMap<string, Uint8Array> } = {},
): Promise<NamedWeights> {
  const file = join(dir, MODEL_JSON);
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new WeightsError('weights/file', dir, `${dir} does not exist`);
  if (!info.isDirectory()) {
    const hint = basename(dir) === MODEL_JSON ? ` (give its directory, ${dirname(dir)})` : '';
    throw new WeightsError('weights/file', dir, `${dir} is not a directory with model.json and weights.bin${hint}`);
  }

  const text = new TextDecoder().decode(await readWhole(await insideDir(dir, MODEL_JSON, file), MAX_MODEL_JSON_BYTES));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new WeightsError('weights/file', file, `${file} is not valid JSON: ${errorText(e)}`);
  }
  const parsed = modelJsonSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
    throw new WeightsError('weights/file', file, `${file} is not a tfjs layers model with a weights manifest: ${where}${issue.message}`);
  }
  if (parsed.data.format !== undefined && parsed.data.format !== 'layers-model') {
    throw new WeightsError('weights/file', file, `${file} is a '${parsed.data.format}', not a 'layers-model'`);
  }

  if (options.maxBytes !== undefined) {
    // The sizes the manifest declares, before any file is read (each checked in detail below).
    for (const group of parsed.data.weightsManifest) for (const spec of group.weights) checkSpec(file, spec);
    const declared = parsed.data.weightsManifest.reduce((n, g) => n + g.weights.reduce((m, w) => m + specBytes(w), 0), 0);
    if (declared > options.maxBytes) throw new WeightsError('weights/shape', file, `${file} declares ${declared} bytes of weights, far more than this model's weights; these are not its weights`);
  }
  const weights: NamedWeights = new Map();
  const fromName = new Map<string, string>();
  const seenPaths = new Set<string>();
  for (const group of parsed.data.weightsManifest) {
    for (const spec of group.weights) checkSpec(file, spec);
    for (const path of group.paths) {
      if (!PLAIN_FILE_NAME.test(path) || seenPaths.has(path)) {
        const why = seenPaths.has(path) ? 'is listed twice' : `must be a plain file name inside ${dir} (no directories, no URLs)`;
        throw new WeightsError('weights/file', file, `${file}: weights file path '${path}' ${why}`);
      }
      seenPaths.add(path);
    }
    const names = group.weights.map((spec) => {
      const name = kerasName(file, spec.name);
      const earlier = fromName.get(name);
      if (earlier !== undefined) {
        const same = earlier === spec.name ? `'${spec.name}' twice` : `both '${earlier}' and '${spec.name}' (both ${name})`;
        throw new WeightsError('weights/file', file, `${file}: the manifest lists ${same}`);
      }
      fromName.set(name, spec.name);
      return name;
    });
    const bytes = await readGroup(dir, file, options.bin ? [options.bin] : group.paths, group.weights, options.verified);
    let offset = 0;
    for (const [k, spec] of group.weights.entries()) {
      const length = specBytes(spec);
      weights.set(names[k], decode(bytes.subarray(offset, offset + length), spec));
      offset += length;
    }
  }
  return weights;
}

/** The Keras-style name of a manifest name `<layer>/.../<weight>`. */
function kerasName(file: string, tfName: string): string {
  const path = tfName.split('/');
  if (path.length < 2 || path.some((s) => s === '')) {
    throw new WeightsError('weights/file', file, `${file}: weight name '${tfName}' is not of the form <layer>/<weight>`);
  }
  return kerasWeightName(path[0], path.slice(1));
}

/** The bytes a weight of the manifest takes (its dtype checked by checkSpec). */
const specBytes = (spec: WeightSpec) => spec.shape.reduce((a, b) => a * b, 1) * BYTES_PER_VALUE[spec.dtype];

function checkSpec(file: string, spec: WeightSpec): void {
  if (spec.quantization !== undefined && spec.quantization !== null) {
    throw new WeightsError('weights/dtype', file, `${file}: weight '${spec.name}' is quantized; layerspec reads unquantized float32, int32 and bool weights only`);
  }
  if (!Object.hasOwn(BYTES_PER_VALUE, spec.dtype)) {
    const what = spec.dtype === 'string' ? 'holds strings' : `has dtype '${spec.dtype}'`;
    throw new WeightsError('weights/dtype', file, `${file}: weight '${spec.name}' ${what}; layerspec reads float32, int32 and bool weights only`);
  }
  if (!Number.isSafeInteger(specBytes(spec))) {
    throw new WeightsError('weights/shape', file, `${file}: weight '${spec.name}' declares shape ${formatShape(spec.shape)}, too large to be real`);
  }
}

/**
 * The bytes of a manifest group's files, concatenated; their total size must be what the specs need.
 * A file in `verified` is checked like the others (a regular file inside DIR) and its bytes taken from there.
 */
async function readGroup(dir: string, file: string, paths: string[], specs: WeightSpec[], verified?: ReadonlyMap<string, Uint8Array>): Promise<Uint8Array> {
  const needed = specs.reduce((n, s) => n + specBytes(s), 0);
  const sizes: number[] = [];
  const real: string[] = [];
  for (const path of paths) {
    const info = await stat(join(dir, path)).catch(() => undefined);
    if (!info?.isFile()) throw new WeightsError('weights/file', file, `${file} lists weights file '${path}', which is ${info ? 'not a file' : 'missing'} in ${dir}`);
    real.push(await insideDir(dir, path, file));
    sizes.push(verified?.get(path)?.length ?? info.size);
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== needed) {
    const names = paths.join(' + ');
    throw new WeightsError('weights/file', file, `${file}: ${names} ${paths.length > 1 ? 'hold' : 'holds'} ${total} bytes, but the manifest's ${specs.length} weights need ${needed}; the files are truncated or do not belong together`);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const k of paths.keys()) {
    bytes.set(verified?.get(paths[k]) ?? (await readWhole(real[k], sizes[k], sizes[k])), offset);
    offset += sizes[k];
  }
  return bytes;
}

/**
 * The real path of DIR/name, which must be in DIR itself: a link out of the directory (to a file
 * of the machine that reads it) is refused like a `../` path.
 */
async function insideDir(dir: string, name: string, file: string): Promise<string> {
  const path = join(dir, name);
  let real: string;
  try {
    real = await realpath(path);
  } catch (e) {
    throw new WeightsError('weights/file', path, `cannot read ${path}: ${errorText(e)}`, { cause: e });
  }
  if (dirname(real) !== (await realpath(dir))) {
    throw new WeightsError('weights/file', file, `${path} links to a file outside ${dir}; the weights must be files in the directory itself`);
  }
  return real;
}

/**
 * A whole regular file of at most `max` bytes (exactly `exact` when given), checked before reading:
 * a FIFO, a device (/dev/zero) or a symbolic link to one is refused rather than read forever.
 */
export async function readWhole(path: string, max: number, exact?: number): Promise<Uint8Array> {
  let fh;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    fh = await open(path, 'r');
  } catch (e) {
    throw new WeightsError('weights/file', path, `cannot read ${path}: ${errorText(e)}`, { cause: e });
  }
  try {
    const { size } = await fh.stat();
    if (size > max) throw new WeightsError('weights/file', path, `${path} is ${size} bytes, more than the ${max} allowed`);
    if (exact !== undefined && size !== exact) throw new WeightsError('weights/file', path, `${path} changed while it was being read`);
    const bytes = new Uint8Array(size);
    let offset = 0;
    while (offset < size) {
      const { bytesRead } = await fh.read(bytes, offset, size - offset, offset);
      if (bytesRead === 0) throw new WeightsError('weights/file', path, `${path} changed while it was being read`);
      offset += bytesRead;
    }
    return bytes;
  } finally {
    await fh.close();
  }
}

/** One weight's values from its bytes (copied, so that each typed array is aligned). */
function decode(bytes: Uint8Array, spec: WeightSpec): NamedWeight {
  const copy = bytes.slice().buffer;
  const shape = [...spec.shape];
  if (spec.dtype === 'float32') return { shape, dtype: 'float32', data: new Float32Array(copy) };
  if (spec.dtype === 'int32') return { shape, dtype: 'int32', data: new Int32Array(copy) };
  return { shape, dtype: 'bool', data: new Uint8Array(copy).map((v) => (v ? 1 : 0)) };
}
