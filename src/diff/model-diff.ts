import type { z } from 'zod';
import type { AnyLayerDef } from '../layers/define.js';
import { edgePairs, type EdgeAmounts } from '../layers/common/edges.js';
import { sameShape, type Shape } from '../shape/shape.js';
import type { ModelSpec } from '../spec/model.js';
import type { LayerSummary, ModelSummary } from '../summary/summary.js';

/** One model file to compare: its summary (shapes, counts) and its spec (the validated params). */
export interface DiffSide {
  /** How the file is named in the report (as given on the command line). */
  file: string;
  summary: ModelSummary;
  spec: ModelSpec;
}

export interface Change<T> {
  old: T;
  new: T;
}

/** A count before and after; `percent` is null when the old count is 0. */
export interface CountChange {
  old: number;
  new: number;
  delta: number;
  percent: number | null;
}

/**
 * A parameter that differs. `old`/`new` is absent when the key does not exist on that side (the
 * type changed); JSON then omits it, so `null` stays a real value (e.g. `kernel_regularizer: null`).
 */
export interface ParamChange {
  old?: unknown;
  new?: unknown;
}

export interface InputEntry {
  name: string;
  shape: Shape;
  dtype: string;
}

export interface InputChange {
  name: string;
  shape?: Change<Shape>;
  dtype?: Change<string>;
}

/** A layer as `summary --json` lists it (less the weights), with its parameters. */
export interface LayerEntry extends Omit<LayerSummary, 'weights'> {
  /** The validated parameters, defaults applied. */
  config: Record<string, unknown>;
  /** The parameters that differ from the type's defaults: what a reader needs to know the layer. */
  configNonDefault: Record<string, unknown>;
}

export interface LayerChange {
  name: string;
  /** The type, or both types when it changed. */
  type: string | Change<string>;
  /** Keys are dotted paths into nested objects (`layer.units`, `kernel_initializer.seed`). */
  params?: Record<string, ParamChange>;
  inputs?: Change<string[]>;
  outputShape?: Change<Shape>;
  paramCount?: CountChange;
  trainableParams?: CountChange;
  /** The layer's `trainable:` flag. */
  trainable?: Change<boolean>;
}

/** The layers in the order a reviewer reads them: the new file's order, removed layers where they were. */
export type LayerDiffEntry =
  | { kind: 'added'; layer: LayerEntry }
  | { kind: 'removed'; layer: LayerEntry }
  | { kind: 'changed'; change: LayerChange };

export interface ModelDiff {
  old: { file: string; name: string; totalParams: number; trainableParams: number };
  new: { file: string; name: string; totalParams: number; trainableParams: number };
  inputs: { added: InputEntry[]; removed: InputEntry[]; changed: InputChange[] };
  outputs: { old: { name: string; shape: Shape }[]; new: { name: string; shape: Shape }[]; changed: boolean };
  layers: LayerDiffEntry[];
  unchangedLayers: number;
  totals: { totalParams: CountChange; trainableParams: CountChange };
}

/** Compares two valid models layer by layer, matched by name (a rename is a removal plus an addition). */
export function diffModels(oldSide: DiffSide, newSide: DiffSide): ModelDiff {
  const oldSummary = oldSide.summary;
  const newSummary = newSide.summary;
  const layers = diffLayers(oldSide, newSide);
  const unchangedLayers = newSummary.layers.length - layers.filter((e) => e.kind !== 'removed').length;
  return {
    old: sideInfo(oldSide),
    new: sideInfo(newSide),
    inputs: diffInputs(oldSummary.inputs, newSummary.inputs),
    outputs: {
      old: oldSummary.outputs,
      new: newSummary.outputs,
      changed: !sameList(oldSummary.outputs, newSummary.outputs, (a, b) => a.name === b.name && sameShape(a.shape, b.shape)),
    },
    layers,
    unchangedLayers,
    totals: {
      totalParams: countChange(oldSummary.totalParams, newSummary.totalParams),
      trainableParams: countChange(oldSummary.trainableParams, newSummary.trainableParams),
    },
  };
}

/** Whether the two models differ in anything the diff reports (for `--exit-code`). */
export function hasDifferences(diff: ModelDiff): boolean {
  const { inputs } = diff;
  return inputs.added.length + inputs.removed.length + inputs.changed.length + diff.layers.length > 0 || diff.outputs.changed;
}

function sideInfo(side: DiffSide): ModelDiff['old'] {
  const { summary } = side;
  return { file: side.file, name: summary.name, totalParams: summary.totalParams, trainableParams: summary.trainableParams };
}

function countChange(oldCount: number, newCount: number): CountChange {
  const delta = newCount - oldCount;
  return { old: oldCount, new: newCount, delta, percent: oldCount === 0 ? null : (delta / oldCount) * 100 };
}

function diffInputs(oldInputs: ModelSummary['inputs'], newInputs: ModelSummary['inputs']): ModelDiff['inputs'] {
  const oldByName = new Map(oldInputs.map((i) => [i.name, i]));
  const newNames = new Set(newInputs.map((i) => i.name));
  const added: InputEntry[] = [];
  const changed: InputChange[] = [];
  for (const input of newInputs) {
    const before = oldByName.get(input.name);
    if (!before) {
      added.push({ name: input.name, shape: input.shape, dtype: input.dtype });
      continue;
    }
    const change: InputChange = { name: input.name };
    if (!sameShape(before.shape, input.shape)) change.shape = { old: before.shape, new: input.shape };
    if (before.dtype !== input.dtype) change.dtype = { old: before.dtype, new: input.dtype };
    if (change.shape || change.dtype) changed.push(change);
  }
  const removed = oldInputs.filter((i) => !newNames.has(i.name)).map((i) => ({ name: i.name, shape: i.shape, dtype: i.dtype }));
  return { added, removed, changed };
}

function diffLayers(oldSide: DiffSide, newSide: DiffSide): LayerDiffEntry[] {
  const oldEntries = layerEntries(oldSide);
  const newEntries = layerEntries(newSide);
  const oldByName = new Map(oldEntries.map((e) => [e.entry.name, e]));
  const newNames = new Set(newEntries.map((e) => e.entry.name));

  // A removed layer is shown after the old layer before it that survives (or first, if none does).
  const removedAfter = new Map<string | undefined, LayerEntry[]>();
  let anchor: string | undefined;
  for (const { entry } of oldEntries) {
    if (newNames.has(entry.name)) {
      anchor = entry.name;
      continue;
    }
    // Appended in place: copying the list per layer made removing 100 000 layers quadratic.
    const list = removedAfter.get(anchor);
    if (list) list.push(entry);
    else removedAfter.set(anchor, [entry]);
  }

  const result: LayerDiffEntry[] = (removedAfter.get(undefined) ?? []).map((layer) => ({ kind: 'removed', layer }));
  for (const current of newEntries) {
    const before = oldByName.get(current.entry.name);
    if (!before) result.push({ kind: 'added', layer: current.entry });
    else {
      const change = diffLayer(before, current);
      if (change) result.push({ kind: 'changed', change });
    }
    for (const layer of removedAfter.get(current.entry.name) ?? []) result.push({ kind: 'removed', layer });
  }
  return result;
}

interface SideLayer {
  entry: LayerEntry;
  trainable: boolean;
}

function layerEntries(side: DiffSide): SideLayer[] {
  const nodes = new Map(side.spec.layers.map((l) => [l.name, l]));
  return side.summary.layers.map((layer) => {
    const node = nodes.get(layer.name);
    const config = node?.params ?? {};
    return {
      entry: {
        name: layer.name,
        type: layer.type,
        inputs: layer.inputs,
        outputShape: layer.outputShape,
        params: layer.params,
        trainableParams: layer.trainableParams,
        config,
        configNonDefault: nonDefault(config, node?.def),
      },
      trainable: node?.trainable ?? true,
    };
  });
}

/** The params a user would have had to write: those whose value is not the schema's default. */
function nonDefault(config: Record<string, unknown>, def: AnyLayerDef | undefined): Record<string, unknown> {
  const fields: Record<string, z.ZodType> | undefined = (def?.params as z.ZodObject | undefined)?.shape;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    const fallback = fields?.[key]?.safeParse(undefined);
    if (fallback?.success && sameValue(key, fallback.data, value, [])) continue;
    result[key] = value;
  }
  return result;
}

function diffLayer(before: SideLayer, after: SideLayer): LayerChange | undefined {
  const a = before.entry;
  const b = after.entry;
  const change: LayerChange = { name: b.name, type: a.type === b.type ? b.type : { old: a.type, new: b.type } };
  const params: Record<string, ParamChange> = {};
  diffValues(a.config, b.config, [], params);
  if (Object.keys(params).length > 0) change.params = params;
  if (!sameList(a.inputs, b.inputs, (x, y) => x === y)) change.inputs = { old: a.inputs, new: b.inputs };
  if (!sameShape(a.outputShape, b.outputShape)) change.outputShape = { old: a.outputShape, new: b.outputShape };
  if (a.params !== b.params) change.paramCount = countChange(a.params, b.params);
  if (a.trainableParams !== b.trainableParams) change.trainableParams = countChange(a.trainableParams, b.trainableParams);
  if (before.trainable !== after.trainable) change.trainable = { old: before.trainable, new: after.trainable };
  const onlyNameAndType = Object.keys(change).length === 2;
  return onlyNameAndType && typeof change.type === 'string' ? undefined : change;
}

/** Records every differing leaf; plain objects on both sides are compared key by key (dotted paths). */
function diffValues(a: unknown, b: unknown, path: string[], out: Record<string, ParamChange>): void {
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const key of keys) {
      const sub = [...path, key];
      if (!(key in b)) out[sub.join('.')] = { old: a[key] };
      else if (!(key in a)) out[sub.join('.')] = { new: b[key] };
      else diffValues(a[key], b[key], sub, out);
    }
    return;
  }
  const key = path[path.length - 1] ?? '';
  if (!sameValue(key, a, b, path)) out[path.join('.')] = { old: a, new: b };
}

/**
 * Keras parameters that accept an integer for "the same along every spatial axis": `kernel_size: 3`
 * and `kernel_size: [3, 3]` build the same layer, so the diff does not call that a change.
 */
const SAME_ALONG_AXES = new Set(['kernel_size', 'strides', 'pool_size', 'dilation_rate', 'size', 'axes']);
/** ZeroPadding2D/Cropping2D amounts: `1`, `[1, 1]` and `[[1, 1], [1, 1]]` are the same. */
const EDGE_AMOUNTS = new Set(['padding', 'cropping']);

/**
 * Equality after Keras's normalisations for the few keys that have them. Not inside a Lambda's
 * `arguments`: there the names are the user's and `2` and `[2, 2]` are different values.
 */
function sameValue(key: string, a: unknown, b: unknown, path: string[]): boolean {
  if (deepEqual(a, b)) return true;
  if (path.includes('arguments')) return false;
  if (SAME_ALONG_AXES.has(key)) {
    const uniform = (n: unknown, list: unknown) => typeof n === 'number' && Array.isArray(list) && list.length > 0 && list.every((x) => x === n);
    return uniform(a, b) || uniform(b, a);
  }
  if (EDGE_AMOUNTS.has(key) && isEdgeAmounts(a) && isEdgeAmounts(b)) return deepEqual(edgePairs(a), edgePairs(b));
  return false;
}

function isEdgeAmounts(value: unknown): value is EdgeAmounts {
  const isPair = (v: unknown) => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
  return typeof value === 'number' || isPair(value) || (Array.isArray(value) && value.length === 2 && value.every(isPair));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return sameList(a, b, deepEqual);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return a.length === b.length && a.every((x, i) => same(x, b[i]));
}

/**
 * `diff --json`: the layers grouped by kind (each group in the report's order), the unchanged ones
 * counted; shapes use `null` for the batch dimension as `summary --json` does; percentages are
 * rounded to two decimals so that the output is byte-stable.
 */
export interface ModelDiffJson {
  old: ModelDiff['old'];
  new: ModelDiff['new'];
  inputs: ModelDiff['inputs'];
  outputs: ModelDiff['outputs'];
  layers: {
    added: Omit<LayerEntry, 'configNonDefault'>[];
    removed: Omit<LayerEntry, 'configNonDefault'>[];
    changed: LayerChange[];
    unchanged: number;
  };
  totals: ModelDiff['totals'];
}

export function diffJson(diff: ModelDiff): ModelDiffJson {
  const plain = ({ configNonDefault: _omitted, ...layer }: LayerEntry) => layer;
  const rounded = (c: CountChange): CountChange => ({ ...c, percent: c.percent === null ? null : Math.round(c.percent * 100) / 100 });
  const roundCounts = (c: LayerChange): LayerChange => ({
    ...c,
    ...(c.paramCount && { paramCount: rounded(c.paramCount) }),
    ...(c.trainableParams && { trainableParams: rounded(c.trainableParams) }),
  });
  return {
    old: diff.old,
    new: diff.new,
    inputs: diff.inputs,
    outputs: diff.outputs,
    layers: {
      added: diff.layers.flatMap((e) => (e.kind === 'added' ? [plain(e.layer)] : [])),
      removed: diff.layers.flatMap((e) => (e.kind === 'removed' ? [plain(e.layer)] : [])),
      changed: diff.layers.flatMap((e) => (e.kind === 'changed' ? [roundCounts(e.change)] : [])),
      unchanged: diff.unchangedLayers,
    },
    totals: { totalParams: rounded(diff.totals.totalParams), trainableParams: rounded(diff.totals.trainableParams) },
  };
}
