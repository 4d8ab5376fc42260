"""benchmarks/torch_models.py: the PyTorch networks of the speed comparison are chapter5's, layer for layer.

With Gluon's initialised weights copied in, in order (each shape checked on the way), every PyTorch
network computes the Gluon network's outputs on real test images, in prediction mode and, for the
networks without dropout, in training mode (batch statistics). torch's CPU build is installed by
make test on Python 3.11 (the project's machines hold it for 3.11; elsewhere PyPI would bring a CUDA
build of several GB) and by make bench on any Python; without it this module is skipped, saying so.
"""
import os
import sys

import numpy as np
import pytest
from mxnet import autograd, init, nd

from chapter5 import MODELS
from chapter5.data import read_fashion_mnist
from chapter5.exercises.common import count_params

torch = pytest.importorskip('torch', reason='torch is not installed: make bench installs it (make test '
                                            'only on Python 3.11, where the CPU build is at hand)')

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'benchmarks'))
import torch_models  # noqa: E402

DROPOUT = {'alexnet', 'vgg11', 'vgg11_small', 'nin'}


def images(name, n=4):
    """The first `n` Fashion-MNIST test images at the model's recipe size, as float32 NCHW in [0, 1]."""
    X = read_fashion_mnist(train=False)[0][:n]
    size = MODELS[name].recipe.resize
    X = nd.array(X, dtype='uint8')
    if size:
        X = nd.image.resize(X, size=size)
    return nd.image.to_tensor(X).asnumpy()


def gluon_and_torch(name, X):
    """The Gluon network (Xavier, shapes inferred from X) and the PyTorch one holding its weights."""
    net = MODELS[name]()
    net.initialize(init.Xavier())
    net(nd.array(X))
    theirs = torch_models.build(name)
    mine = [p for p in net.collect_params().values() if p.grad_req != 'null']
    params = list(theirs.parameters())
    assert [tuple(p.shape) for p in mine] == [tuple(q.shape) for q in params]
    with torch.no_grad():
        for p, q in zip(mine, params):
            q.copy_(torch.from_numpy(p.data().asnumpy()))
    return net, theirs


@pytest.mark.parametrize('name', list(MODELS))
def test_torch_network_equals_gluon(name):
    torch.set_num_threads(1)  # the suite's workers take a core each
    X = images(name)
    net, theirs = gluon_and_torch(name, X)
    assert count_params(net) == sum(p.numel() for p in theirs.parameters())
    theirs.eval()
    with torch.no_grad():
        expected = theirs(torch.from_numpy(X)).numpy()
    got = net(nd.array(X)).asnumpy()
    assert got.shape == (len(X), 10)
    np.testing.assert_allclose(expected, got, rtol=1e-3, atol=1e-4)
    if name in DROPOUT:
        return
    theirs.train()
    with torch.no_grad():
        expected = theirs(torch.from_numpy(X)).numpy()
    with autograd.train_mode():
        got = net(nd.array(X)).asnumpy()
    np.testing.assert_allclose(expected, got, rtol=1e-3, atol=1e-4)


def test_unknown_model_named():
    with pytest.raises(ValueError, match='no PyTorch version of .resnet50.*lenet'):
        torch_models.build('resnet50')
