"""Benchmark 2 and 3: training throughput (img/s, after warm-up) and peak memory of every model.

Each model trains at its book input size and batch size two ways: the book's path
(`chapter5.utils.train_ch5` on the book's DataLoaders, MXNet's default threads, as a
notebook runs it) and the engine's fast path (in-memory batches, the network's
compiled twin, every core). A measurement is one warm-up epoch and one timed epoch
of `--batches` batches (plus a one-batch test pass), in a fresh process. Where
`torch` is importable (the benchmark extra, `pip install torch==2.13.0`), LeNet and
ResNet-18 are also trained with PyTorch on the same architecture, input and batch.

    python benchmarks/throughput.py [MODEL ...] [--batches N]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child  # noqa: E402


def child_mxnet(name, path, batches):
    import contextlib
    import io

    from chapter5.engine.threads import use_every_core
    if path == 'fast':
        use_every_core()  # as the CLI does; the book's path keeps MXNet's default
    from chapter5 import get_model
    from chapter5.engine.recipes import train_recipe
    recipe = get_model(name).recipe
    with contextlib.redirect_stdout(io.StringIO()):
        history = train_recipe(name, num_epochs=2, num_train=batches * recipe.batch_size,
                               num_test=recipe.batch_size, book_path=(path == 'book'))
    seconds = history[1].seconds
    print(json.dumps({'img_per_s': batches * recipe.batch_size / seconds}))


def torch_lenet(nn):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2, 2), nn.Flatten(),
        nn.Linear(16 * 4 * 4, 120), nn.Sigmoid(), nn.Linear(120, 84), nn.Sigmoid(), nn.Linear(84, 10))


def torch_resnet18(nn):
    """The book's chapter-5 ResNet-18 (biases on every convolution, as Gluon's Conv2D has them)."""
    class Residual(nn.Module):
        def __init__(self, in_channels, channels, use_1x1conv=False, strides=1):
            super().__init__()
            self.conv1 = nn.Conv2d(in_channels, channels, 3, padding=1, stride=strides)
            self.conv2 = nn.Conv2d(channels, channels, 3, padding=1)
            self.conv3 = nn.Conv2d(in_channels, channels, 1, stride=strides) if use_1x1conv else None
            self.bn1, self.bn2 = nn.BatchNorm2d(channels), nn.BatchNorm2d(channels)

        def forward(self, x):
            y = nn.functional.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            return nn.functional.relu(y + (self.conv3(x) if self.conv3 is not None else x))

    layers = [nn.Conv2d(1, 64, 7, stride=2, padding=3), nn.BatchNorm2d(64), nn.ReLU(),
              nn.MaxPool2d(3, stride=2, padding=1)]
    in_channels = 64
    for i, channels in enumerate((64, 128, 256, 512)):
        first = i == 0
        layers += [Residual(in_channels, channels, use_1x1conv=not first, strides=1 if first else 2),
                   Residual(channels, channels)]
        in_channels = channels
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, 10)]
    return nn.Sequential(*layers)


def child_torch(name, batches):
    import torch
    from torch import nn

    from chapter5 import get_model
    from chapter5.data import read_fashion_mnist
    recipe = get_model(name).recipe
    images, labels = read_fashion_mnist(train=True)
    net = {'lenet': torch_lenet, 'resnet18': torch_resnet18}[name](nn)
    trainer = torch.optim.SGD(net.parameters(), lr=recipe.lr)
    loss = nn.CrossEntropyLoss(reduction='sum')
    bs, size = recipe.batch_size, recipe.resize

    def epoch():
        for b in range(batches):
            X = torch.from_numpy(images[b * bs:(b + 1) * bs].transpose(0, 3, 1, 2).copy()).float() / 255
            if size:
                X = nn.functional.interpolate(X, size=(size, size), mode='bilinear', align_corners=False)
            y = torch.from_numpy(labels[b * bs:(b + 1) * bs].astype('int64'))
            trainer.zero_grad()
            loss(net(X), y).backward()
            trainer.step()
    epoch()  # warm-up
    start = time.time()
    epoch()
    print(json.dumps({'img_per_s': batches * bs / (time.time() - start)}))


def main():
    from chapter5 import MODELS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('models', nargs='*', metavar='MODEL', help='default: all')
    parser.add_argument('--batches', type=int, default=5, help='timed batches per measurement')
    parser.add_argument('--child', nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, path = args.child
        return child_torch(name, args.batches) if path == 'torch' else \
            child_mxnet(name, path, args.batches)
    unknown = set(args.models) - set(MODELS)
    if unknown:
        parser.error('unknown models %s; valid: %s' % (sorted(unknown), ', '.join(MODELS)))
    try:
        import torch  # noqa: F401
        torch_there = True
    except ImportError:
        torch_there = False
    print('training throughput, %d timed batches after a warm-up epoch; %s' % (args.batches, machine()))
    print('%-17s %5s %5s | %9s %9s %7s | %9s %9s | %s' % (
        'model', 'input', 'batch', 'book img/s', 'fast img/s', 'fast/book', 'book MiB', 'fast MiB',
        'PyTorch img/s (fast/torch)'))
    for name in args.models or MODELS:
        recipe = MODELS[name].recipe
        row = {}
        for path in ('book', 'fast'):
            result, rss, _ = run_child(__file__, name, path, '--batches', args.batches)
            row[path] = (result['img_per_s'], rss)
        torch_text = ''
        if torch_there and name in ('lenet', 'resnet18'):
            result, _, _ = run_child(__file__, name, 'torch', '--batches', args.batches)
            torch_text = '%.1f (%.2f)' % (result['img_per_s'], row['fast'][0] / result['img_per_s'])
        print('%-17s %5s %5d | %9.1f %9.1f %6.2fx | %9.0f %9.0f | %s' % (
            name, recipe.resize or 28, recipe.batch_size, row['book'][0], row['fast'][0],
            row['fast'][0] / row['book'][0], row['book'][1], row['fast'][1], torch_text), flush=True)


if __name__ == '__main__':
    main()
