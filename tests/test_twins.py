"""chapter5.engine.twins: each twin equal to the notes' block, forward and backward; every network's
twin shares its parameters, outputs and gradients, and initialises in the notes' order."""
import mxnet as mx
import numpy as np
import pytest
from conftest import assert_same_forward_backward, forward_backward
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import nn

from chapter5 import MODELS
from chapter5.densenet import DenseBlock
from chapter5.engine import loop
from chapter5.engine.batch_norm_twins import ScratchSequential
from chapter5.engine.twins import HybridDenseBlock, HybridInception, HybridResidual, twin
from chapter5.googlenet import Inception
from chapter5.resnet import Residual


@pytest.mark.parametrize('make, twin_kind, shape', [
    (lambda: Residual(3), HybridResidual, (4, 3, 6, 6)),
    (lambda: Residual(6, use_1x1conv=True, strides=2), HybridResidual, (4, 3, 6, 6)),
    (lambda: Inception(8, (4, 8), (2, 4), 4), HybridInception, (2, 5, 7, 7)),
    (lambda: DenseBlock(2, 10), HybridDenseBlock, (4, 3, 8, 8)),
])
@pytest.mark.parametrize('hybridize', [False, True])
def test_each_twin_equals_the_notes_block_forward_and_backward(make, twin_kind, shape, hybridize):
    mx.random.seed(2)
    block = make()
    assert type(block).__bases__ == (nn.Block,)  # the notes' base class, with forward
    block.initialize(init.Xavier())
    X = nd.random.uniform(shape=shape)
    expected, expected_grads = forward_backward(block, X)
    copy = twin(block)
    assert isinstance(copy, twin_kind) and isinstance(copy, nn.HybridBlock)
    assert set(copy.collect_params().values()) == set(block.collect_params().values())
    if hybridize:
        copy.hybridize()
    assert_same_forward_backward(forward_backward(copy, X), (expected, expected_grads), grad_atol=1e-6)


def test_the_residual_twins_relu_is_the_notes_relu_to_the_bit():
    """The twin swaps `relu` for oneDNN's `Activation` (faster, docs/engine.md): the same function,
    so a Residual's outputs and every gradient agree exactly, not within a tolerance."""
    mx.random.seed(3)
    block = Residual(8, use_1x1conv=True, strides=2)
    block.initialize(init.Xavier())
    X = nd.random.normal(shape=(4, 3, 10, 10))  # about half the inputs of each ReLU below zero
    expected, expected_grads = forward_backward(block, X)
    copy = twin(block)
    copy.hybridize()
    got, grads = forward_backward(copy, X)
    np.testing.assert_array_equal(got, expected)
    for name in grads:
        np.testing.assert_array_equal(grads[name], expected_grads[name], err_msg=name)


@pytest.mark.parametrize('name', list(MODELS))
def test_every_network_twin_shares_parameters_outputs_and_gradients(name):
    size = {'alexnet': 96, 'nin': 96, 'vgg11': 32, 'vgg11_small': 32, 'densenet': 48}.get(name, 28)
    mx.random.seed(1)
    net = MODELS[name]()
    net.initialize(init.Xavier())
    X = nd.random.uniform(shape=(4, 1, size, size))
    with autograd.predict_mode():  # dropout off, so the two passes see the same network
        expected = net(X).asnumpy()
    copy = twin(net)
    copy.hybridize()
    assert set(copy.collect_params().values()) == set(net.collect_params().values())
    with autograd.predict_mode():
        np.testing.assert_allclose(copy(X).asnumpy(), expected, rtol=1e-4, atol=1e-5)
    # every network is one graph; the one whose from-scratch BatchNorm keeps Python state is two
    # (training, prediction), the moving statistics passed through
    assert isinstance(copy, ScratchSequential if name == 'lenet_bn_scratch' else gluon.nn.HybridSequential)


class Numbering(init.Initializer):
    """Fills each weight it initialises with the number of weights initialised before (Gluon may
    copy the initializer, so the count lives in the class)."""
    count = [0]

    def _init_weight(self, name, arr):
        arr[:] = Numbering.count[0]
        Numbering.count[0] += 1


@pytest.mark.parametrize('name', ['resnet18', 'googlenet', 'densenet', 'lenet_bn_scratch'])
def test_the_twin_initialises_in_the_notes_order(name):
    """The compiled twin draws the initial parameters in the order the notes' network does, so a seed
    gives both the same start. (Compared by order, not by drawing twice: a second seeded
    initialisation of a network in one process now and then differs in a large array under MXNet's
    threaded engine, twin or not; docs/engine.md.)"""
    starts = []
    for compiled in (False, True):
        Numbering.count[0] = 0
        net = MODELS[name]()
        net.initialize(Numbering())
        (loop.compiled(net) if compiled else net)(nd.ones((1, 1, 96, 96)))  # deferred init draws here
        starts.append([(k, p.data().asnumpy()) for k, p in net.collect_params().items()
                       if not k.endswith(('running_mean', 'running_var'))])
    assert len(starts[0]) == len(starts[1]) > 10
    for (key, first), (_, second) in zip(*starts):
        np.testing.assert_array_equal(first, second, err_msg=key)
