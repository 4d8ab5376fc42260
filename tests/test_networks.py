"""5.5-5.12: every network's shape table as printed, forward passes, and learning on real data."""
import contextlib
import io

import mxnet as mx
import numpy as np
import pytest
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import loss as gloss

from chapter5 import MODELS, SECTIONS, get_model, section_module
from chapter5.data import read_fashion_mnist
from chapter5.verify import check_output
from chapter5.verify.expected import EXPECTED

# every section whose printouts do not depend on a fresh process's random state (5.1's learned kernel does)
IN_PROCESS = ['5.2', '5.3', '5.4', '5.5', '5.6', '5.7', '5.8', '5.9', '5.10', '5.11', '5.12']


@pytest.mark.parametrize('section_id', IN_PROCESS)
def test_main_prints_the_documented_tables_in_process(section_id):
    """The same checks as `chapter5 verify`, on main() called in this process (layer names counted
    afresh by its NameManager, whatever ran before)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        section_module(section_id).main()
    results = check_output(section_id, out.getvalue())
    assert [what for what, _, _, ok in results if not ok] == []


def test_every_section_has_documented_checks():
    assert set(EXPECTED) == set(SECTIONS)


INPUT_SIZE = {'lenet': 28, 'lenet_bn_scratch': 28, 'lenet_bn': 28, 'alexnet': 224, 'vgg11': 224,
              'vgg11_small': 224, 'nin': 224, 'googlenet': 96, 'resnet18': 96, 'densenet': 96}


@pytest.mark.parametrize('name', list(MODELS))
def test_forward_at_the_book_input_size(name):
    size = INPUT_SIZE[name]
    assert get_model(name).recipe.resize in (size, None)
    net = MODELS[name]()
    net.initialize(init.Xavier())
    assert net(nd.random.uniform(shape=(2, 1, size, size))).shape == (2, 10)


def test_vgg_block_pools_once_after_its_convolutions():
    from chapter5.vgg import vgg_block
    blk = vgg_block(3, 8)
    kinds = [type(layer).__name__ for layer in blk]
    assert kinds == ['Conv2D', 'Conv2D', 'Conv2D', 'MaxPool2D']
    blk.initialize()
    assert blk(nd.ones((1, 1, 16, 16))).shape == (1, 8, 8, 8)


def test_unknown_model_lists_the_valid_ones():
    with pytest.raises(ValueError, match='unknown model .resnet50.*lenet, alexnet'):
        get_model('resnet50')


# Small inputs for the big networks, so that a few steps take seconds
TRAIN_SIZE = {'alexnet': 96, 'nin': 96, 'vgg11': 32, 'vgg11_small': 32,
              'googlenet': 48, 'resnet18': 48, 'densenet': 48}


@pytest.fixture(scope='module')
def real_batch():
    images, labels = read_fashion_mnist(train=True)
    X = nd.array(images[:32]).transpose((0, 3, 1, 2)).astype('float32') / 255
    return X, nd.array(labels[:32])


@pytest.mark.parametrize('name', list(MODELS))
def test_every_model_learns_on_real_data(name, real_batch):
    """Steps with the book's learning rate on one real batch lower its loss."""
    mx.random.seed(0)
    X, y = real_batch
    size = TRAIN_SIZE.get(name, 28)
    if size != 28:
        X = nd.contrib.BilinearResize2D(X, height=size, width=size)
    net = MODELS[name]()
    net.initialize(init.Xavier())
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': MODELS[name].recipe.lr})
    loss = gloss.SoftmaxCrossEntropyLoss()
    before = None
    for _ in range(25):
        with autograd.record():
            l = loss(net(X), y).mean()
        l.backward()
        trainer.step(1)
        before = l.asscalar() if before is None else before
    after = loss(net(X), y).mean().asscalar()  # prediction mode: no dropout noise
    assert np.isfinite(after) and after < before - 0.01, (before, after)
