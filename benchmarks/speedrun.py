"""The speedrun's recipe in MXNet (the engine) and in PyTorch 2.13, side by side: training img/s and
the time ratio, per target.

Both train the same network (benchmarks/torch_models.py, held equal to Gluon's by
tests/test_torch_models.py) with the same plan (chapter5.speedrun.plans): SGD with momentum and
weight decay (none on biases and batch-norm scale and shift), the warm-up and cosine schedule, label
smoothing, on the same augmented batches (chapter5.speedrun.augment: random crop and flip, numpy).
A measurement is a warm-up pass and a timed pass over `--batches` batches in a fresh process, the
frameworks taking turns to go first over `--rounds` rounds (median printed), each with every core.
The plan's projected minutes are its epochs of 60,000 images at that speed. Where the time goes:
the seconds of one epoch's batches alone (cropping, flipping, converting to MXNet's arrays), in a
fresh process, beside the training epoch.

    python benchmarks/speedrun.py [--targets 0.93,0.945] [--batches N] [--rounds R]
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import machine, run_child  # noqa: E402

TRAIN_IMAGES = 60000


def loader(plan, batches):
    """The plan's augmented batches over the first `batches` batches' images."""
    from chapter5.data import read_fashion_mnist
    from chapter5.speedrun.augment import AugmentedLoader
    images, labels = read_fashion_mnist(train=True)
    n = batches * plan.batch_size
    return AugmentedLoader(images[:n], labels[:n], plan.batch_size, plan.pad, plan.flip)


def warmed_up(target, batches):
    """(the plan of `target`, its network, a function training one pass over `batches` of its
    batches and returning when every step is done), in this process with every core, after a
    warm-up pass that built the graphs. Shared with speedrun_profile.py."""
    from chapter5.engine.threads import use_every_core
    use_every_core()
    import mxnet as mx

    from chapter5.engine.loop import train_epoch
    from chapter5.speedrun.plans import PLANS
    from chapter5.speedrun.run import prepare
    plan = PLANS[target]
    net, graph, step, trainer, train_iter, _, _ = prepare(plan, mx.cpu(), False, None,
                                                          batches * plan.batch_size, 1)
    batch = (graph, step, None, [mx.cpu()], trainer, plan.batch_size)
    train_epoch(batch, train_iter, 0)
    return plan, net, lambda: train_epoch(batch, train_iter, 1)  # reads the sums: every step done


def child_mxnet(target, batches):
    plan, _, epoch = warmed_up(target, batches)
    start = time.time()
    epoch()
    print(json.dumps({'img_per_s': batches * plan.batch_size / (time.time() - start)}))


def child_data(target):
    """Seconds to make one epoch's batches of the plan (60,000 images), with nothing trained."""
    from chapter5.engine.threads import use_every_core
    use_every_core()
    from chapter5.speedrun.plans import PLANS
    plan = PLANS[target]
    data = loader(plan, TRAIN_IMAGES // plan.batch_size)
    start = time.time()
    for X, _ in data:
        X.wait_to_read()
    print(json.dumps({'seconds': time.time() - start}))


def torch_optimizer(net, plan, steps):
    """The plan's SGD in PyTorch: the same momentum, decay groups, warm-up and cosine as
    chapter5.speedrun.trainer, each step at MXNet's rate (its CosineScheduler asks for the rate of
    update n, counted from 1). One difference stays: PyTorch's momentum buffer holds gradients and is
    scaled by the current rate, MXNet's holds steps already scaled; while the rate moves, their steps
    differ slightly (tests/test_torch_models.py holds the first step equal, within 2%)."""
    import math

    import torch
    no_decay = [p for name, p in net.named_parameters() if p.dim() == 1]  # biases, BN scale and shift
    decay = [p for name, p in net.named_parameters() if p.dim() > 1]
    groups = [{'params': decay, 'weight_decay': plan.wd}, {'params': no_decay, 'weight_decay': 0}]
    sgd = torch.optim.SGD(groups, lr=plan.lr, momentum=plan.momentum)
    warmup = int(plan.warmup * steps)

    def factor(step):  # LambdaLR's step s is MXNet's update s + 1
        n = step + 1
        if n < warmup:
            return 0.1 + 0.9 * n / warmup
        return (1 + math.cos(math.pi * min(n - warmup, steps - warmup) / max(1, steps - warmup))) / 2
    return sgd, torch.optim.lr_scheduler.LambdaLR(sgd, factor)


def child_torch(target, batches):
    import torch
    from torch import nn
    from torch_models import build

    from chapter5.speedrun.plans import PLANS
    plan = PLANS[target]
    data = loader(plan, batches)
    net = build(plan.model)
    sgd, schedule = torch_optimizer(net, plan, plan.epochs * TRAIN_IMAGES // plan.batch_size)
    loss = nn.CrossEntropyLoss(reduction='sum', label_smoothing=plan.smoothing)

    def epoch():
        net.train()
        l_sum, right = torch.zeros(()), torch.zeros(())
        for X, y in data.arrays():
            X = torch.from_numpy(X[:, None]).float() / 255
            y = torch.from_numpy(y.astype('int64'))
            sgd.zero_grad()
            y_hat = net(X)
            l = loss(y_hat, y)
            l.backward()
            sgd.step()
            schedule.step()
            l_sum += l.detach()
            right += (y_hat.argmax(dim=1) == y).sum()
        return float(l_sum), float(right)
    epoch()
    start = time.time()
    epoch()
    print(json.dumps({'img_per_s': batches * plan.batch_size / (time.time() - start)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--targets', default='0.93,0.945', help='comma-separated (default 0.93,0.945)')
    parser.add_argument('--batches', type=int, default=40, help='timed batches per measurement')
    parser.add_argument('--rounds', type=int, default=3, help='measurements per framework (median printed)')
    parser.add_argument('--child', nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, target = args.child
        if kind == 'data':
            return child_data(float(target))
        return (child_torch if kind == 'torch' else child_mxnet)(float(target), args.batches)
    from chapter5.speedrun.plans import PLANS
    print('the speedrun recipe, training img/s (median of %d, %d timed batches); %s'
          % (args.rounds, args.batches, machine()))
    for target in [float(t) for t in args.targets.split(',')]:
        plan = PLANS[target]
        speeds = {'mxnet': [], 'torch': []}
        for r in range(args.rounds):
            for kind in (('mxnet', 'torch') if r % 2 == 0 else ('torch', 'mxnet')):
                result = run_child(__file__, kind, target, '--batches', args.batches)[0]
                speeds[kind].append(result['img_per_s'])
        mine, theirs = statistics.median(speeds['mxnet']), statistics.median(speeds['torch'])
        minutes = [plan.epochs * TRAIN_IMAGES / speed / 60 for speed in (mine, theirs)]
        print('%s (target %.3f): engine %.0f img/s, PyTorch %.0f img/s, engine/PyTorch %.2fx; the plan\'s '
              '%d epochs: %.1f min against %.1f min'
              % (plan.model, target, mine, theirs, mine / theirs, plan.epochs, *minutes))
        data = run_child(__file__, 'data', target)[0]['seconds']
        epoch = TRAIN_IMAGES / mine
        print('  its batches alone (crop, flip, conversion) take %.1f s an epoch: %.0f%% of the engine\'s '
              'epoch (%.1f s at that speed)' % (data, 100 * data / epoch, epoch))


if __name__ == '__main__':
    main()
