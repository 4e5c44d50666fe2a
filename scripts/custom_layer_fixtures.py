#!/usr/bin/env python3
"""Writes NumPy reference outputs of the custom layers (Scale, KernelDot, LocallyConnected2D) into
test/fixtures/custom/: for each case the input, the weights and the expected output as float32
.npy files, and manifest.json naming them with the layer type and its YAML parameters.

The references are the slow, obvious computations, written from Keras 2's source, not from
layerspec's: LocallyConnected2D loops over the output positions as Keras 2's local.py does,
flattening each patch in the input's own axis order ((kh, kw, C) for channels_last, (C, kh, kw)
for channels_first), one kernel matrix kernel[i * ow + j] per position, and adds the
[oh, ow, filters] bias reshaped (not transposed) to [1, filters, oh, ow] for channels_first, as
K.bias_add does. padding 'same' (a layerspec extension) pads like Conv2D: floor(total / 2) before.
Computed in float64 from float32 data. Run: python3 scripts/custom_layer_fixtures.py
"""
import json
import os
import shutil

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'custom')
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
rng = np.random.default_rng(20251126)
manifest = []


def f32(shape, low=-1.0, high=1.0):
    return rng.uniform(low, high, size=shape).astype(np.float32)


def save(name, arr):
    np.save(os.path.join(OUT, name), np.ascontiguousarray(arr, dtype=np.float32))
    return name


def case(name, layer_type, params, x, weights, y):
    """weights: [(keras_name, array)] in the layer's creation order; [] = the params' initial values."""
    manifest.append({
        'name': name,
        'type': layer_type,
        'params': params,
        'input': save(f'{name}.x.npy', x),
        'weights': [[w, save(f'{name}.{w}.npy', arr)] for w, arr in weights],
        'output': save(f'{name}.y.npy', y),
    })


# Scale: x * gamma + beta, gamma and beta along `axis` (counted with the batch as axis 0).
def scale(x, gamma, beta, axis):
    shape = [1] * x.ndim
    shape[axis] = x.shape[axis]
    return x.astype(np.float64) * gamma.reshape(shape) + beta.reshape(shape)


for name, shape, axis in [
    ('scale_last', (3, 5), -1),
    ('scale_channels_first', (2, 3, 4, 4), 1),
    ('scale_middle', (2, 3, 4, 5), 2),
    ('scale_minus2', (2, 6, 2), -2),
]:
    x = f32(shape)
    size = shape[axis]
    gamma, beta = f32(size, 0.5, 2.0), f32(size)
    case(name, 'Scale', {'axis': axis}, x, [('gamma', gamma), ('beta', beta)], scale(x, gamma, beta, axis))

# Initial values given in the file (the tutorial's `weights` argument) are the weights.
x = f32((4, 3))
init_gamma, init_beta = [1.5, -2.0, 0.25], [0.0, 0.5, -1.0]
case('scale_initial_weights', 'Scale', {'weights': [init_gamma, init_beta]}, x, [],
     scale(x, np.array(init_gamma), np.array(init_beta), -1))

# KernelDot: K.dot(x, kernel) over the last axis.
for name, shape, out_dim in [('kernel_dot_2d', (4, 6), 3), ('kernel_dot_3d', (2, 3, 5), 2)]:
    x = f32(shape)
    kernel = f32((shape[-1], out_dim))
    case(name, 'KernelDot', {'output_dim': out_dim}, x, [('kernel', kernel)], x.astype(np.float64) @ kernel)


ACTIVATIONS = {
    None: lambda v: v,
    'relu': lambda v: np.maximum(v, 0),
    'tanh': np.tanh,
    'sigmoid': lambda v: 1 / (1 + np.exp(-v)),
}


def same_padding(size, kernel, stride):
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


def locally_connected_2d(x, kernel, bias, kernel_size, strides, padding, data_format, activation):
    """Keras 2's LocallyConnected2D.call, one output position at a time."""
    kh, kw = kernel_size
    sh, sw = strides
    channels_first = data_format == 'channels_first'
    rows_axis, cols_axis = (2, 3) if channels_first else (1, 2)
    if padding == 'same':
        pads = [(0, 0)] * 4
        pads[rows_axis] = same_padding(x.shape[rows_axis], kh, sh)
        pads[cols_axis] = same_padding(x.shape[cols_axis], kw, sw)
        x = np.pad(x, pads)
    rows, cols = x.shape[rows_axis], x.shape[cols_axis]
    oh, ow = (rows - kh) // sh + 1, (cols - kw) // sw + 1
    batch, filters = x.shape[0], kernel.shape[2]
    out = np.zeros((batch, oh, ow, filters))
    for i in range(oh):
        for j in range(ow):
            r, c = slice(i * sh, i * sh + kh), slice(j * sw, j * sw + kw)
            patch = x[:, :, r, c] if channels_first else x[:, r, c, :]
            out[:, i, j, :] = patch.reshape(batch, -1).astype(np.float64) @ kernel[i * ow + j]
    if channels_first:
        out = out.transpose(0, 3, 1, 2)
    if bias is not None:
        out = out + (bias.reshape(1, filters, oh, ow) if channels_first else bias.reshape(1, oh, ow, filters))
    return ACTIVATIONS[activation](out)


def output_size(size, kernel, stride, padding):
    return -(-size // stride) if padding == 'same' else (size - kernel) // stride + 1


LC_CASES = [
    # name, data_format, input (rows, cols, channels), kernel_size, strides, padding, use_bias, activation
    ('lc_last_3x3_s1_valid', 'channels_last', (7, 6, 3), (3, 3), (1, 1), 'valid', True, None),
    ('lc_last_3x3_s2_valid', 'channels_last', (8, 9, 2), (3, 3), (2, 2), 'valid', True, 'relu'),
    ('lc_last_2x3_s21_valid', 'channels_last', (7, 7, 3), (2, 3), (2, 1), 'valid', False, None),
    ('lc_last_3x3_s2_same', 'channels_last', (7, 8, 2), (3, 3), (2, 2), 'same', True, 'tanh'),
    ('lc_last_2x3_s1_same_nobias', 'channels_last', (5, 6, 3), (2, 3), (1, 1), 'same', False, None),
    ('lc_last_2x3_s21_same', 'channels_last', (6, 5, 2), (2, 3), (2, 1), 'same', True, 'sigmoid'),
    ('lc_first_3x3_s1_valid', 'channels_first', (6, 7, 3), (3, 3), (1, 1), 'valid', True, None),
    ('lc_first_2x3_s2_valid', 'channels_first', (9, 8, 2), (2, 3), (2, 2), 'valid', True, 'relu'),
    ('lc_first_3x3_s21_valid_nobias', 'channels_first', (8, 6, 3), (3, 3), (2, 1), 'valid', False, None),
    ('lc_first_3x3_s2_same', 'channels_first', (7, 7, 2), (3, 3), (2, 2), 'same', True, 'tanh'),
    ('lc_first_2x3_s1_same', 'channels_first', (5, 6, 3), (2, 3), (1, 1), 'same', True, None),
]

for name, fmt, (rows, cols, channels), ks, st, pad, use_bias, act in LC_CASES:
    filters, batch = 4, 2
    x = f32((batch, channels, rows, cols) if fmt == 'channels_first' else (batch, rows, cols, channels))
    oh, ow = output_size(rows, ks[0], st[0], pad), output_size(cols, ks[1], st[1], pad)
    kernel = f32((oh * ow, ks[0] * ks[1] * channels, filters))
    bias = f32((oh, ow, filters)) if use_bias else None
    params = {'filters': filters, 'kernel_size': list(ks), 'strides': list(st), 'padding': pad, 'data_format': fmt,
              'use_bias': use_bias, 'activation': act}
    weights = [('kernel', kernel)] + ([('bias', bias)] if use_bias else [])
    case(name, 'LocallyConnected2D', params, x, weights, locally_connected_2d(x, kernel, bias, ks, st, pad, fmt, act))

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(manifest, f, indent=1)
    f.write('\n')
print(f'{len(manifest)} cases written to {os.path.normpath(OUT)}')
