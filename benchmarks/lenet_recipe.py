"""Benchmark 1: the book's LeNet recipe (5 epochs, lr 0.9, batch 256), whole process, three ways.

- `d2lzh`: the stock d2lzh 1.0.0, `d2l.load_data_fashion_mnist` and `d2l.train_ch5`, as the
  book's notebook runs them (its FashionMNIST class reads the files through chapter5's offline
  reader: the stock one would try to download, since Debian's files have other sha1s);
- `book`: the same notebook with `import chapter5.utils as d2l` (the book layer);
- `engine`: `chapter5 train lenet`'s path (in-memory batches, compiled twin, every core).

Each run is a fresh process from the same seed, timed from its start to its exit (imports and
loading included); the three alternate, round after round, so that a drifting machine hurts all
alike. Printed per round and as medians: wall seconds, final test accuracy, and the ratios
d2lzh / book (the book layer must not be slower: >= 1.0) and d2lzh / engine (the target: >= 3x),
and whether each path printed the stock d2lzh's epoch lines (losses and accuracies) to the digit.

    python benchmarks/lenet_recipe.py [--rounds N] [--seed N]
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child, same_log, verdict  # noqa: E402

PATHS = ('d2lzh', 'book', 'engine')


def child(path, seed):
    import contextlib
    import io
    if path == 'engine':
        from chapter5.engine.threads import use_every_core
        use_every_core()
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        if path == 'engine':
            from chapter5.engine.seeds import seed_everything
            seed_everything(seed)
            from chapter5.engine.recipes import train_recipe
            train_recipe('lenet')
        else:
            if path == 'd2lzh':
                import d2lzh as d2l
                from mxnet.gluon.data import vision

                from chapter5.utils import FashionMNIST
                vision.FashionMNIST = FashionMNIST  # offline: the same arrays, read from Debian's files
            else:
                import chapter5.utils as d2l
            import mxnet as mx
            import numpy as np
            from mxnet import gluon, init

            from chapter5.lenet import lenet
            mx.random.seed(seed)
            np.random.seed(seed)
            net = lenet()
            batch_size = 256
            train_iter, test_iter = d2l.load_data_fashion_mnist(batch_size=batch_size)
            lr, num_epochs, ctx = 0.9, 5, d2l.try_gpu()
            net.initialize(force_reinit=True, ctx=ctx, init=init.Xavier())
            trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
            d2l.train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs)
    lines = out.getvalue().splitlines()
    test_acc = float(lines[-1].split('test acc ')[1].split(',')[0])
    print(json.dumps({'test_acc': test_acc, 'log': lines}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--seed', type=int, default=0)
    parser.add_argument('--child', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.seed)
    env = {k: v for k, v in os.environ.items() if k not in ('OMP_NUM_THREADS', 'MXNET_OMP_MAX_THREADS')}
    print("LeNet, the book's recipe, whole process; %s; %s" % (machine(), time.strftime('%Y-%m-%d')))
    walls, logs = {path: [] for path in PATHS}, {path: [] for path in PATHS}
    for round_ in range(1, args.rounds + 1):
        for path in PATHS:
            result, rss, wall = run_child(__file__, path, '--seed', args.seed, env=env)
            walls[path].append(wall)
            logs[path].append(result['log'])
            print('round %d  %-6s wall %5.1f s  test acc %.3f  peak RSS %4.0f MiB'
                  % (round_, path, wall, result['test_acc'], rss), flush=True)
    median = {path: statistics.median(w) for path, w in walls.items()}
    print('medians: ' + ', '.join('%s %.1f s' % kv for kv in median.items()))
    book, engine = median['d2lzh'] / median['book'], median['d2lzh'] / median['engine']
    print('d2lzh / book: %.2fx (the book layer against the stock d2lzh; target >= 1.0: %s)'
          % (book, verdict(book, 1.0)))
    print('d2lzh / engine: %.2fx (target >= 3.0: %s)' % (engine, verdict(engine, 3.0)))
    for path in ('book', 'engine'):
        same = sum(same_log(mine, stock) for mine, stock in zip(logs[path], logs['d2lzh']))
        print("%s printed the stock d2lzh's epoch lines in %d of %d rounds" % (path, same, args.rounds))


if __name__ == '__main__':
    main()
