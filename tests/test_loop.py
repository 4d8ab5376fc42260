"""chapter5.engine.loop: the engine's loop computes what the book's train_ch5 computes, on one device and on
several, and stops a diverging run within its epoch."""
import re

import mxnet as mx
import numpy as np
import pytest
from mxnet import gluon, init

from chapter5 import MODELS, get_model
from chapter5.data import read_fashion_mnist
from chapter5.engine.loader import InMemoryLoader, fast_loaders
from chapter5.engine.loop import TrainingDiverged, train
from chapter5.engine.seeds import seed_everything


def test_the_engines_loop_computes_what_the_books_train_ch5_computes(capsys):
    """One seeded epoch each, through the book's harness and the engine's loop, on the same batches
    (no shuffling): the same loss and accuracies; LeNet has neither dropout nor batch norm."""
    from chapter5.utils import train_ch5
    images, labels = read_fashion_mnist()
    results = []
    for run in (train_ch5, train):
        mx.random.seed(4)
        net = MODELS['lenet']()
        net.initialize(init.Xavier())
        trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.9})
        data = InMemoryLoader(images[:2560], labels[:2560], 256, shuffle=False)
        results.append(run(net, data, data, 256, trainer, mx.cpu(), 2))
    book, engine = results
    for a, b in zip(book, engine):
        assert a.epoch == b.epoch
        np.testing.assert_allclose([a.loss, a.train_acc, a.test_acc], [b.loss, b.train_acc, b.test_acc],
                                   rtol=1e-5)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == lines[3] == 'training on cpu(0)'
    assert [re.sub(r'time .*', '', line) for line in lines[1:3]] == \
        [re.sub(r'time .*', '', line) for line in lines[4:6]]


def test_nan_stops_the_loop_within_its_epoch():
    """Diverging at lr 100, the run stops at a sync inside the first epoch, not after all 60 batches."""
    mx.random.seed(0)
    np.random.seed(0)
    net = MODELS['alexnet']()
    net.initialize(init.Xavier())
    trainer = mx.gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 100})
    train_iter, test_iter = fast_loaders(64, resize=96, num_train=64 * 60, num_test=64)
    diverged = r'became (nan|inf) in epoch 1 after (\d+) examples.*lower one'
    with pytest.raises(TrainingDiverged, match=diverged) as info:
        train(net, train_iter, test_iter, 64, trainer, mx.cpu(), 3)
    seen = int(re.search(r'after (\d+) examples', str(info.value)).group(1))
    assert seen < 64 * 60 and seen % (64 * 20) == 0  # at one of the syncs every 20 batches


SHORT = dict(num_train=3072, num_test=512)  # 12 batches of LeNet's 256


def lenet_after_one_epoch(ctx):
    """LeNet (no batch norm: the parts of a batch do not interact) after one epoch on `ctx`."""
    seed_everything(0)
    net = get_model('lenet')()
    net.initialize(init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': 0.9})
    train_iter, test_iter = fast_loaders(256, **SHORT)
    history = train(net, train_iter, test_iter, 256, trainer, ctx, 1, epoch_start=seed_everything)
    first = ctx[0] if isinstance(ctx, list) else ctx
    return [p.data(first).asnumpy() for p in net.collect_params().values()], history[0]  # in order


def test_two_contexts_give_the_one_context_parameters(capsys):
    one, one_result = lenet_after_one_epoch(mx.cpu(0))
    two, two_result = lenet_after_one_epoch([mx.cpu(0), mx.cpu(1)])
    assert [a.shape for a in one] == [a.shape for a in two] and len(one) == 10
    for i, (a, b) in enumerate(zip(one, two)):
        np.testing.assert_allclose(b, a, rtol=1e-4, atol=1e-5, err_msg='parameter %d' % i)
    assert abs(two_result.loss - one_result.loss) < 1e-5 and two_result.test_acc == one_result.test_acc
    assert abs(two_result.train_acc - one_result.train_acc) < 1e-9
    assert 'training on [cpu(0), cpu(1)]' in capsys.readouterr().out
