#!/usr/bin/env python3
"""Writes the small example dataset in models/data/ used by the README's Quick start.

"stripes": 32x32 RGB images (uint8) of stripes at one of 10 orientations with noise; the label
is the orientation (one-hot, uint8), so models/cnn.yaml can learn it in a few epochs.
Run: python3 scripts/example_data.py
"""
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'models', 'data')
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(1)
n, size, classes = 160, 32, 10
labels = np.arange(n) % classes
rng.shuffle(labels)
yy, xx = np.mgrid[0:size, 0:size]
images = np.empty((n, size, size, 3), dtype=np.uint8)
for i, k in enumerate(labels):
    angle = np.pi * k / classes
    phase = rng.uniform(0, 2 * np.pi)
    wave = np.sin((np.cos(angle) * xx + np.sin(angle) * yy) * 0.6 + phase)
    colour = rng.uniform(0.5, 1.0, size=3)
    img = 127.5 + 100 * wave[..., None] * colour + rng.normal(0, 12, size=(size, size, 3))
    images[i] = np.clip(img, 0, 255).astype(np.uint8)
np.save(os.path.join(OUT, 'stripes-x.npy'), images)
np.save(os.path.join(OUT, 'stripes-y.npy'), np.eye(classes, dtype=np.uint8)[labels])
