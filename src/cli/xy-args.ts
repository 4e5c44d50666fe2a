import type { Analysis } from '../analyze.js';
import { checkSampleCounts, type DataProblem } from '../data/contract.js';
import { readDataHeaders, type DataSlot } from '../data/sources.js';
import type { TrainConfig } from '../runtime/compile.js';
import type { BoundData } from '../runtime/train-data.js';
import { lossesByOutput } from '../spec/train-schema.js';
import { bindDataArgs } from './data-args.js';
import type { CliIO } from './io.js';

/**
 * `--x [NAME=]PATH ... --y [NAME=]PATH ...` of `train` and `evaluate`: x per model input, y per
 * model output, each checked against the model from the headers alone, samples counted alike.
 */

/** The targets each output is trained on: its own shape, or class ids for a sparse loss. */
function targetSlots(analysis: Analysis, config: Pick<TrainConfig, 'loss'>): DataSlot[] {
  const spec = analysis.spec!;
  const losses = lossesByOutput(config.loss, spec.outputs);
  return spec.outputs.map((name, i) => {
    const shape = (analysis.shapes!.shapes.get(name) ?? [null]).slice(1);
    if (losses[i] !== 'sparse_categorical_crossentropy' || shape.length === 0) return { name, shape, dtype: 'float32' };
    // Class ids: (N, ..., 1) or (N, ...), one per sample instead of the one-hot classes axis.
    const ids = [...shape.slice(0, -1), 1];
    return { name, shape: ids, dtype: 'float32', alternatives: [shape.slice(0, -1)] };
  });
}

async function bind(args: string[], slots: readonly DataSlot[], flag: string, role: 'input' | 'target', io: CliIO) {
  const binding = bindDataArgs(args, slots.map((s) => s.name), flag, io.cwd);
  const { given, problems } = await readDataHeaders(binding, slots, io.cwd, role);
  return { bound: { binding, given, slots } satisfies BoundData, problems };
}


export async function bindXY(analysis: Analysis, config: Pick<TrainConfig, 'loss'>, xArgs: string[], yArgs: string[], flags: [string, string], io: CliIO) {
  const x = await bind(xArgs, analysis.spec!.inputs, flags[0], 'input', io);
  const y = await bind(yArgs, targetSlots(analysis, config), flags[1], 'target', io);
  const problems: DataProblem[] = [...x.problems, ...y.problems];
  if (problems.length === 0) problems.push(...checkSampleCounts([...x.bound.given, ...y.bound.given]));
  return { x: x.bound, y: y.bound, problems };
}
