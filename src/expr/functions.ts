/**
 * The allow-list of functions a Lambda expression may call, with their Python-style signatures.
 * This table is the single source for the parser's did-you-mean, the static shape rules
 * (shapes.ts) and the tfjs evaluator (evaluate.ts): a name not here cannot be called.
 */
export type FunctionGroup = 'elementwise' | 'binary' | 'reduction' | 'normalization' | 'shape' | 'linear-algebra';

export interface ParamSpec {
  name: string;
  /** What the argument is: a tensor, a static integer, a static list of integers, a static number, a bool, a list of tensors. */
  kind: 'tensor' | 'int' | 'ints' | 'int-or-ints' | 'number' | 'bool' | 'tensors';
  /** Present when the parameter is optional; `null` = Python's None. */
  default?: number | boolean | null | number[];
}

export interface FunctionSpec {
  name: string;
  group: FunctionGroup;
  params: ParamSpec[];
  /** One line for the README table and `layers Lambda`. */
  doc: string;
}

const x: ParamSpec = { name: 'x', kind: 'tensor' };
const axisAll: ParamSpec = { name: 'axis', kind: 'int-or-ints', default: null };
const keepdims: ParamSpec = { name: 'keepdims', kind: 'bool', default: false };
const lastAxis: ParamSpec = { name: 'axis', kind: 'int', default: -1 };

const unary = (name: string, doc: string): FunctionSpec => ({ name, group: 'elementwise', params: [x], doc });
const reduction = (name: string, doc: string): FunctionSpec => ({ name, group: 'reduction', params: [x, axisAll, keepdims], doc });

export const FUNCTIONS: readonly FunctionSpec[] = [
  unary('abs', '|x|'),
  unary('exp', 'e ** x'),
  unary('log', 'natural logarithm'),
  unary('log1p', 'log(1 + x)'),
  unary('expm1', 'exp(x) - 1'),
  unary('sqrt', 'square root'),
  unary('rsqrt', '1 / sqrt(x)'),
  unary('square', 'x ** 2'),
  unary('reciprocal', '1 / x'),
  unary('sin', 'sine'),
  unary('cos', 'cosine'),
  unary('tan', 'tangent'),
  unary('tanh', 'hyperbolic tangent'),
  unary('sigmoid', '1 / (1 + exp(-x))'),
  unary('relu', 'max(x, 0)'),
  unary('relu6', 'min(max(x, 0), 6)'),
  unary('softplus', 'log(1 + exp(x))'),
  unary('elu', 'x if x > 0 else exp(x) - 1'),
  unary('selu', 'scaled ELU'),
  unary('sign', '-1, 0 or 1'),
  unary('floor', 'round down'),
  unary('ceil', 'round up'),
  unary('round', 'round half to even, as NumPy'),
  unary('negative', '-x'),
  { name: 'clip', group: 'elementwise', params: [x, { name: 'min', kind: 'number' }, { name: 'max', kind: 'number' }], doc: 'x limited to [min, max]' },
  { name: 'pow', group: 'binary', params: [x, { name: 'y', kind: 'tensor' }], doc: 'x ** y, broadcast' },
  { name: 'minimum', group: 'binary', params: [x, { name: 'y', kind: 'tensor' }], doc: 'elementwise minimum, broadcast' },
  { name: 'maximum', group: 'binary', params: [x, { name: 'y', kind: 'tensor' }], doc: 'elementwise maximum, broadcast' },
  { name: 'where', group: 'binary', params: [{ name: 'condition', kind: 'tensor' }, x, { name: 'y', kind: 'tensor' }], doc: 'x where condition else y, broadcast' },
  reduction('sum', 'sum over axis (all axes when None)'),
  reduction('mean', 'mean over axis'),
  reduction('max', 'maximum over axis'),
  reduction('min', 'minimum over axis'),
  reduction('prod', 'product over axis'),
  reduction('std', 'population standard deviation over axis (NumPy ddof=0)'),
  reduction('var', 'population variance over axis (NumPy ddof=0)'),
  reduction('logsumexp', 'log(sum(exp(x))) over axis, computed stably'),
  { name: 'argmax', group: 'reduction', params: [x, lastAxis], doc: 'index of the maximum along one axis (int32, not differentiable)' },
  { name: 'argmin', group: 'reduction', params: [x, lastAxis], doc: 'index of the minimum along one axis (int32, not differentiable)' },
  { name: 'cumsum', group: 'reduction', params: [x, { name: 'axis', kind: 'int', default: -1 }], doc: 'cumulative sum along one axis' },
  { name: 'softmax', group: 'normalization', params: [x, lastAxis], doc: 'exp(x) / sum(exp(x)) along axis' },
  { name: 'log_softmax', group: 'normalization', params: [x, lastAxis], doc: 'log(softmax(x)) along axis, computed stably' },
  { name: 'l2_normalize', group: 'normalization', params: [x, lastAxis, { name: 'epsilon', kind: 'number', default: 1e-12 }], doc: 'x / sqrt(max(sum(x ** 2), epsilon)) along axis (Keras)' },
  { name: 'reshape', group: 'shape', params: [x, { name: 'shape', kind: 'ints' }], doc: 'new shape including the batch axis (use -1 or None for it), one -1 allowed' },
  { name: 'transpose', group: 'shape', params: [x, { name: 'axes', kind: 'ints', default: null }], doc: 'permute axes (reverse them when None); the batch axis must stay first' },
  { name: 'expand_dims', group: 'shape', params: [x, { name: 'axis', kind: 'int' }], doc: 'insert an axis of size 1' },
  { name: 'squeeze', group: 'shape', params: [x, { name: 'axis', kind: 'int-or-ints', default: null }], doc: 'remove axes of size 1 (all known ones when None, never the batch)' },
  { name: 'flatten', group: 'shape', params: [x], doc: 'keep the batch axis, flatten the rest (like the Flatten layer, Keras batch_flatten)' },
  { name: 'concat', group: 'shape', params: [{ name: 'tensors', kind: 'tensors' }, lastAxis], doc: 'join a list of tensors along an existing axis (alias: concatenate)' },
  { name: 'concatenate', group: 'shape', params: [{ name: 'tensors', kind: 'tensors' }, lastAxis], doc: 'same as concat' },
  { name: 'stack', group: 'shape', params: [{ name: 'tensors', kind: 'tensors' }, { name: 'axis', kind: 'int', default: 0 }], doc: 'join a list of equal-shaped tensors along a new axis' },
  { name: 'tile', group: 'shape', params: [x, { name: 'reps', kind: 'ints' }], doc: 'repeat along each axis (reps has one entry per axis, 1 for the batch)' },
  { name: 'reverse', group: 'shape', params: [x, { name: 'axis', kind: 'int-or-ints' }], doc: 'reverse the order along axes' },
  { name: 'matmul', group: 'linear-algebra', params: [x, { name: 'y', kind: 'tensor' }], doc: 'matrix product of the last two axes, leading axes broadcast (same as @)' },
  { name: 'dot', group: 'linear-algebra', params: [x, { name: 'y', kind: 'tensor' }], doc: "Keras K.dot: contracts x's last axis with y's second-to-last (y's last for a vector)" },
  { name: 'batch_dot', group: 'linear-algebra', params: [x, { name: 'y', kind: 'tensor' }, { name: 'axes', kind: 'int-or-ints', default: null }], doc: 'Keras K.batch_dot: per-sample dot product' },
];

export const FUNCTION_BY_NAME: ReadonlyMap<string, FunctionSpec> = new Map(FUNCTIONS.map((f) => [f.name, f]));
