"""The book's shared harness (d2lzh 1.0.0, chapter 5), offline.

`try_gpu`, `evaluate_accuracy`, `train_ch5` and `load_data_fashion_mnist` keep
the book's names, signatures, semantics and printed lines.
"""
import math
import sys
import time
from collections import namedtuple

import mxnet as mx
from mxnet import autograd, gluon, init, nd
from mxnet.gluon import data as gdata
from mxnet.gluon import loss as gloss

from chapter5.data import read_fashion_mnist

# A training recipe of the book (5 epochs of SGD, Xavier init) and, where the
# book documents one, its epoch-5 result (loss, train acc, test acc).
Recipe = namedtuple('Recipe', 'lr batch_size resize num_epochs book')
BookResult = namedtuple('BookResult', 'loss train_acc test_acc')


EpochResult = namedtuple('EpochResult', 'epoch loss train_acc test_acc seconds')


class TrainingDiverged(ArithmeticError):
    """The training loss became NaN or infinite."""


def try_gpu():
    """gpu(0) if an NDArray can be made there, else cpu(0) (5.5)."""
    try:
        ctx = mx.gpu()
        _ = nd.zeros((1,), ctx=ctx)
    except mx.base.MXNetError:
        ctx = mx.cpu()
    return ctx


def evaluate_accuracy(data_iter, net, ctx):
    """Classification accuracy of `net` on `data_iter`, computed on `ctx` (5.5)."""
    acc_sum, n = nd.array([0], ctx=ctx), 0
    for X, y in data_iter:
        X, y = X.as_in_context(ctx), y.as_in_context(ctx).astype('float32')
        acc_sum += (net(X).argmax(axis=1) == y).sum()
        n += y.size
    return acc_sum.asscalar() / n


def train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx, num_epochs):
    """Train and evaluate `net`, one line per epoch as the book prints it (5.5).

    Returns the epochs' results (the book returns nothing). Stops with
    `TrainingDiverged` as soon as the loss is NaN or infinite.
    """
    print('training on', ctx)
    history = []
    loss = gloss.SoftmaxCrossEntropyLoss()
    for epoch in range(num_epochs):
        train_l_sum, train_acc_sum, n, start = 0.0, 0.0, 0, time.time()
        for X, y in train_iter:
            X, y = X.as_in_context(ctx), y.as_in_context(ctx)
            with autograd.record():
                y_hat = net(X)
                l = loss(y_hat, y).sum()
            l.backward()
            trainer.step(batch_size)
            y = y.astype('float32')
            train_l_sum += l.asscalar()
            if not math.isfinite(train_l_sum):
                raise TrainingDiverged(
                    'the training loss became %s in epoch %d after %d examples; '
                    'the learning rate (%g) is probably too high: try a lower one'
                    % (train_l_sum, epoch + 1, n + y.size, trainer.learning_rate))
            train_acc_sum += (y_hat.argmax(axis=1) == y).sum().asscalar()
            n += y.size
        test_acc = evaluate_accuracy(test_iter, net, ctx)
        result = EpochResult(epoch + 1, train_l_sum / n, train_acc_sum / n, test_acc,
                             time.time() - start)
        print('epoch %d, loss %.4f, train acc %.3f, test acc %.3f, time %.1f sec' % result)
        history.append(result)
    return history


def print_layer_shapes(net, X):
    """Feed X through the layers of `net` one by one, printing each output's shape (5.5)."""
    for layer in net:
        X = layer(X)
        print(layer.name, 'output shape:\t', X.shape)
    return X


class FashionMNIST(gdata.Dataset):
    """Fashion-MNIST as gluon's `vision.FashionMNIST` gives it, read offline.

    Items are (uint8 NDArray of shape (28, 28, 1), int32 label). `root=None`
    looks in the book's ~/.mxnet/datasets/fashion-mnist, then in Debian's
    /usr/share/datasets/fashion-mnist; a given root is the only place looked.
    """

    def __init__(self, root=None, train=True):
        images, labels = read_fashion_mnist(root, train)
        self._data = nd.array(images, dtype=images.dtype)
        self._label = labels

    def __getitem__(self, idx):
        return self._data[idx], self._label[idx]

    def __len__(self):
        return len(self._label)


def load_data_fashion_mnist(batch_size, resize=None, root=None):
    """Fashion-MNIST as (train_iter, test_iter) DataLoaders, as in the book (5.6).

    Resize (when asked) then ToTensor; the training set is shuffled. Nothing
    is downloaded: a missing or damaged file raises `chapter5.data.DataError`.
    """
    transformer = []
    if resize:
        transformer += [gdata.vision.transforms.Resize(resize)]
    transformer += [gdata.vision.transforms.ToTensor()]
    transformer = gdata.vision.transforms.Compose(transformer)
    mnist_train = FashionMNIST(root=root, train=True)
    mnist_test = FashionMNIST(root=root, train=False)
    num_workers = 0 if sys.platform.startswith('win32') else 4
    train_iter = gdata.DataLoader(mnist_train.transform_first(transformer),
                                  batch_size, shuffle=True, num_workers=num_workers)
    test_iter = gdata.DataLoader(mnist_test.transform_first(transformer),
                                 batch_size, shuffle=False, num_workers=num_workers)
    return train_iter, test_iter


def train_recipe(name, *, num_epochs=None, lr=None, batch_size=None, resize=None, ctx=None,
                 root=None):
    """Train the model `name` of `chapter5.MODELS` with the book's recipe.

    Any keyword given replaces that part of the recipe (`resize=0` for none).
    Returns train_ch5's per-epoch results.
    """
    from chapter5 import get_model
    builder = get_model(name)
    recipe = builder.recipe
    lr = recipe.lr if lr is None else lr
    batch_size = batch_size or recipe.batch_size
    resize = recipe.resize if resize is None else resize
    ctx = ctx or try_gpu()
    net = builder()
    net.initialize(init.Xavier(), ctx=ctx)
    trainer = gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})
    train_iter, test_iter = load_data_fashion_mnist(batch_size, resize=resize, root=root)
    return train_ch5(net, train_iter, test_iter, batch_size, trainer, ctx,
                     num_epochs or recipe.num_epochs)
