"""练习的答案共用的函数：计数参数、短的训练、在子进程里测内存、按随机种子重复训练。"""
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
    """5.1.3节的6x8图像：白色（1），中间四列为黑色（0）。"""
    from mxnet import nd
    X = nd.ones((6, 8))
    X[:, 2:6] = 0
    return X


def count_params(net, *, trainable=True):
    """已初始化的 `net`（做过一次前向计算）的参数个数。

    `trainable=True` 只数训练器会更新的参数（grad_req != 'null'）：不数批量归一化的移动平均均值和方差。"""
    total = 0
    for p in net.collect_params().values():
        if trainable and p.grad_req == 'null':
            continue
        total += int(np.prod(p.shape))
    return total


def initialised(net, size=224, channels=1):
    """对一张 channels x size x size 的图像做一次前向计算来初始化 `net`（推断各层形状），返回 `net`。"""
    from mxnet import nd
    net.initialize()
    net(nd.zeros((1, channels, size, size)))
    return net


def train_net(net, *, lr, num_epochs, batch_size=256, resize=None, num_train=None, num_test=None,
              optimizer='sgd', seed=0, ctx=None):
    """用本项目引擎的快速路径在Fashion-MNIST上训练 `net`（Xavier初始化）。

    返回（每个迭代周期的结果，训练和测试用的秒数）。固定了随机种子，所以在同一台机器上可以重复。
    暂停（tools/pause.sh stop，SIGTSTP）的时间不计入秒数（PauseClock）。"""
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


SEEDS = (0, 1, 2)  # 答案比较的每一组用的随机种子（至少 verdicts.MIN_SEEDS 个）
CHANCE = 0.1  # 发散的运行按这个测试准确率计：在10类中随机猜测


def trained(build, *, seed=0, **budget):
    """`build()` 的一次训练（用 `budget` 调用 train_net）；记录答案时，这次运行会保存下来（runs.kept）。
    返回 {'loss', 'train_acc', 'test_acc': 每个迭代周期一个值, 'seconds', 'diverged'}。"""
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
    """每个随机种子调用一次 `trained`：返回运行的列表。"""
    return [trained(build, seed=seed, **budget) for seed in seeds]


def finals(runs, what='test_acc', epoch=-1):
    """每次运行在第 `epoch` 个迭代周期（默认最后一个）的 `what`；发散的运行的测试准确率按 CHANCE 计。"""
    return [CHANCE if run['diverged'] else run[what][epoch] for run in runs]


BOOK_RUNS = os.path.join(RESULTS, 'book')  # 本项目记录的书中配方（results/README.md）


def where_it_learns(model, root=BOOK_RUNS):
    """关于 `model` 在本机什么预算下学会的一句话（中文）：
    本项目记录的书中配方（results/book/MODEL/log.jsonl）里测试准确率第一次达到 verdicts.LEARNED
    的迭代周期，以及到那时训练的分钟数。"""
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
    """`net` 的训练速度（每秒图像数）：在随机图像上做SGD，先热身一步再计时。"""
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
    """在一个新的Python进程里用 `kwargs` 调用chapter5的 `function`（'模块:名字'）。

    返回（它的可以转成JSON的结果，子进程的峰值常驻内存，单位MiB）：一个计算需要的内存，
    不包括本进程的其他部分。子进程从 /proc/self/status 读它的峰值（VmHWM，exec 时清零）：fork
    出的子进程的 rusage 会把父进程在 fork那一刻的内存页也算进去。"""
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
    """gluoncv模型库中未训练的网络：5.7、5.11和5.12节答案的对照（oracle）。

    gluoncv 0.10.5 在导入时检查torch的版本，torch >= 2.0 时抛出RuntimeError（`make bench`
    会在MXNet旁边安装torch来做对比）；这里只用gluoncv的MXNet模型，所以这一次导入时把torch藏起来。"""
    saved = sys.modules.get('torch')
    sys.modules['torch'] = None  # `import torch` 会抛出gluoncv能接受的ImportError
    try:
        from gluoncv.model_zoo import get_model
    finally:
        if saved is None:
            del sys.modules['torch']
        else:
            sys.modules['torch'] = saved
    return get_model(name, pretrained=False, **kwargs)


def table(header, rows):
    """一个Markdown表格：`header` 是列名的列表，`rows` 是各行单元格的列表（末尾没有换行）。"""
    from chapter5.engine.tables import markdown_table
    return markdown_table(header, rows).rstrip('\n')
