"""What the exercises share: counting parameters, short training runs, memory in a child process."""
import json
import subprocess
import sys
import time

import numpy as np


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

    Returns (per-epoch results, seconds). Seeded, so a run repeats on this machine.
    """
    import mxnet as mx
    from mxnet import gluon, init

    from chapter5.engine.loader import fast_loaders
    from chapter5.engine.loop import train
    from chapter5.engine.seeds import seed_everything
    from chapter5.utils import try_gpu
    seed_everything(seed)
    ctx = ctx or try_gpu()
    net.initialize(init.Xavier(), ctx=ctx, force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), optimizer, {'learning_rate': lr})
    train_iter, test_iter = fast_loaders(batch_size, resize, num_train=num_train, num_test=num_test)
    start = time.time()
    results = train(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs,
                    epoch_start=lambda epoch: seed_everything(seed + epoch))
    mx.nd.waitall()
    return results, time.time() - start


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
