import type { Expr } from '../ast.js';
import { FUNCTION_BY_NAME } from '../functions.js';
import { bindArguments, type BoundArgs } from './arguments.js';
import { broadcastTensors } from './broadcasting.js';
import { batchDotShape, dotShape, matmulShape } from './linalg.js';
import {
  concatShape, expandDimsShape, flattenShape, reshapeShape, reverseShape, squeezeShape, stackShape, tileShape, transposeShape,
} from './reshaping.js';
import { axisOf, fail, notBatch, show, type DType, type TensorValue, type Value } from './values.js';

/**
 * The static shape rule of every function of the allow-list (functions.ts), by name. A function
 * in the table without a rule here is a bug that the tests catch (`hasShapeRule`).
 */
type Call = Extract<Expr, { kind: 'call' }>;
type Rule = (a: BoundArgs, call: Call) => TensorValue;

/** Elementwise functions that keep an integer dtype; the others compute in float32. */
const KEEPS_INT = new Set(['abs', 'square', 'negative', 'sign', 'relu', 'relu6', 'floor', 'ceil', 'round']);

const float = (t: TensorValue): TensorValue => ({ ...t, dtype: 'float32' });
const intOrFloat = (t: TensorValue): DType => (t.dtype === 'float32' ? 'float32' : 'int32');

function elementwise(name: string): Rule {
  return (a) => {
    const x = a.tensor('x');
    return KEEPS_INT.has(name) ? { ...x, dtype: intOrFloat(x) } : float(x);
  };
}

function broadcasting(names: string[], dtype: (ts: TensorValue[]) => DType): Rule {
  return (a, call) => {
    const operands = names.map((n) => ({ t: a.tensor(n), span: a.span(n) }));
    const shape = broadcastTensors(operands, call, call.callee);
    return { kind: 'tensor', shape, dtype: dtype(operands.map((o) => o.t)), batched: operands.some((o) => o.t.batched) };
  };
}

const promoteAll = (ts: TensorValue[]): DType => (ts.some((t) => t.dtype === 'float32') ? 'float32' : 'int32');

/** sum, mean, ...: reduce `axis` (every axis when None, which would include the batch). */
function reduction(name: string): Rule {
  return (a) => {
    const x = a.tensor('x');
    const where = { span: a.span('axis') };
    const given = a.intOrInts('axis');
    const keepdims = a.bool('keepdims');
    if (given === null && x.batched) {
      fail('shape/batch-axis', `${name} with axis=None reduces every axis, including axis 0, the batch axis`, where,
        `reduce the feature axes only, e.g. ${name}(x, axis=${x.shape.length > 2 ? `[${x.shape.slice(1).map((_, i) => i + 1).join(', ')}]` : '-1'})`);
    }
    const axes = given === null ? x.shape.map((_, i) => i) : (typeof given === 'number' ? [given] : given).map((d) => axisOf(d ?? NaN, x.shape.length, where));
    if (new Set(axes).size !== axes.length) fail('expr/invalid-argument', `${name}: an axis is repeated`, where);
    for (const i of axes) notBatch(x, i, where, `${name} would reduce`);
    const shape = keepdims ? x.shape.map((d, i) => (axes.includes(i) ? 1 : d)) : x.shape.filter((_, i) => !axes.includes(i));
    const dtype: DType = ['mean', 'std', 'var', 'logsumexp'].includes(name) ? 'float32' : intOrFloat(x);
    return { kind: 'tensor', shape, dtype, batched: x.batched };
  };
}

/** An operation along one axis that keeps the shape (softmax, cumsum, ...). */
function alongAxis(name: string, dtype: (x: TensorValue) => DType): Rule {
  return (a) => {
    const x = a.tensor('x');
    const where = { span: a.span('axis') };
    if (x.shape.length === 0) fail('shape/rank', `${name} needs a tensor with at least one axis`, a.span('x'));
    notBatch(x, axisOf(a.int('axis'), x.shape.length, where), where, name);
    if (name === 'l2_normalize' && a.number('epsilon') < 0) fail('expr/invalid-argument', 'epsilon must not be negative', { span: a.span('epsilon') });
    return { ...x, dtype: dtype(x) };
  };
}

function argReduction(name: string): Rule {
  return (a) => {
    const x = a.tensor('x');
    const where = { span: a.span('axis') };
    if (x.shape.length === 0) fail('shape/rank', `${name} needs a tensor with at least one axis`, a.span('x'));
    const axis = axisOf(a.int('axis'), x.shape.length, where);
    notBatch(x, axis, where, `${name} would reduce`);
    return { kind: 'tensor', shape: x.shape.filter((_, i) => i !== axis), dtype: 'int32', batched: x.batched };
  };
}

const RULES: Record<string, Rule> = {
  clip: (a) => {
    const x = a.tensor('x');
    const lo = a.number('min');
    const hi = a.number('max');
    if (lo > hi) fail('expr/invalid-argument', `clip: min ${lo} is greater than max ${hi}`, { span: a.span('min') });
    return { ...x, dtype: x.dtype === 'float32' || !Number.isInteger(lo) || !Number.isInteger(hi) ? 'float32' : 'int32' };
  },
  pow: broadcasting(['x', 'y'], promoteAll),
  minimum: broadcasting(['x', 'y'], promoteAll),
  maximum: broadcasting(['x', 'y'], promoteAll),
  where: broadcasting(['condition', 'x', 'y'], (ts) => promoteAll(ts.slice(1))),
  argmax: argReduction('argmax'),
  argmin: argReduction('argmin'),
  cumsum: alongAxis('cumsum', (x) => intOrFloat(x)),
  softmax: alongAxis('softmax', () => 'float32'),
  log_softmax: alongAxis('log_softmax', () => 'float32'),
  l2_normalize: alongAxis('l2_normalize', () => 'float32'),
  reshape: (a, call) => reshapeShape(a, call),
  transpose: (a) => transposeShape(a),
  expand_dims: (a) => expandDimsShape(a),
  squeeze: (a) => squeezeShape(a),
  flatten: (a, call) => flattenShape(a, call),
  concat: (a, call) => concatShape(a, 'concat', call),
  concatenate: (a, call) => concatShape(a, 'concatenate', call),
  stack: (a) => stackShape(a),
  tile: (a) => tileShape(a),
  reverse: (a) => reverseShape(a),
  matmul: (a, call) => matmulShape(a.tensor('x'), a.tensor('y'), a.span('x'), a.span('y'), call),
  dot: (a, call) => dotShape(a.tensor('x'), a.tensor('y'), call),
  batch_dot: (a, call) => {
    const axes = a.intOrInts('axes');
    if (Array.isArray(axes) && axes.includes(null)) fail('expr/invalid-argument', 'batch_dot axes must be integers', { span: a.span('axes') });
    return batchDotShape(a.tensor('x'), a.tensor('y'), axes as number | number[] | null, { span: a.span('axes') }, call);
  },
};

function ruleFor(name: string): Rule | undefined {
  if (Object.prototype.hasOwnProperty.call(RULES, name)) return RULES[name];
  const spec = FUNCTION_BY_NAME.get(name);
  if (spec?.group === 'elementwise') return elementwise(name);
  if (spec?.group === 'reduction' && spec.params.some((p) => p.name === 'keepdims')) return reduction(name);
  return undefined;
}

/** Whether a function of the table has a shape rule (a test checks all of them). */
export function hasShapeRule(name: string): boolean {
  return ruleFor(name) !== undefined;
}

export function callShape(call: Call, evaluate: (e: Expr) => Value): TensorValue {
  const spec = FUNCTION_BY_NAME.get(call.callee);
  const rule = spec ? ruleFor(call.callee) : undefined;
  if (!spec || !rule) return fail('expr/invalid-argument', `'${call.callee}' has no shape rule`, { span: call.calleeSpan });
  const result = rule(bindArguments(spec, call, evaluate), call);
  if (result.shape.some((d) => d === 0)) fail('shape/non-positive', `${call.callee} gives ${show(result.shape)}, with an empty axis`, call);
  return result;
}
