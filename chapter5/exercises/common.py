"""What the exercises share: counting parameters, short training runs, memory in a child process."""
import json
import os
import subprocess
import sys
import time

import numpy as np

from chapter5.exercises import RESULTS
from chapter5.exercises.runs import kept, source_digest
from chapter5.exercises.verdicts import LEARNED


def edge_image():
    """The 6x8 image of 5.1.3: white (1) with the middle four columns black (0)."""
    from mxnet import nd
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    return X


def count_params(net, *, trainable=True):
    """The number of parameter values of an initialised `net` (after a forward pass).

    `trainable=True` counts what the trainer updates (grad_req != 'null'); the
    running means and variances of batch norm are left out.
    """
    total = 0
    for p in net.collect_params().values():
        if trainable and p.grad_req == 'null':
            continue
        total += int(np.prod(p.shape))
    return total


def initialised(net, size=224, channels=1):
    """`net`, initialised by a forward pass on one channels x size x size image (shapes inferred)."""
    from mxnet import nd
    net.initialize()
    net(nd.zeros((1, channels, size, size)))
    return net


def train_net(net, *, lr, num_epochs, batch_size=256, resize=None, num_train=None, num_test=None,
              optimizer='sgd', seed=0, ctx=None):
    """Train `net` (Xavier initialised) on Fashion-MNIST through the engine's fast path.

    Returns (per-epoch results, seconds of training and testing). Seeded, so a run repeats on this
    machine. A pause (tools/pause.sh stop, SIGTSTP) is left out of the seconds (PauseClock).
    """
    import mxnet as mx
    from mxnet import gluon, init

    from chapter5.engine.loader import fast_loaders
    from chapter5.engine.loop import train
    from chapter5.engine.pause import PauseClock
    from chapter5.engine.seeds import seed_everything
    from chapter5.utils import try_gpu
    seed_everything(seed)
    ctx = ctx or try_gpu()
    net.initialize(init.Xavier(), ctx=ctx, force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), optimizer, {'learning_rate': lr})
    train_iter, test_iter = fast_loaders(batch_size, resize, num_train=num_train, num_test=num_test)
    with PauseClock() as clock:
        results = train(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs,
                        epoch_start=lambda epoch: seed_everything(seed + epoch), clock=clock)
        mx.nd.waitall()
    return results, sum(r.seconds for r in results)


SEEDS = (0, 1, 2)  # the seeds of every arm an answer compares (verdicts.MIN_SEEDS)
CHANCE = 0.1  # the test accuracy a diverged run counts as: guessing among 10 classes


def trained(build, *, seed=0, **budget):
    """One training run of `build()` (train_net with `budget`), kept while an answer is recorded
    (runs.kept): {'loss', 'train_acc', 'test_acc': one value per epoch, 'seconds', 'diverged'}."""
    from chapter5.engine.loop import TrainingDiverged

    def compute():
        try:
            results, seconds = train_net(build(), seed=seed, **budget)
        except TrainingDiverged:
            return {'loss': [], 'train_acc': [], 'test_acc': [], 'seconds': None, 'diverged': True}
        return {'loss': [r.loss for r in results], 'train_acc': [r.train_acc for r in results],
                'test_acc': [r.test_acc for r in results], 'seconds': round(seconds, 1),
                'diverged': False}
    return kept(dict(build=build.__name__, source=source_digest(build), seed=seed, **budget), compute)


def over_seeds(build, seeds=SEEDS, **budget):
    """`trained` once per seed: a list of runs."""
    return [trained(build, seed=seed, **budget) for seed in seeds]


def finals(runs, what='test_acc', epoch=-1):
    """Each run's `what` at `epoch` (the last by default); a diverged run's test accuracy is CHANCE."""
    return [CHANCE if run['diverged'] else run[what][epoch] for run in runs]


BOOK_RUNS = os.path.join(RESULTS, 'book')  # this project's recorded book recipes (results/README.md)


def where_it_learns(model, root=BOOK_RUNS):
    """A sentence (Chinese) on the budget at which `model` learned here: the first epoch of this
    project's recorded book recipe (results/book/MODEL/log.jsonl) whose test accuracy reached
    verdicts.LEARNED, and the minutes trained until then."""
    path = os.path.join(root, model, 'log.jsonl')
    try:
        with open(path, encoding='utf-8') as f:
            log = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError):
        return '（没有 %s 的记录：chapter5 reproduce %s --profile book 会记录它。）' % (path, model)
    minutes = 0.0
    for entry in log:
        minutes += entry['seconds'] / 60
        if entry['test_acc'] >= LEARNED:
            return ('本项目在本机记录的书中配方（results/book/%s，随机种子0）第 %d 个迭代周期后'
                    '测试准确率 %.3f，达到 %.2f，训练了 %.0f 分钟。'
                    % (model, entry['epoch'], entry['test_acc'], LEARNED, minutes))
    return ('本项目在本机记录的书中配方（results/book/%s）%d 个迭代周期（%.0f 分钟）都没有达到 %.2f。'
            % (model, len(log), minutes, LEARNED))


def images_per_second(net, size, batch_size=32, steps=3):
    """Training throughput of `net` (SGD steps on random images, after one warm-up step)."""
    from mxnet import autograd, gluon, nd
    net.initialize(force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.01})
    loss = gluon.loss.SoftmaxCrossEntropyLoss()
    X, y = nd.random.uniform(shape=(batch_size, 1, size, size)), nd.zeros((batch_size,))
    for step in range(steps + 1):
        if step == 1:
            nd.waitall()
            start = time.perf_counter()
        with autograd.record():
            l = loss(net(X), y)
        l.backward()
        trainer.step(batch_size)
    nd.waitall()
    return steps * batch_size / (time.perf_counter() - start)


def in_child(function, **kwargs):
    """Call chapter5 `function` ('module:name') with `kwargs` in a fresh Python process.

    Returns (its JSON-able result, the child's peak resident memory in MiB): the
    memory a computation needs, measured without the rest of this process. The
    child reads its peak from /proc/self/status (VmHWM, reset by exec): the
    rusage of a forked child would count the parent's pages as they were at the
    fork.
    """
    module, name = function.split(':')
    code = ('import json, sys, importlib; f = getattr(importlib.import_module(%r), %r); '
            'result = f(**json.loads(sys.argv[1])); '
            'peak = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]; '
            'print(json.dumps([result, int(peak)]))' % (module, name))
    proc = subprocess.run([sys.executable, '-c', code, json.dumps(kwargs)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError('%s(%s) failed in its child process:\n%s'
                           % (function, kwargs, proc.stderr[-3000:]))
    result, peak_kib = json.loads(proc.stdout.strip().splitlines()[-1])
    return result, peak_kib / 1024


def gluoncv_model(name, **kwargs):
    """A network of gluoncv's model zoo, untrained: the oracle of the 5.7, 5.11 and 5.12 answers.

    gluoncv 0.10.5 checks torch's version on import and raises RuntimeError for torch >= 2.0,
    which `make bench` installs beside MXNet for its PyTorch comparison; only gluoncv's MXNet
    models are used here, so torch is hidden from that one import.
    """
    saved = sys.modules.get('torch')
    sys.modules['torch'] = None  # `import torch` raises ImportError, which gluoncv accepts
    try:
        from gluoncv.model_zoo import get_model
    finally:
        if saved is None:
            del sys.modules['torch']
        else:
            sys.modules['torch'] = saved
    return get_model(name, pretrained=False, **kwargs)


def higher(scores, what='测试准确率', within=0.0):
    """A sentence (in Chinese) naming which of {name: value} is highest and by how much;
    a tie inside `within`."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (second, next_) = ranked[0], ranked[1]
    if top - next_ <= within:
        return ('%s 与 %s 持平（%s %.3f 和 %.3f，相差不超过 %.3f）'
                % (best, second, what, top, next_, within))
    return '%s 领先 %s（%s %.3f 对 %.3f）' % (best, second, what, top, next_)


def table(header, rows):
    """A Markdown table: `header` a list of column names, `rows` lists of cells (no trailing newline)."""
    from chapter5.engine.tables import markdown_table
    return markdown_table(header, rows).rstrip('\n')
