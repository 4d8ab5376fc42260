"""Benchmark 2 and 3: training throughput (img/s, after warm-up) and peak memory of every model.

Each model trains at its book input size and batch size two ways: the book's path
(`chapter5.utils.train_ch5` on the book's DataLoaders, MXNet's default threads, as a
notebook runs it) and the engine's fast path (in-memory batches, the network's
compiled twin, every core), and a third with PyTorch 2.13 (CPU, its default threads:
every core) on the same network (benchmarks/torch_models.py, checked layer for layer by
tests/test_torch_models.py), input, batch and SGD, fed as the fast path is. A measurement
is one warm-up epoch and one timed epoch of `--batches` batches (plus a one-batch test
pass), in a fresh process; the peak RSS is that process's.

    python benchmarks/throughput.py [MODEL ...] [--batches N] [--rounds R] [--paths fast,torch]
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child, verdict  # noqa: E402


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


def child_torch(name, batches, recipe):
    """PyTorch on the same network (torch_models), input, batch and SGD, timed as the fast path is:
    the images already in memory at the recipe's size, a batch turned into floats as it is used,
    the loss and accuracy summed on the device, one test batch after the epoch. `recipe`
    (lr, batch size, resize) comes from the parent: MXNet is never loaded here."""
    import torch
    from torch import nn
    from torch_models import build

    from chapter5.data import read_fashion_mnist
    lr, bs, size = recipe
    images, labels = read_fashion_mnist(train=True)
    n = (batches + 1) * bs  # the training batches and the test batch
    X = torch.from_numpy(images[:n].transpose(0, 3, 1, 2).copy())
    if size:  # once, up front, as the fast path's loader does
        X = nn.functional.interpolate(X.float(), size=(size, size), mode='bilinear',
                                      align_corners=False).round().clamp(0, 255).to(torch.uint8)
    y = torch.from_numpy(labels[:n].astype('int64'))
    net = build(name)
    trainer = torch.optim.SGD(net.parameters(), lr=lr)
    loss = nn.CrossEntropyLoss(reduction='sum')

    def epoch():
        net.train()
        l_sum, acc_sum = torch.zeros(()), torch.zeros(())
        for b in range(batches):
            Xb, yb = X[b * bs:(b + 1) * bs].float() / 255, y[b * bs:(b + 1) * bs]
            trainer.zero_grad()
            y_hat = net(Xb)
            l = loss(y_hat, yb)
            l.backward()
            trainer.step()
            l_sum += l.detach()
            acc_sum += (y_hat.argmax(dim=1) == yb).sum()
        net.eval()
        with torch.no_grad():
            test = (net(X[batches * bs:].float() / 255).argmax(dim=1) == y[batches * bs:]).float().mean()
        return float(l_sum), float(acc_sum), float(test)
    epoch()  # warm-up
    start = time.time()
    epoch()
    print(json.dumps({'img_per_s': batches * bs / (time.time() - start)}))


def child_recipes():
    """{model: (lr, batch size, resize)}: read in a child, so that the parent never loads MXNet (a
    child's peak RSS counts the parent's resident memory at the fork)."""
    from chapter5 import MODELS
    print(json.dumps({name: [b.recipe.lr, b.recipe.batch_size, b.recipe.resize]
                      for name, b in MODELS.items()}))


PATHS = ('book', 'fast', 'torch')


def parse_args():
    """The command line, checked: the models and paths named exist, PyTorch is there if asked for."""
    from importlib.util import find_spec

    from chapter5 import MODELS
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('models', nargs='*', metavar='MODEL', help='default: all')
    parser.add_argument('--batches', type=int, default=5, help='timed batches per measurement')
    parser.add_argument('--rounds', type=int, default=1,
                        help='measurements per path, the paths taking turns (the median is printed)')
    parser.add_argument('--paths', default=','.join(PATHS), help='some of %s' % ','.join(PATHS))
    parser.add_argument('--child', nargs='+', help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return args
    unknown = set(args.models) - set(MODELS)
    if unknown:
        parser.error('unknown models %s; valid: %s' % (sorted(unknown), ', '.join(MODELS)))
    args.paths = args.paths.split(',')
    if set(args.paths) - set(PATHS):
        parser.error('unknown paths %s; valid: %s' % (sorted(set(args.paths) - set(PATHS)), ', '.join(PATHS)))
    if 'torch' in args.paths and find_spec('torch') is None:
        parser.error('PyTorch is not installed: `pip install torch==2.13.0` (make bench does), '
                     'or leave it out with --paths book,fast')
    args.models = args.models or list(MODELS)
    return args


def child(kind, *rest, batches):
    """What a child process measures: the recipes, or one model on one path."""
    if kind == 'recipes':
        return child_recipes()
    name, = rest
    if kind == 'torch':
        return child_torch(name, batches, json.loads(os.environ['RECIPE']))
    return child_mxnet(name, kind, batches)


def measure(name, recipe, paths, rounds, batches):
    """{path: (median img/s, peak RSS MiB)} of `name`, each measurement in a fresh child, the paths
    taking turns to go first."""
    env = dict(os.environ, RECIPE=json.dumps(recipe))
    runs = {p: [] for p in paths}
    for r in range(rounds):
        for path in paths[r % len(paths):] + paths[:r % len(paths)]:  # each path first in turn
            result, rss, _ = run_child(__file__, path, name, '--batches', batches, env=env)
            runs[path].append((result['img_per_s'], rss))
    return {p: (statistics.median(v for v, _ in runs[p]), max(m for _, m in runs[p])) for p in paths}


def main():
    args = parse_args()
    if args.child:
        return child(*args.child, batches=args.batches)
    paths = args.paths
    recipes, _, _ = run_child(__file__, 'recipes')
    print('training throughput (img/s after a warm-up epoch, %d timed batches, median of %d) and peak '
          'RSS; %s' % (args.batches, args.rounds, machine()))
    print('%-17s %5s %5s | %s | %s | %s' % (
        'model', 'input', 'batch', ' '.join('%9s' % (p + ' img/s') for p in paths),
        ' '.join('%9s' % ('fast/' + p) for p in paths if p != 'fast'),
        ' '.join('%9s' % (p + ' MiB') for p in paths)))
    behind = []
    for name in args.models:
        lr, batch_size, resize = recipes[name]
        measured = measure(name, recipes[name], paths, args.rounds, args.batches)
        speed = {p: v for p, (v, _) in measured.items()}
        print('%-17s %5s %5d | %s | %s | %s' % (
            name, resize or 28, batch_size, ' '.join('%9.1f' % speed[p] for p in paths),
            ' '.join('%8.2fx' % (speed['fast'] / speed[p]) for p in paths if p != 'fast' and 'fast' in paths),
            ' '.join('%9.0f' % measured[p][1] for p in paths)), flush=True)
        if 'fast' in paths and 'torch' in paths and verdict(speed['fast'] / speed['torch'], 1.0) != 'met':
            behind.append('%s %.2fx' % (name, speed['fast'] / speed['torch']))
    if 'fast' in paths and 'torch' in paths:
        print('fast path >= PyTorch: %s' % ('met on every model' if not behind else
                                            'NOT met on %s' % ', '.join(behind)))


if __name__ == '__main__':
    main()
