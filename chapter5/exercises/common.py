"""What the exercises share: counting parameters, short training runs, memory in a child process."""
import json
import os
import subprocess
import sys
import time

import numpy as np


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


def train_net(net, *, lr, num_epochs, batch_size=256, resize=None, num_train=None, num_test=None,
              optimizer='sgd', seed=0, ctx=None):
    """Train `net` (Xavier initialised) on Fashion-MNIST through the fast path of train_ch5.

    Returns (per-epoch results, seconds). Seeded, so a run repeats on this machine.
    """
    import mxnet as mx
    from mxnet import gluon, init

    from chapter5.reproduce import seed_everything
    from chapter5.utils import load_data_fashion_mnist, train_ch5, try_gpu
    seed_everything(seed)
    ctx = ctx or try_gpu()
    net.initialize(init.Xavier(), ctx=ctx, force_reinit=True)
    trainer = gluon.Trainer(net.collect_params(), optimizer, {'learning_rate': lr})
    train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=resize, num_train=num_train,
                                                    num_test=num_test, fast=True)
    start = time.time()
    results = train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs, fast=True,
                        epoch_start=lambda epoch: seed_everything(seed + epoch))
    mx.nd.waitall()
    return results, time.time() - start


def in_child(function, **kwargs):
    """Call chapter5 `function` ('module:name') with `kwargs` in a fresh Python process.

    Returns (its JSON-able result, the child's peak resident memory in MiB): the
    memory a computation needs, measured without the rest of this process.
    """
    module, name = function.split(':')
    code = ('import json, sys, importlib; f = getattr(importlib.import_module(%r), %r); '
            'print(json.dumps(f(**json.loads(sys.argv[1]))))' % (module, name))
    proc = subprocess.Popen([sys.executable, '-c', code, json.dumps(kwargs)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait4 gives this child's own resource usage: ru_maxrss is its peak RSS in KiB
    _, status, usage = os.wait4(proc.pid, 0)
    out, err = proc.stdout.read(), proc.stderr.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError('%s(%s) failed in its child process:\n%s' % (function, kwargs, err[-3000:]))
    return json.loads(out.strip().splitlines()[-1]), usage.ru_maxrss / 1024


def table(header, rows):
    """A Markdown table: `header` a list of column names, `rows` lists of cells."""
    lines = ['| ' + ' | '.join(header) + ' |', '|' + '---|' * len(header)]
    lines += ['| ' + ' | '.join(str(c) for c in row) + ' |' for row in rows]
    return '\n'.join(lines)
