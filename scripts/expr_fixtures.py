#!/usr/bin/env python3
"""Writes the NumPy reference fixtures of the Lambda expression language (test/fixtures/expr/).

Every case is an expression of the language, which is (a subset of) Python: the reference output
is that very text evaluated by Python over NumPy arrays, with the allow-listed functions defined
below with NumPy's (and Keras backend's) semantics. Inputs are small float32 arrays from a fixed
seed; outputs keep NumPy's kind (float32, int32, bool). Run: python3 scripts/expr_fixtures.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'expr')
rng = np.random.default_rng(20261125)


def normal(*shape):
    return rng.standard_normal(shape).astype(np.float32)


def uniform(lo, hi, *shape):
    return rng.uniform(lo, hi, shape).astype(np.float32)


# Shared inputs (the batch axis first, as a Lambda sees them).
INPUTS = {
    'a3': normal(2, 4, 5),
    'c3': normal(2, 4, 5),
    'p3': uniform(0.5, 2.0, 2, 4, 5),  # positive: log, sqrt, reciprocal, pow bases
    's3': uniform(-1.0, 1.0, 2, 4, 5),  # small: tan, prod
    'r3': normal(2, 1, 5),  # broadcasts against (2, 4, 5)
    'b3': normal(2, 5, 3),
    't3': normal(2, 3, 5),
    'a4': normal(2, 3, 4, 5),
    'v2': normal(2, 7),
    'w2': normal(2, 7),
    'u2': normal(2, 5),
    'halves': np.array([[-2.5, -1.5, -0.5, 0.5, 1.5, 2.5], [-3.5, 3.5, 0.49, -0.51, 4.5, 1.2]], dtype=np.float32),
}

# --- the allow-listed functions, NumPy / Keras semantics ---------------------------------------


def _axis(axis):
    return tuple(axis) if isinstance(axis, list) else axis


def _reduction(fn):
    return lambda x, axis=None, keepdims=False: fn(x, axis=_axis(axis), keepdims=keepdims)


def _logsumexp(x, axis=None, keepdims=False):
    m = np.max(x, axis=_axis(axis), keepdims=True)
    out = np.log(np.sum(np.exp(x - m), axis=_axis(axis), keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=_axis(axis) if axis is not None else None)


def _log_softmax(x, axis=-1):
    return x - _logsumexp(x, axis, keepdims=True)


def _reshape(x, shape):
    shape = [-1 if d is None else d for d in shape]
    if shape.count(-1) > 1 and shape[0] == -1:
        shape[0] = x.shape[0]
    return np.reshape(x, shape)


def _squeeze(x, axis=None):
    if axis is None:
        axis = tuple(i for i in range(1, x.ndim) if x.shape[i] == 1)
    return np.squeeze(x, axis=_axis(axis))


def _l2_normalize(x, axis=-1, epsilon=1e-12):
    return x / np.sqrt(np.maximum(np.sum(x * x, axis=axis, keepdims=True), epsilon))


def _batch_dot(x, y, axes=None):
    """tf.keras.backend.batch_dot (TF 2), transcribed to NumPy."""
    x_ndim, y_ndim = x.ndim, y.ndim
    if axes is None:
        axes = [x_ndim - 1, y_ndim - 1] if y_ndim == 2 else [x_ndim - 1, y_ndim - 2]
    if isinstance(axes, int):
        axes = [axes, axes]
    a0, a1 = [a + n if a < 0 else a for a, n in zip(axes, (x_ndim, y_ndim))]
    orig_x_ndim, orig_y_ndim = x_ndim, y_ndim
    if x_ndim == 2:
        x = np.expand_dims(x, 1)
        a0 += 1
        x_ndim += 1
    if y_ndim == 2:
        y = np.expand_dims(y, 2)
        y_ndim += 1
    if a0 != x_ndim - 1:
        pattern = list(range(x_ndim))
        for i in range(a0, x_ndim - 1):
            pattern[i] = pattern[i + 1]
        pattern[-1] = a0
        x = np.transpose(x, pattern)
    if a1 != 1:
        pattern = list(range(y_ndim))
        for i in range(a1, 1, -1):
            pattern[i] = pattern[i - 1]
        pattern[1] = a1
        y = np.transpose(y, pattern)
    x_mid, y_trail = x.shape[1:-1], y.shape[2:]
    out = np.matmul(x.reshape(x.shape[0], -1, x.shape[-1]), y.reshape(y.shape[0], y.shape[1], -1))
    out = out.reshape((out.shape[0],) + x_mid + y_trail)
    if orig_x_ndim == 2:
        out = np.squeeze(out, 1)
    elif orig_y_ndim == 2:
        out = np.squeeze(out, -1)
    return out


def _sigmoid(x):
    return 1 / (1 + np.exp(-x))


def _elu(x):
    return np.where(x > 0, x, np.expm1(x))


FUNCTIONS = {
    'abs': np.abs, 'exp': np.exp, 'log': np.log, 'log1p': np.log1p, 'expm1': np.expm1, 'sqrt': np.sqrt,
    'rsqrt': lambda x: 1 / np.sqrt(x), 'square': np.square, 'reciprocal': lambda x: 1 / x,
    'sin': np.sin, 'cos': np.cos, 'tan': np.tan, 'tanh': np.tanh, 'sigmoid': _sigmoid,
    'relu': lambda x: np.maximum(x, 0), 'relu6': lambda x: np.minimum(np.maximum(x, 0), 6),
    'softplus': lambda x: np.log1p(np.exp(x)), 'elu': _elu,
    'selu': lambda x: 1.0507009873554804934193349852946 * np.where(x > 0, x, 1.6732632423543772848170429916717 * np.expm1(x)),
    'sign': np.sign, 'floor': np.floor, 'ceil': np.ceil, 'round': np.round, 'negative': np.negative,
    'clip': lambda x, min, max: np.clip(x, min, max),
    'pow': np.power, 'minimum': np.minimum, 'maximum': np.maximum, 'where': np.where,
    'sum': _reduction(np.sum), 'mean': _reduction(np.mean), 'max': _reduction(np.max), 'min': _reduction(np.min),
    'prod': _reduction(np.prod), 'std': _reduction(np.std), 'var': _reduction(np.var), 'logsumexp': _logsumexp,
    'argmax': lambda x, axis=-1: np.argmax(x, axis=axis), 'argmin': lambda x, axis=-1: np.argmin(x, axis=axis),
    'cumsum': lambda x, axis=-1: np.cumsum(x, axis=axis),
    'softmax': lambda x, axis=-1: np.exp(_log_softmax(x, axis)), 'log_softmax': _log_softmax,
    'l2_normalize': _l2_normalize, 'reshape': _reshape, 'transpose': lambda x, axes=None: np.transpose(x, axes),
    'expand_dims': np.expand_dims, 'squeeze': _squeeze, 'flatten': lambda x: x.reshape(x.shape[0], -1),
    'concat': lambda tensors, axis=-1: np.concatenate(tensors, axis=axis),
    'concatenate': lambda tensors, axis=-1: np.concatenate(tensors, axis=axis),
    'stack': lambda tensors, axis=0: np.stack(tensors, axis=axis),
    'tile': np.tile, 'reverse': lambda x, axis: np.flip(x, axis=_axis(axis)),
    'matmul': np.matmul, 'dot': np.dot, 'batch_dot': _batch_dot,
}

# --- the cases: (name, expression, input names, arguments) --------------------------------------

CASES = [
    # operators
    ('add', 'lambda a, b: a + b', ['a3', 'c3'], {}),
    ('add_broadcast', 'lambda a, b: a + b', ['a3', 'r3'], {}),
    ('sub_scalar', 'x - 1.5', ['a3'], {}),
    ('rsub_scalar', '2 - x', ['a3'], {}),
    ('mul', 'lambda a, b: a * b', ['a3', 'c3'], {}),
    ('div', 'lambda a, b: a / b', ['a3', 'p3'], {}),
    ('rdiv_scalar', '1 / x', ['p3'], {}),
    ('floordiv', 'x // 0.25', ['a3'], {}),
    ('mod', 'x % 0.75', ['a3'], {}),
    ('mod_negative_divisor', 'x % -0.75', ['a3'], {}),
    ('power_square', 'x ** 2', ['a3'], {}),
    ('power_cube', 'x ** 3', ['a3'], {}),
    ('power_tensor', 'lambda p, y: p ** y', ['p3', 'a3'], {}),
    ('negate', '-x', ['a3'], {}),
    ('unary_plus', '+x', ['a3'], {}),
    ('negative_power', '-x ** 2', ['a3'], {}),
    ('matmul_operator', 'lambda a, b: a @ b', ['a3', 'b3'], {}),
    ('greater', 'x > 0', ['a3'], {}),
    ('less_equal', 'lambda a, b: a <= b', ['a3', 'c3'], {}),
    ('equal', 'x == x', ['a3'], {}),
    ('not_equal', 'x != 0', ['a3'], {}),
    ('list_constant_broadcast', 'x * [1, 2, 3, 4, 5]', ['a3'], {}),
    ('list_argument_broadcast', 'x + w', ['a3'], {'w': [0.5, -1.0, 2.0, 0.0, 1.5]}),
    ('mask_multiply', '(x > 0) * x', ['a3'], {}),
    ('folded_arguments', 'x * ((index + 1) // 2) + scale', ['a3'], {'index': 4, 'scale': 0.5}),
    ('attention', 'lambda a, b: softmax(a @ transpose(b, [0, 2, 1]), axis=-1)', ['a3', 't3'], {}),
    # elementwise functions
    *[(f'fn_{f}', f'{f}(x)', [src], {}) for f, src in [
        ('abs', 'a3'), ('exp', 'a3'), ('log', 'p3'), ('log1p', 'p3'), ('expm1', 'a3'), ('sqrt', 'p3'), ('rsqrt', 'p3'),
        ('square', 'a3'), ('reciprocal', 'p3'), ('sin', 'a3'), ('cos', 'a3'), ('tan', 's3'), ('tanh', 'a3'),
        ('sigmoid', 'a3'), ('relu', 'a3'), ('relu6', 'a3'), ('softplus', 'a3'), ('elu', 'a3'), ('selu', 'a3'),
        ('sign', 'a3'), ('floor', 'a3'), ('ceil', 'a3'), ('round', 'halves'), ('negative', 'a3')]],
    ('fn_relu6_scaled', 'relu6(x * 4)', ['a3'], {}),
    ('fn_clip', 'clip(x, -0.5, 0.5)', ['a3'], {}),
    ('fn_clip_keywords', 'clip(x, min=-1, max=0.25)', ['a3'], {}),
    ('fn_pow', 'pow(x, 2)', ['a3'], {}),
    ('fn_minimum', 'lambda a, b: minimum(a, b)', ['a3', 'c3'], {}),
    ('fn_maximum_scalar', 'maximum(x, 0)', ['a3'], {}),
    ('fn_where', 'lambda a, b: where(a > 0, a, b)', ['a3', 'c3'], {}),
    ('fn_where_scalar', 'where(x > 0, x, 0.1 * x)', ['a3'], {}),
    ('fn_where_ints', 'where(x > 0, 1, 0)', ['a3'], {}),
    # reductions
    ('sum_all', 'sum(x)', ['a3'], {}),
    ('sum_axis', 'sum(x, axis=1)', ['a3'], {}),
    ('sum_axes_keepdims', 'sum(x, axis=[1, 2], keepdims=True)', ['a3'], {}),
    ('sum_bool', 'sum(x > 0, axis=1)', ['a3'], {}),
    ('mean_last', 'mean(x, -1)', ['a3'], {}),
    ('mean_bool', 'mean(x > 0, axis=-1)', ['a3'], {}),
    ('max_axis', 'max(x, 1)', ['a3'], {}),
    ('min_keepdims', 'min(x, axis=-1, keepdims=True)', ['a3'], {}),
    ('prod_axis', 'prod(x, axis=2)', ['s3'], {}),
    ('std_axis', 'std(x, axis=1)', ['a3'], {}),
    ('var_axes', 'var(x, axis=[1, 2])', ['a3'], {}),
    ('logsumexp_last', 'logsumexp(x, axis=-1)', ['a3'], {}),
    ('logsumexp_keepdims', 'logsumexp(x, 1, True)', ['a3'], {}),
    ('argmax_last', 'argmax(x)', ['a3'], {}),
    ('argmax_axis', 'argmax(x, axis=1) + 1', ['a3'], {}),
    ('int_floordiv', '(argmax(x, axis=1) - 2) // 2', ['a3'], {}),
    ('int_mod', '(argmax(x, axis=1) - 2) % 3', ['a3'], {}),
    ('int_true_division', '(argmax(x, axis=1) - 2) / 2', ['a3'], {}),
    ('int_times_float', 'argmax(x, axis=1) * 1.5', ['a3'], {}),
    ('argmin_axis', 'argmin(x, 1)', ['a3'], {}),
    ('cumsum_last', 'cumsum(x)', ['a3'], {}),
    ('cumsum_axis', 'cumsum(x, axis=1)', ['a3'], {}),
    # normalization
    ('softmax_last', 'softmax(x)', ['a3'], {}),
    ('softmax_axis', 'softmax(x, axis=1)', ['a3'], {}),
    ('log_softmax_last', 'log_softmax(x)', ['a3'], {}),
    ('log_softmax_axis', 'log_softmax(x, axis=1)', ['a3'], {}),
    ('l2_normalize_last', 'l2_normalize(x)', ['a3'], {}),
    ('l2_normalize_axis', 'l2_normalize(x, axis=1)', ['a3'], {}),
    # shape functions
    ('reshape_minus_one', 'reshape(x, [-1, 5, 4])', ['a3'], {}),
    ('reshape_none', 'reshape(x, (None, 20))', ['a3'], {}),
    ('reshape_batch_and_inferred', 'reshape(x, [-1, 2, -1])', ['a3'], {}),
    ('transpose_axes', 'transpose(x, [0, 2, 1])', ['a3'], {}),
    ('transpose_4d', 'transpose(x, [0, 3, 1, 2])', ['a4'], {}),
    ('expand_dims_middle', 'expand_dims(x, 1)', ['a3'], {}),
    ('expand_dims_last', 'expand_dims(x, -1)', ['a3'], {}),
    ('squeeze_all', 'squeeze(expand_dims(x, 2))', ['a3'], {}),
    ('squeeze_axis', 'squeeze(x[:, :1], axis=1)', ['a3'], {}),
    ('flatten', 'flatten(x)', ['a4'], {}),
    ('concat_axis', 'lambda a, b: concat([a, b], axis=1)', ['a3', 'c3'], {}),
    ('concatenate_last', 'lambda a, b: concatenate([a, b * 2])', ['a3', 'c3'], {}),
    ('stack_axis1', 'lambda a, b: stack([a, b], axis=1)', ['a3', 'c3'], {}),
    ('stack_last', 'lambda a, b: stack([a, b, a - b], axis=-1)', ['a3', 'c3'], {}),
    ('tile', 'tile(x, [1, 2, 3])', ['a3'], {}),
    ('reverse_axis', 'reverse(x, 1)', ['a3'], {}),
    ('reverse_axes', 'reverse(x, [1, 2])', ['a3'], {}),
    # linear algebra
    ('matmul', 'lambda a, b: matmul(a, b)', ['a3', 'b3'], {}),
    ('dot_2d_3d', 'lambda a, b: dot(a, b)', ['u2', 'b3'], {}),
    ('dot_vector_argument', 'dot(x, w)', ['a3'], {'w': [1.0, -2.0, 0.5, 3.0, -1.0]}),
    ('dot_matrix_literal', 'dot(x, [[1, 0], [0, 1], [1, 1], [2, 0], [0, -2]])', ['a3'], {}),
    ('dot_3d_literal', 'dot(x, [[[1, 0], [0, 1], [1, 1], [2, 0], [0, -2]], [[0, 1], [1, 0], [3, 1], [0, 0], [1, 2]]])', ['a3'], {}),
    ('dot_batched_pair', 'lambda a, b: dot(a, b)', ['a3', 'b3'], {}),
    ('batch_dot_default', 'lambda a, b: batch_dot(a, b)', ['a3', 'b3'], {}),
    ('batch_dot_2d', 'lambda a, b: batch_dot(a, b)', ['v2', 'w2'], {}),
    ('batch_dot_3d_2d', 'lambda a, b: batch_dot(a, b, axes=[2, 1])', ['a3', 'u2'], {}),
    ('batch_dot_same_axis', 'lambda a, b: batch_dot(a, b, axes=2)', ['a3', 'c3'], {}),
    ('batch_dot_4d', 'lambda a, b: batch_dot(a, b)', ['a4', 'b3'], {}),
    ('batch_dot_axes_1', 'lambda a, b: batch_dot(a, b, axes=(1, 1))', ['a3', 'c3'], {}),
    # slicing
    ('slice_basic', 'x[:, 1:3]', ['a3'], {}),
    ('slice_negative_bounds', 'x[:, -3:-1]', ['v2'], {}),
    ('slice_reverse', 'x[:, ::-1]', ['v2'], {}),
    ('slice_negative_step_2', 'x[:, ::-2, 1:]', ['a3'], {}),
    ('slice_negative_step_3', 'x[:, ::-3]', ['v2'], {}),
    ('slice_step_2', 'x[:, ::2]', ['v2'], {}),
    ('slice_step_3_offset', 'x[:, 1::3]', ['v2'], {}),
    ('slice_step_beyond_length', 'x[:, ::10]', ['v2'], {}),
    ('slice_start_stop_negative_step', 'x[:, -1:0:-2]', ['v2'], {}),
    ('slice_down_from_3', 'x[:, 3:0:-1]', ['v2'], {}),
    ('slice_negative_stop_negative_step', 'x[:, 5:-8:-3]', ['v2'], {}),
    ('slice_clamped', 'x[:, -100:100]', ['v2'], {}),
    ('slice_clamped_step', 'x[:, 2:100:2]', ['v2'], {}),
    ('slice_clamped_reverse', 'x[:, 100::-1]', ['v2'], {}),
    ('slice_clamped_reverse_stop', 'x[:, 100:-100:-4]', ['v2'], {}),
    ('slice_empty_reversed_bounds', 'x[:, 3:1]', ['v2'], {}),
    ('slice_empty_past_end', 'x[:, 10:]', ['v2'], {}),
    ('slice_empty_equal_bounds', 'x[:, 1:1, 2:]', ['a3'], {}),
    ('slice_empty_negative_step', 'x[:, 1:3:-1]', ['v2'], {}),
    ('ellipsis_index', 'x[..., 0]', ['a4'], {}),
    ('ellipsis_reverse', 'x[..., ::-1]', ['a4'], {}),
    ('ellipsis_middle', 'x[:, ..., 1:3]', ['a4'], {}),
    ('ellipsis_only', 'x[...]', ['a3'], {}),
    ('ellipsis_between_indices', 'x[:, 1, ..., -1]', ['a4'], {}),
    ('newaxis_after_batch', 'x[:, None]', ['a3'], {}),
    ('newaxis_last', 'x[..., None]', ['a3'], {}),
    ('newaxis_twice', 'x[:, None, 1:3, None]', ['a3'], {}),
    ('index_first', 'x[:, 0]', ['a3'], {}),
    ('index_negative', 'x[:, -1]', ['a3'], {}),
    ('index_two', 'x[:, 2, 3]', ['a3'], {}),
    ('index_from_argument', 'x[:, index % 3]', ['a3'], {'index': -1}),
    ('mixed', 'x[:, 1:, None, ::-2, 2]', ['a4'], {}),
    ('mixed_steps', 'x[:, ::-2, 1:4, ::2]', ['a4'], {}),
    ('chained', 'x[:, 1:][:, ::-1]', ['a3'], {}),
    ('tutorial_slice_0', 'x[:, :, index:index+1]', ['a3'], {'index': 0}),
    ('tutorial_slice_1', 'x[:, :, index:index+1]', ['a3'], {'index': 1}),
]


def reference(expr, inputs, arguments):
    namespace = {'__builtins__': {}, **FUNCTIONS, **arguments}
    if expr.startswith('lambda'):
        return eval(expr, namespace)(*inputs)
    return eval(expr, {**namespace, 'x': inputs[0]})


def stored(value):
    value = np.asarray(value)
    if value.dtype == np.bool_:
        return value
    if np.issubdtype(value.dtype, np.integer):
        return value.astype(np.int32)
    return value.astype(np.float32)


def main():
    os.makedirs(os.path.join(OUT, 'inputs'), exist_ok=True)
    for folder in (OUT, os.path.join(OUT, 'inputs')):  # no stale outputs of renamed cases
        for file in os.listdir(folder):
            if file.endswith('.npy'):
                os.remove(os.path.join(folder, file))
    for name, array in INPUTS.items():
        np.save(os.path.join(OUT, 'inputs', f'{name}.npy'), array)
    manifest = []
    for name, expr, input_names, arguments in CASES:
        # float64 arithmetic on the float32 inputs: the reference is more exact than float32.
        inputs = [INPUTS[n].astype(np.float64) for n in input_names]
        out = stored(reference(expr, inputs, arguments))
        np.save(os.path.join(OUT, f'{name}.npy'), out)
        manifest.append({'name': name, 'expr': expr, 'arguments': arguments,
                         'inputs': [f'inputs/{n}.npy' for n in input_names], 'output': f'{name}.npy'})
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(f'{len(manifest)} cases written to {os.path.normpath(OUT)}')


if __name__ == '__main__':
    main()
