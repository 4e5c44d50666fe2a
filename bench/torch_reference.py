# The reference CNN (models/cnn.yaml) in PyTorch, as whole jobs like `layerspec predict` and
# `layerspec train`: read the .npy files, run, write the results. The PyTorch baseline of
# bench/jobs.mjs, which runs it only when `import torch` works; never a dependency of layerspec.
#
#   python3 bench/torch_reference.py predict X.npy OUT.npy [--batch-size 64] [--threads 2]
#   python3 bench/torch_reference.py train X.npy Y.npy OUT_DIR [--epochs 2] [--batch-size 64] [--threads 2]
#
# Same layers as Keras's (channels_last data, permuted to PyTorch's NCHW inside the job), adam
# (lr 0.001, Keras's epsilon 1e-7), categorical cross-entropy on one-hot targets, a shuffle per
# epoch and the weights written after every epoch, as layerspec's checkpoints are.
import argparse
import os

import numpy as np
import torch
from torch import nn


def reference_cnn():
    return nn.Sequential(
        nn.Conv2d(3, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),  # NCHW flatten: same parameter count as Keras's, another order (irrelevant here)
        nn.Linear(64 * 6 * 6, 128), nn.ReLU(), nn.Dropout(0.5),
        nn.Linear(128, 10),
    )


def nchw(x):
    return torch.from_numpy(np.array(x, dtype=np.float32)).permute(0, 3, 1, 2).contiguous()


def predict(args):
    model = reference_cnn().eval()
    x = np.load(args.x, mmap_mode='r')
    out = np.empty((x.shape[0], 10), dtype=np.float32)
    with torch.inference_mode():
        for s in range(0, x.shape[0], args.batch_size):
            out[s:s + args.batch_size] = torch.softmax(model(nchw(x[s:s + args.batch_size])), 1).numpy()
    np.save(args.out, out)


def train(args):
    torch.manual_seed(1)
    model = reference_cnn().train()
    optimizer = torch.optim.Adam(model.parameters(), lr=0.001, eps=1e-7)
    x = nchw(np.load(args.x))
    y = torch.from_numpy(np.load(args.y).astype(np.float32))
    os.makedirs(args.out, exist_ok=True)
    for epoch in range(args.epochs):
        order = torch.randperm(x.shape[0])
        for s in range(0, x.shape[0], args.batch_size):
            batch = order[s:s + args.batch_size]
            optimizer.zero_grad()
            loss = -(y[batch] * torch.log_softmax(model(x[batch]), 1)).sum(1).mean()
            loss.backward()
            optimizer.step()
        torch.save(model.state_dict(), os.path.join(args.out, 'weights.pt'))


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest='job', required=True)
    p = sub.add_parser('predict')
    p.add_argument('x')
    p.add_argument('out')
    t = sub.add_parser('train')
    t.add_argument('x')
    t.add_argument('y')
    t.add_argument('out')
    t.add_argument('--epochs', type=int, default=2)
    for s in (p, t):
        s.add_argument('--batch-size', type=int, default=64)
        s.add_argument('--threads', type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    (predict if args.job == 'predict' else train)(args)


if __name__ == '__main__':
    main()
