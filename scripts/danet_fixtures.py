#!/usr/bin/env python3
"""Writes the NumPy reference fixtures of the DANet attention layers PAM and CAM (test/fixtures/danet/).

The references are DANet's PyTorch modules (junfu1115/DANet, encoding/nn/da_att.py, PAM_Module and
CAM_Module) transcribed to NumPy line by line, in their channels_first `bmm` form, so that the
tests check layerspec's channels_last rewrite against the original formulas, not against itself:

- PAM: DANet's 1x1 convs, without their bias (layerspec's PAM, as the tutorial's, has none). The
  kernels are stored as layerspec stores them (Keras Conv2D layout [1, 1, in, out]) and turned into
  PyTorch's [out, in, 1, 1] here, so the weight layout is checked too.
- CAM: layerspec softmaxes the energy itself (src/layers/cam.ts); DANet softmaxes
  `max(energy) - energy`. Both are written: `out` is layerspec's formula, `danet_out` DANet's own.

Inputs, kernels and gamma (non-zero) are random from a fixed seed; everything is computed in
float64 and saved as float32 .npy, C order, with cases.json listing the cases.
Run: python3 scripts/danet_fixtures.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'danet')
rng = np.random.default_rng(20261126)


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def conv1x1(x, kernel):
    """PyTorch's Conv2d(kernel_size=1, bias=False) on x [B, C, H, W]; `kernel` in Keras layout [1, 1, in, out]."""
    weight = kernel.transpose(3, 2, 0, 1)  # PyTorch's [out, in, kh, kw]
    return np.einsum('oi,bihw->bohw', weight[:, :, 0, 0], x)


def pam_module(x, gamma, b_kernel, c_kernel, d_kernel, transpose_attention=True):
    """PAM_Module.forward; x [B, C, H, W]. `transpose_attention=False` is a deliberate mistake (see below)."""
    m_batchsize, C, height, width = x.shape
    proj_query = conv1x1(x, b_kernel).reshape(m_batchsize, -1, width * height).transpose(0, 2, 1)
    proj_key = conv1x1(x, c_kernel).reshape(m_batchsize, -1, width * height)
    energy = np.matmul(proj_query, proj_key)
    attention = softmax(energy)
    proj_value = conv1x1(x, d_kernel).reshape(m_batchsize, -1, width * height)
    out = np.matmul(proj_value, attention.transpose(0, 2, 1) if transpose_attention else attention)
    out = out.reshape(m_batchsize, C, height, width)
    return gamma * out + x


def cam_module(x, gamma, max_shift):
    """CAM_Module.forward; x [B, C, H, W]. `max_shift`: DANet's energy_new = max - energy."""
    m_batchsize, C, height, width = x.shape
    proj_query = x.reshape(m_batchsize, C, -1)
    proj_key = x.reshape(m_batchsize, C, -1).transpose(0, 2, 1)
    energy = np.matmul(proj_query, proj_key)
    if max_shift:
        energy = np.max(energy, -1, keepdims=True) - energy
    attention = softmax(energy)
    proj_value = x.reshape(m_batchsize, C, -1)
    out = np.matmul(attention, proj_value)
    out = out.reshape(m_batchsize, C, height, width)
    return gamma * out + x


def nonzero_gamma():
    return np.array([rng.choice([-1.0, 1.0]) * rng.uniform(0.5, 1.5)])


def to_channels_last(x):
    return x.transpose(0, 2, 3, 1)


def differs(a, b):
    """The fixtures must tell the right formula from a wrong one by far more than the test tolerance."""
    return np.max(np.abs(a - b)) > 0.05


def pam_case(name, batch, height, width, channels):
    x = rng.standard_normal((batch, channels, height, width))
    weights = {
        'gamma': nonzero_gamma(),
        'b_kernel': 0.3 * rng.standard_normal((1, 1, channels, channels // 8)),
        'c_kernel': 0.3 * rng.standard_normal((1, 1, channels, channels // 8)),
        'd_kernel': 0.3 * rng.standard_normal((1, 1, channels, channels)),
    }
    out = pam_module(x, **weights)
    assert differs(out, pam_module(x, **weights, transpose_attention=False)), name
    assert differs(out, x), name
    return {'name': name, 'layer': 'PAM', 'x': to_channels_last(x), 'weights': weights, 'out': to_channels_last(out)}


def cam_case(name, batch, height, width, channels):
    x = 0.3 * rng.standard_normal((batch, channels, height, width))
    weights = {'gamma': nonzero_gamma()}
    out = cam_module(x, weights['gamma'], max_shift=False)
    danet_out = cam_module(x, weights['gamma'], max_shift=True)
    assert differs(out, danet_out) and differs(out, x), name
    return {'name': name, 'layer': 'CAM', 'x': to_channels_last(x), 'weights': weights,
            'out': to_channels_last(out), 'danet_out': to_channels_last(danet_out)}


CASES = [
    pam_case('pam_b2_4x5_c16', 2, 4, 5, 16),
    pam_case('pam_b1_3x3_c8', 1, 3, 3, 8),
    cam_case('cam_b2_4x5_c16', 2, 4, 5, 16),
    cam_case('cam_b1_3x2_c3', 1, 3, 2, 3),
]


def main():
    os.makedirs(OUT, exist_ok=True)
    index = []
    for case in CASES:
        def save(key, array):
            file = f"{case['name']}.{key}.npy"
            np.save(os.path.join(OUT, file), np.ascontiguousarray(array, dtype=np.float32))
            return file
        entry = {'name': case['name'], 'layer': case['layer'], 'x': save('x', case['x']),
                 'weights': {k: save(k, v) for k, v in case['weights'].items()}, 'out': save('out', case['out'])}
        if 'danet_out' in case:
            entry['danet_out'] = save('danet_out', case['danet_out'])
        index.append(entry)
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump(index, f, indent=2)
        f.write('\n')


if __name__ == '__main__':
    main()
