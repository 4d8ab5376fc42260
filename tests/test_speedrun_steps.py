"""chapter5.speedrun.steps: the smoothed loss against Gluon's own loss and the formula; the
flip-averaged accuracy against the same computed by hand."""
import numpy as np
from mxnet import init, nd
from mxnet.gluon import loss as gloss
from mxnet.gluon import nn

from chapter5.data import read_fashion_mnist
from chapter5.speedrun.steps import SmoothedStep, accuracy


def small_net():
    net = nn.HybridSequential()
    net.add(nn.Conv2D(4, 3, activation='relu'), nn.GlobalAvgPool2D(), nn.Dense(10))
    net.initialize(init.Xavier())
    return net


def batch(n=32):
    X, y = read_fashion_mnist(train=False)
    return nd.array(X[:n].transpose(0, 3, 1, 2), dtype='float32') / 255, nd.array(y[:n], dtype='int32')


def test_without_smoothing_the_step_is_the_books_loss_and_count():
    net, (X, y) = small_net(), batch()
    l, right = SmoothedStep(net, 0.0)(X, y)
    y_hat = net(X)
    assert np.isclose(l.asscalar(), gloss.SoftmaxCrossEntropyLoss()(y_hat, y).sum().asscalar(), rtol=1e-5)
    assert right.asscalar() == (y_hat.argmax(axis=1) == y.astype('float32')).sum().asscalar()


def test_smoothing_weighs_every_class_as_the_formula_says():
    net, (X, y) = small_net(), batch()
    step = SmoothedStep(net, 0.1)
    step.hybridize()
    l, _ = step(X, y)
    log_p = nd.log_softmax(net(X)).asnumpy()
    labels = y.asnumpy()
    expected = -(0.9 * log_p[np.arange(len(labels)), labels] + 0.1 / 10 * log_p.sum(axis=1)).sum()
    assert np.isclose(l.asscalar(), expected, rtol=1e-5)


def test_the_flip_averages_each_images_probabilities_with_its_mirrors():
    net, (X, y) = small_net(), batch(100)
    both = (net(X).softmax() + net(X.flip(axis=3)).softmax()).argmax(axis=1).asnumpy()
    plain = net(X).argmax(axis=1).asnumpy()
    pairs = [(X[i:i + 25], y[i:i + 25]) for i in range(0, 100, 25)]
    from mxnet import cpu
    assert accuracy(net, pairs, True, cpu()) == ((both == y.asnumpy()).mean(), 100)
    assert accuracy(net, pairs, False, cpu()) == ((plain == y.asnumpy()).mean(), 100)
