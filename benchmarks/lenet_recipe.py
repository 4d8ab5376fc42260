"""Benchmark 1: the book's LeNet recipe (5 epochs, lr 0.9, batch 256), fast path against the book's.

The baseline is d2lzh.train_ch5 itself, fed by the book's loading (DataLoader over
Resize/ToTensor with 4 workers); the fast path is chapter5's `fast=True`. Each run
starts from the same seed in a fresh process that imports chapter5 first (every core);
printed: wall time (loading included), final test accuracy, peak RSS.

    python benchmarks/lenet_recipe.py [--seed N]
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child  # noqa: E402


def child(path, seed):
    import contextlib
    import io

    # isort: off
    import chapter5  # noqa: F401  before MXNet, as in a user's run: every core (README, "Every core")
    # isort: on
    import mxnet as mx
    import numpy as np
    from mxnet import gluon, init

    from chapter5.lenet import lenet
    from chapter5.utils import load_data_fashion_mnist, train_ch5
    start = time.time()
    mx.random.seed(seed)
    np.random.seed(seed)
    lr, num_epochs, batch_size, ctx = 0.9, 5, 256, mx.cpu()
    net = lenet()
    net.initialize(init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if path == 'book':
            import d2lzh
            train_iter, test_iter = load_data_fashion_mnist(batch_size)
            d2lzh.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)
        else:
            train_iter, test_iter = load_data_fashion_mnist(batch_size, fast=True)
            train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs, fast=True)
    lines = out.getvalue().splitlines()
    test_acc = float(lines[-1].split('test acc ')[1].split(',')[0])
    print(json.dumps({'seconds': time.time() - start, 'test_acc': test_acc, 'log': lines}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--child', action='store_true', help=argparse.SUPPRESS)
    parser.add_argument('path', nargs='?', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.path, args.seed)
    print('LeNet, the book\'s recipe; %s' % machine())
    results = {}
    for path in ('book', 'fast'):
        results[path] = run_child(__file__, path, '--seed', args.seed)
        result, rss, _ = results[path]
        print('\n'.join('  %s| %s' % (path, line) for line in result['log']))
        print('%-5s wall %.1f s, final test acc %.3f, peak RSS %.0f MiB'
              % (path, result['seconds'], result['test_acc'], rss))
    book, fast = results['book'][0], results['fast'][0]
    print('speed-up (book wall / fast wall): %.2fx; test acc difference %.3f'
          % (book['seconds'] / fast['seconds'], abs(book['test_acc'] - fast['test_acc'])))


if __name__ == '__main__':
    main()
