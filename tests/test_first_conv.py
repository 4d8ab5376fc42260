"""chapter5.engine.first_conv: the unfolded first convolution equals the convolution, forward and backward,
and the training graph unfolds it where it can."""
import mxnet as mx
import numpy as np
import pytest
from conftest import assert_same_forward_backward, forward_backward
from mxnet import init, nd
from mxnet.gluon import nn

from chapter5 import MODELS
from chapter5.engine.batch_norm_twins import ScratchSequential
from chapter5.engine.first_conv import UnfoldedConv


@pytest.mark.parametrize('make, shape', [
    (lambda: nn.Conv2D(6, kernel_size=5, activation='sigmoid'), (8, 1, 28, 28)),  # LeNet's first
    (lambda: nn.Conv2D(4, kernel_size=(3, 2), use_bias=False), (2, 3, 9, 7)),  # channels, no bias
])
def test_unfolded_convolution_equals_the_convolution_forward_and_backward(make, shape):
    """UnfoldedConv (im2col and a 1x1 convolution) computes what Conv2D computes, with the gradients
    of the weights, the bias and the input."""
    mx.random.seed(5)
    conv = make()
    conv.initialize(init.Xavier())
    X = nd.random.uniform(shape=shape)
    X.attach_grad()
    expected, expected_grads = forward_backward(conv, X)
    expected_input_grad = X.grad.asnumpy()
    assert UnfoldedConv.unfolds(conv)
    unfolded = UnfoldedConv(conv)
    unfolded.hybridize()
    assert_same_forward_backward(forward_backward(unfolded, X), (expected, expected_grads), grad_atol=1e-5)
    np.testing.assert_allclose(X.grad.asnumpy(), expected_input_grad, rtol=1e-4, atol=1e-6)
    assert not UnfoldedConv.unfolds(nn.Conv2D(6, kernel_size=3, padding=1))
    assert not UnfoldedConv.unfolds(nn.Conv2D(6, kernel_size=3, strides=2))


@pytest.mark.parametrize('name', ['lenet', 'lenet_bn', 'lenet_bn_scratch', 'alexnet', 'resnet18'])
def test_training_graph_unfolds_the_first_convolution_where_it_can(name):
    """The LeNets' first convolution (stride 1, no padding) trains unfolded; the bigger networks' (a
    stride or padding) and every exported or predicting graph keep MXNet's Convolution."""
    from chapter5.engine.loop import compiled
    from chapter5.engine.twins import predictor
    net = MODELS[name]()
    net.initialize(init.Xavier())
    train_graph = compiled(net)
    first = (train_graph.train_graph._children['0'] if isinstance(train_graph, ScratchSequential)
             else train_graph[0])
    assert isinstance(first, UnfoldedConv) == name.startswith('lenet')
    assert not isinstance(predictor(net)[0], UnfoldedConv)
