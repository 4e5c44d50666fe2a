#!/usr/bin/env python3
"""Writes the fixtures of test/cli/predict.test.ts into test/fixtures/predict/ (NumPy only).

- The tutorial's slice/concat model (models/slice-concat.yaml) has no weights, so its output is
  known exactly: one input of shape (7, 4, 2) saved in every dtype / byte order / memory layout
  NumPy writes, all of which must give slice_concat.expected.npy.
- A two-input, two-output Dense model (two-heads.yaml) with Keras-named weights in a .npz and
  its outputs computed here with NumPy: predict --weights must reproduce them to 1e-5.
Run: python3 scripts/predict_fixtures.py
"""
import os
import shutil

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'test', 'fixtures', 'predict')
shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
rng = np.random.default_rng(20261126)


def save(name, arr):
    np.save(os.path.join(OUT, name), arr)


# --- slice/concat: x[:, :, 0:1] and x[:, :, 1:2] reshaped to (4, 1, 1), concatenated on the last axis
a = rng.integers(-100, 100, size=(7, 4, 2)).astype(np.float64) / 4  # exact in every float dtype
expected = np.concatenate([a[:, :, 0:1].reshape(7, 4, 1, 1), a[:, :, 1:2].reshape(7, 4, 1, 1)], axis=-1)
save('slice_concat.expected.npy', expected.astype(np.float32))
variants = {
    'f4': a.astype('<f4'),
    'f4_big': a.astype('>f4'),
    'f8': a.astype('<f8'),
    'f8_big_fortran': np.asfortranarray(a.astype('>f8')),
    'f2': a.astype('<f2'),
    'f4_fortran': np.asfortranarray(a.astype('<f4')),
}
ints = np.round(a).astype(np.int64)
save('slice_concat.int_expected.npy', np.concatenate([ints[:, :, 0:1].reshape(7, 4, 1, 1), ints[:, :, 1:2].reshape(7, 4, 1, 1)], axis=-1).astype(np.float32))
int_variants = {'i1': ints.astype('i1'), 'i2_big': ints.astype('>i2'), 'i4': ints.astype('<i4'), 'i8': ints.astype('<i8'), 'i8_fortran': np.asfortranarray(ints.astype('<i8'))}
for name, arr in variants.items():
    save(f'slice_concat.x_{name}.npy', arr)
for name, arr in int_variants.items():
    save(f'slice_concat.xi_{name}.npy', arr)

# --- two inputs, two outputs, weights by Keras name
MODEL = """layerspec: 1
name: two-heads
inputs:
  left: { shape: [3] }
  right: { shape: [2] }
layers:
  joined: { type: Concatenate, inputs: [left, right] }
  hidden: { type: Dense, input: joined, units: 4, activation: tanh }
  score: { type: Dense, input: hidden, units: 1 }
  probs: { type: Dense, input: hidden, units: 3, activation: softmax }
outputs: [score, probs]
"""
with open(os.path.join(OUT, 'two-heads.yaml'), 'w') as f:
    f.write(MODEL)
left = rng.standard_normal((10, 3)).astype(np.float32)
right = rng.standard_normal((10, 2)).astype(np.float32)
w = {
    'hidden/kernel': rng.standard_normal((5, 4)).astype(np.float32),
    'hidden/bias': rng.standard_normal(4).astype(np.float32),
    'score/kernel': rng.standard_normal((4, 1)).astype(np.float32),
    'score/bias': rng.standard_normal(1).astype(np.float32),
    'probs/kernel': rng.standard_normal((4, 3)).astype(np.float32),
    'probs/bias': rng.standard_normal(3).astype(np.float32),
}
np.savez(os.path.join(OUT, 'two-heads.weights.npz'), **w)
np.savez_compressed(os.path.join(OUT, 'two-heads.data.npz'), left=left, right=right)
save('two-heads.left.npy', left)
save('two-heads.right.npy', right)
h = np.tanh(np.concatenate([left, right], axis=1).astype(np.float64) @ w['hidden/kernel'] + w['hidden/bias'])
score = h @ w['score/kernel'] + w['score/bias']
logits = h @ w['probs/kernel'] + w['probs/bias']
probs = np.exp(logits - logits.max(axis=1, keepdims=True))
probs /= probs.sum(axis=1, keepdims=True)
save('two-heads.score.npy', score.astype(np.float32))
save('two-heads.probs.npy', probs.astype(np.float32))
